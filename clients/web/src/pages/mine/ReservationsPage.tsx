// Placeholder until this page is built.
import { PageTitle } from '../../components/ui';

export function ReservationsPage() {
  return (
    <section>
      <PageTitle>ReservationsPage</PageTitle>
      {null}
    </section>
  );
}

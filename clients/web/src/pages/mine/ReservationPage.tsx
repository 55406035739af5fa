// Placeholder until this page is built.
import { PageTitle } from '../../components/ui';

export function ReservationPage({ reservationId }: { reservationId: string }) {
  return (
    <section>
      <PageTitle>ReservationPage</PageTitle>
      {<p>{reservationId}</p>}
    </section>
  );
}

// Placeholder until this page is built.
import { PageTitle } from '../../components/ui';

export function CalendarsPage() {
  return (
    <section>
      <PageTitle>CalendarsPage</PageTitle>
      {null}
    </section>
  );
}

// Placeholder until this page is built.
import { PageTitle } from '../../components/ui';

export function DashboardPage() {
  return (
    <section>
      <PageTitle>DashboardPage</PageTitle>
      {null}
    </section>
  );
}

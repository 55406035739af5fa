// Placeholder until this page is built.
import { PageTitle } from '../../components/ui';

export function ImportPage() {
  return (
    <section>
      <PageTitle>ImportPage</PageTitle>
      {null}
    </section>
  );
}

// Placeholder until this page is built.
import { PageTitle } from '../../components/ui';

export function CataloguePage() {
  return (
    <section>
      <PageTitle>CataloguePage</PageTitle>
      {null}
    </section>
  );
}

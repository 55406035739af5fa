// Placeholder until this page is built.
import { PageTitle } from '../../components/ui';

export function BasketPage() {
  return (
    <section>
      <PageTitle>BasketPage</PageTitle>
      {null}
    </section>
  );
}

// Placeholder until this page is built.
import { PageTitle } from '../../components/ui';

export function OwnerListingsPage() {
  return (
    <section>
      <PageTitle>OwnerListingsPage</PageTitle>
      {null}
    </section>
  );
}

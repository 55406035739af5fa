// Placeholder until this page is built.
import { PageTitle } from '../../components/ui';

export function OwnerListingPage({ listingId }: { listingId: string }) {
  return (
    <section>
      <PageTitle>OwnerListingPage</PageTitle>
      {<p>{listingId}</p>}
    </section>
  );
}

// Placeholder until this page is built.
import { PageTitle } from '../../components/ui';

export function ListingPage({ listingId }: { listingId: string }) {
  return (
    <section>
      <PageTitle>ListingPage</PageTitle>
      {<p>{listingId}</p>}
    </section>
  );
}

// Placeholder until this page is built.
import { PageTitle } from '../../components/ui';

export function BookPage({ listingId }: { listingId: string }) {
  return (
    <section>
      <PageTitle>BookPage</PageTitle>
      {<p>{listingId}</p>}
    </section>
  );
}

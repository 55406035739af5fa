// Placeholder until this page is built.
import { PageTitle } from '../../components/ui';

export function InboxPage() {
  return (
    <section>
      <PageTitle>InboxPage</PageTitle>
      {null}
    </section>
  );
}

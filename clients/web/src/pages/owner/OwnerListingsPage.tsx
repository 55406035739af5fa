// "Our listings": everything the acting organisation offers, in every state, with links to edit,
// to create a new listing and to import many from a spreadsheet.
import { useState } from 'react';
import { firstPages } from '../../api';
import { ErrorNote, Loading, PageTitle, errorText, useLoad } from '../../components/ui';
import { defineMessages, useFormat, useT } from '../../i18n';
import { href } from '../../router';
import { useSession } from '../../session';
import { StatusBadge, useLabels, useTitle, type Listing, type Site } from './listingShared';
import './owner-listings.css';

const messages = defineMessages({
  en: {
    title: 'Our listings',
    intro: 'Equipment, rooms and e-learning your organisation shares. Drafts are only visible to you until you publish them.',
    newListing: 'New listing',
    import: 'Import from CSV',
    sites: 'Our sites',
    filter: 'Show',
    all: 'All states',
    listing: 'Listing',
    status: 'State',
    category: 'Category',
    units: 'Units × learners',
    site: 'Site',
    terms: 'Terms',
    updated: 'Last changed',
    noSite: 'No site yet',
    noTerms: 'None yet',
    termsVersion: 'version {v}',
    edit: 'Edit',
    editNamed: 'Edit {title}',
    empty: 'Your organisation has no listings yet. Create one, or import several from a CSV file.',
    emptyFiltered: 'No listings in this state.',
    more: 'Show more',
    count: '{n} listings shown',
    notAdmin: 'Only administrators of an organisation can manage its listings. You act for an organisation in which you are not an administrator.',
    unitsValue: '{units} × {capacity}',
    mobile: 'comes to you',
  },
  nl: {
    title: 'Ons aanbod',
    intro: 'Apparatuur, ruimtes en e-learning die uw organisatie deelt. Concepten ziet alleen u, tot u ze publiceert.',
    newListing: 'Nieuw aanbod',
    import: 'Importeren uit CSV',
    sites: 'Onze locaties',
    filter: 'Toon',
    all: 'Alle statussen',
    listing: 'Aanbod',
    status: 'Status',
    category: 'Categorie',
    units: 'Eenheden × deelnemers',
    site: 'Locatie',
    terms: 'Voorwaarden',
    updated: 'Laatst gewijzigd',
    noSite: 'Nog geen locatie',
    noTerms: 'Nog geen',
    termsVersion: 'versie {v}',
    edit: 'Bewerken',
    editNamed: '{title} bewerken',
    empty: 'Uw organisatie heeft nog geen aanbod. Maak er een aan of importeer er meerdere uit een CSV-bestand.',
    emptyFiltered: 'Geen aanbod met deze status.',
    more: 'Meer tonen',
    count: '{n} aanbiedingen getoond',
    notAdmin: 'Alleen beheerders van een organisatie kunnen haar aanbod beheren. U handelt namens een organisatie waarin u geen beheerder bent.',
    unitsValue: '{units} × {capacity}',
    mobile: 'komt naar u toe',
  },
});

const STATES = ['LISTING_STATUS_DRAFT', 'LISTING_STATUS_PUBLISHED', 'LISTING_STATUS_RETIRED'];

export function OwnerListingsPage() {
  const t = useT(messages);
  const label = useLabels();
  const title = useTitle();
  const fmt = useFormat();
  const { session, api, orgAdmin: isAdmin } = useSession();
  const org = session?.organizationId ?? '';
  const [status, setStatus] = useState('');
  const [pages, setPages] = useState(1);

  const sites = useLoad(
    () => api.get<{ sites?: Site[] }>('/v1/sites', { ownerOrganizationId: org, pageSize: 200 }).then((r) => r.sites ?? []),
    [org],
  );
  // Pages are fetched one after another with the server's page tokens; "show more" asks one more.
  const listings = useLoad(
    () => firstPages<Listing>(api, '/v1/listings', 'listings', { ownerOrganizationId: org, status: status || undefined, pageSize: 100 }, pages),
    [org, status, pages],
  );

  const siteName = (id: string) => sites.data?.find((s) => s.id === id)?.name ?? id;
  const rows = listings.data?.all ?? [];

  return (
    <section className="owner-page">
      <PageTitle>{t('title')}</PageTitle>
      <p className="muted">{t('intro')}</p>
      {!isAdmin && <p className="notice">{t('notAdmin')}</p>}
      <div className="row owner-toolbar">
        <a className="button" href={href('/owner/listings/new')}>
          {t('newListing')}
        </a>
        <a className="button secondary" href={href('/owner/import')}>
          {t('import')}
        </a>
        <a className="button secondary" href={href('/owner/sites')}>
          {t('sites')}
        </a>
        <label className="owner-filter">
          <span>{t('filter')}</span>
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setPages(1);
            }}
          >
            <option value="">{t('all')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </label>
      </div>

      {listings.error !== undefined && <ErrorNote errors={[errorText(listings.error)]} onRetry={listings.reload} />}
      {listings.loading && !listings.data && <Loading />}
      {listings.data && rows.length === 0 && <p className="notice">{status ? t('emptyFiltered') : t('empty')}</p>}
      {rows.length > 0 && (
        <table className="owner-table">
          <caption className="visually-hidden">{t('title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('listing')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('category')}</th>
              <th scope="col">{t('units')}</th>
              <th scope="col">{t('site')}</th>
              <th scope="col">{t('terms')}</th>
              <th scope="col">{t('updated')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((l) => (
              <tr key={l.id}>
                <th scope="row">
                  <a href={href(`/owner/listings/${encodeURIComponent(l.id)}`)} aria-label={t('editNamed', { title: title(l) })}>
                    {title(l)}
                  </a>
                </th>
                <td data-label={t('status')}>
                  <StatusBadge status={l.status} />
                </td>
                <td data-label={t('category')}>
                  {label(l.category)}
                  {l.mobile && <span className="muted"> · {t('mobile')}</span>}
                </td>
                <td data-label={t('units')}>{t('unitsValue', { units: l.unitCount, capacity: l.capacityPerUnit })}</td>
                <td data-label={t('site')}>{l.siteId ? siteName(l.siteId) : <span className="muted">{t('noSite')}</span>}</td>
                <td data-label={t('terms')}>
                  {l.termsVersion ? t('termsVersion', { v: l.termsVersion }) : <span className="badge warn">{t('noTerms')}</span>}
                </td>
                <td data-label={t('updated')}>{fmt.date(l.updateTime)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length > 0 && (
        <p className="muted" aria-live="polite">
          {t('count', { n: rows.length })}
        </p>
      )}
      {listings.loading && listings.data && <Loading />}
      {listings.data?.next && !listings.loading && (
        <button type="button" className="secondary" onClick={() => setPages((p) => p + 1)}>
          {t('more')}
        </button>
      )}
    </section>
  );
}

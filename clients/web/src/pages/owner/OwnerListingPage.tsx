// One of our listings: its description, its sharing terms, publishing and retiring, closures of
// its site and damaged units. With id "new" it creates a draft first.
import { useState } from 'react';
import { ApiError } from '../../api';
import { ErrorNote, Loading, PageTitle, errorText, useAction, useLoad } from '../../components/ui';
import { defineMessages, useFormat, useT } from '../../i18n';
import { href, navigate, useRoute } from '../../router';
import { useSession } from '../../session';
import { ClosuresSection } from './listingClosures';
import { ListingDetailsForm } from './listingDetails';
import { ConfirmButton, StatusBadge, useLabels, useTitle, type Listing, type Site } from './listingShared';
import { TermsSection } from './listingTerms';
import { DamagedUnits } from './listingUnits';
import './owner-listings.css';

const messages = defineMessages({
  en: {
    newTitle: 'New listing',
    newIntro: 'Describe what you share. It is saved as a draft: only your organisation sees it until you add terms and publish it.',
    back: 'Our listings',
    created: 'Draft created. Next: set the sharing terms below, then publish.',
    notFound: 'This listing does not exist, or your organisation may not see it.',
    notOurs: 'This listing belongs to another organisation ({owner}); only its administrators can change it.',
    contents: 'On this page',
    details: 'Description',
    terms: 'Sharing terms',
    publishing: 'Publishing',
    closures: 'Closures',
    units: 'Damaged units',
    publishIntro: 'A published listing appears in the catalogue and can be booked under its terms.',
    ready: 'Ready to publish.',
    missing: 'Before publishing, it still needs:',
    needSite: 'a site (in the description)',
    needTerms: 'sharing terms',
    needMobile: 'the mobile setup details',
    publish: 'Publish',
    publishQuestion: 'Publish this listing? It becomes visible in the catalogue and bookable.',
    publishYes: 'Yes, publish',
    published: 'Published. The listing is now in the catalogue.',
    retire: 'Retire',
    retireIntro: 'Retiring takes the listing out of the catalogue for good; it cannot be published again. Reservations already made keep their terms.',
    retireQuestion: 'Retire this listing for good?',
    retireYes: 'Yes, retire',
    retired: 'The listing is retired.',
    retiredIntro: 'This listing is retired: it is no longer in the catalogue and cannot change.',
    cancel: 'Cancel',
    busy: 'Working…',
    viewPublic: 'View in the catalogue',
    meta: 'Created {created} · last changed {updated}',
    unitsDraft: 'Damage reports are made at check-in of a reservation; a listing that is not published has none.',
  },
  nl: {
    newTitle: 'Nieuw aanbod',
    newIntro: 'Beschrijf wat u deelt. Het wordt als concept bewaard: alleen uw organisatie ziet het tot u voorwaarden toevoegt en het publiceert.',
    back: 'Ons aanbod',
    created: 'Concept aangemaakt. Volgende stap: stel hieronder de voorwaarden in en publiceer.',
    notFound: 'Dit aanbod bestaat niet, of uw organisatie mag het niet zien.',
    notOurs: 'Dit aanbod is van een andere organisatie ({owner}); alleen haar beheerders kunnen het wijzigen.',
    contents: 'Op deze pagina',
    details: 'Beschrijving',
    terms: 'Voorwaarden',
    publishing: 'Publiceren',
    closures: 'Sluitingen',
    units: 'Beschadigde eenheden',
    publishIntro: 'Gepubliceerd aanbod staat in de catalogus en kan onder de voorwaarden gereserveerd worden.',
    ready: 'Klaar om te publiceren.',
    missing: 'Voor publicatie is nog nodig:',
    needSite: 'een locatie (bij de beschrijving)',
    needTerms: 'voorwaarden',
    needMobile: 'de gegevens van de mobiele opstelling',
    publish: 'Publiceren',
    publishQuestion: 'Dit aanbod publiceren? Het wordt zichtbaar in de catalogus en te reserveren.',
    publishYes: 'Ja, publiceren',
    published: 'Gepubliceerd. Het aanbod staat nu in de catalogus.',
    retire: 'Uit gebruik nemen',
    retireIntro: 'Uit gebruik nemen haalt het aanbod definitief uit de catalogus; het kan niet opnieuw gepubliceerd worden. Reserveringen die al gemaakt zijn houden hun voorwaarden.',
    retireQuestion: 'Dit aanbod definitief uit gebruik nemen?',
    retireYes: 'Ja, uit gebruik nemen',
    retired: 'Het aanbod is uit gebruik genomen.',
    retiredIntro: 'Dit aanbod is uit gebruik genomen: het staat niet meer in de catalogus en kan niet meer veranderen.',
    cancel: 'Annuleren',
    busy: 'Bezig…',
    viewPublic: 'Bekijken in de catalogus',
    meta: 'Aangemaakt {created} · laatst gewijzigd {updated}',
    unitsDraft: 'Schade wordt gemeld bij het terugbrengen van een reservering; niet-gepubliceerd aanbod heeft die niet.',
  },
});

export function OwnerListingPage({ listingId }: { listingId: string }) {
  const t = useT(messages);
  const { session, api } = useSession();
  const org = session?.organizationId ?? '';
  const sites = useLoad(
    () => api.get<{ sites?: Site[] }>('/v1/sites', { ownerOrganizationId: org, pageSize: 200 }).then((r) => r.sites ?? []),
    [org],
  );

  if (listingId === 'new') {
    return (
      <section className="owner-page">
        <p>
          <a href={href('/owner/listings')}>← {t('back')}</a>
        </p>
        <PageTitle>{t('newTitle')}</PageTitle>
        <p className="muted">{t('newIntro')}</p>
        {sites.loading && !sites.data && <Loading />}
        {sites.error !== undefined && <ErrorNote errors={[errorText(sites.error)]} onRetry={sites.reload} />}
        {sites.data && (
          <ListingDetailsForm sites={sites.data} onSaved={(l) => navigate(`/owner/listings/${encodeURIComponent(l.id)}`, { created: '1' })} />
        )}
      </section>
    );
  }
  return <ExistingListing listingId={listingId} sites={sites.data ?? []} />;
}

function ExistingListing({ listingId, sites }: { listingId: string; sites: Site[] }) {
  const t = useT(messages);
  const label = useLabels();
  const title = useTitle();
  const fmt = useFormat();
  const route = useRoute();
  const { session, api, platformAdmin } = useSession();
  const loaded = useLoad(() => api.get<Listing>(`/v1/listings/${encodeURIComponent(listingId)}`), [listingId]);
  const [changed, setChanged] = useState<Listing | null>(null);
  const [message, setMessage] = useState('');
  const action = useAction();

  const back = (
    <p>
      <a href={href('/owner/listings')}>← {t('back')}</a>
    </p>
  );
  if (loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error !== undefined && !loaded.data) {
    const missing = loaded.error instanceof ApiError && (loaded.error.httpStatus === 404 || loaded.error.httpStatus === 403);
    return (
      <section className="owner-page">
        {back}
        <ErrorNote errors={[missing ? t('notFound') : errorText(loaded.error)]} onRetry={missing ? undefined : loaded.reload} />
      </section>
    );
  }
  const listing = changed && changed.id === listingId ? changed : loaded.data!;
  const ours = listing.ownerOrganizationId === session?.organizationId || platformAdmin;
  const isDraft = listing.status === 'LISTING_STATUS_DRAFT';
  const isPublished = listing.status === 'LISTING_STATUS_PUBLISHED';
  const isRetired = listing.status === 'LISTING_STATUS_RETIRED';
  const site = listing.site ?? sites.find((s) => s.id === listing.siteId);
  const needs = [
    !listing.siteId && t('needSite'),
    !listing.termsVersion && t('needTerms'),
    listing.category === 'CATEGORY_MOBILE_SETUP' && !listing.mobile && t('needMobile'),
  ].filter(Boolean) as string[];

  const update = (l: Listing) => setChanged({ ...l, site: l.site ?? sites.find((s) => s.id === l.siteId) });

  async function changeStatus(verb: 'publish' | 'retire') {
    setMessage('');
    const result = await action.run(() => api.post<Listing>(`/v1/listings/${encodeURIComponent(listing.id)}:${verb}`, {}));
    if (result) {
      update(result);
      setMessage(verb === 'publish' ? t('published') : t('retired'));
    }
  }

  return (
    <section className="owner-page">
      {back}
      <div className="owner-head">
        <PageTitle>{title(listing)}</PageTitle>
        <StatusBadge status={listing.status} />
      </div>
      <p className="muted">
        {label(listing.category)} · {t('meta', { created: fmt.date(listing.createTime), updated: fmt.dateTime(listing.updateTime) })}
        {isPublished && (
          <>
            {' · '}
            <a href={href(`/listings/${encodeURIComponent(listing.id)}`)}>{t('viewPublic')}</a>
          </>
        )}
      </p>
      {route.query.get('created') && isDraft && !message && <p className="notice">{t('created')}</p>}
      {!ours && <p className="notice owner-warn">{t('notOurs', { owner: (listing as any).ownerName || listing.ownerOrganizationId })}</p>}

      <nav aria-label={t('contents')} className="owner-toc">
        <ul>
          <li>
            <a href="#owner-publishing" onClick={(e) => jump(e, 'owner-publishing')}>{t('publishing')}</a>
          </li>
          <li>
            <a href="#details-heading" onClick={(e) => jump(e, 'details-heading')}>{t('details')}</a>
          </li>
          <li>
            <a href="#owner-terms" onClick={(e) => jump(e, 'owner-terms')}>{t('terms')}</a>
          </li>
          <li>
            <a href="#owner-closures" onClick={(e) => jump(e, 'owner-closures')}>{t('closures')}</a>
          </li>
          <li>
            <a href="#owner-units" onClick={(e) => jump(e, 'owner-units')}>{t('units')}</a>
          </li>
        </ul>
      </nav>

      <section aria-labelledby="owner-publishing" className="card owner-section">
        <h2 id="owner-publishing" tabIndex={-1}>
          {t('publishing')}
        </h2>
        {isRetired && <p>{t('retiredIntro')}</p>}
        {isDraft && (
          <>
            <p>{t('publishIntro')}</p>
            {needs.length ? (
              <div className="notice owner-warn">
                {t('missing')}
                <ul>
                  {needs.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              </div>
            ) : (
              <p className="notice">{t('ready')}</p>
            )}
          </>
        )}
        {!isRetired && <p className="hint">{t('retireIntro')}</p>}
        {ours && !isRetired && (
          <div className="row owner-actions">
            {isDraft && (
              <ConfirmButton
                label={t('publish')}
                question={t('publishQuestion')}
                yes={t('publishYes')}
                no={t('cancel')}
                disabled={action.busy}
                onConfirm={() => void changeStatus('publish')}
              />
            )}
            <ConfirmButton
              label={t('retire')}
              question={t('retireQuestion')}
              yes={t('retireYes')}
              no={t('cancel')}
              danger
              disabled={action.busy}
              onConfirm={() => void changeStatus('retire')}
            />
            {action.busy && <Loading label={t('busy')} />}
          </div>
        )}
        <ErrorNote errors={action.unclaimed([])} />
        <p role="status" aria-live="polite" className="owner-saved">
          {message}
        </p>
      </section>

      <section aria-labelledby="details-heading" className="card owner-section">
        <ListingDetailsForm key={listing.id} listing={listing} sites={sites} onSaved={update} />
      </section>

      <section aria-labelledby="owner-terms" className="card owner-section">
        <h2 id="owner-terms" tabIndex={-1}>
          {t('terms')}
        </h2>
        <TermsSection
          key={listing.id}
          listingId={listing.id}
          retired={isRetired || !ours}
          mobile={listing.category === 'CATEGORY_MOBILE_SETUP'}
          onSaved={(version) => setChanged({ ...listing, termsVersion: version })}
        />
      </section>

      <section aria-labelledby="owner-closures" className="card owner-section">
        <h2 id="owner-closures" tabIndex={-1}>
          {t('closures')}
        </h2>
        <ClosuresSection key={listing.id} listingId={listing.id} site={site} readOnly={isRetired || !ours} />
      </section>

      <section aria-labelledby="owner-units" className="card owner-section">
        <h2 id="owner-units" tabIndex={-1}>
          {t('units')}
        </h2>
        {isPublished ? <DamagedUnits key={listing.id} listingId={listing.id} readOnly={!ours} /> : <p className="muted">{t('unitsDraft')}</p>}
      </section>
    </section>
  );
}

// In-page links: the app uses the hash for routes, so scroll and move focus instead.
function jump(e: { preventDefault(): void }, id: string) {
  e.preventDefault();
  const target = document.getElementById(id);
  target?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  target?.focus({ preventScroll: true });
}

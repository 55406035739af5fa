// The application shell: header (organisation switcher, language, sign-out), navigation by role,
// and the page for the current hash route.
import { type ReactNode } from 'react';
import { defineMessages, useLang, useT } from './i18n';
import { href, useRoute, type Route } from './router';
import { useSession } from './session';
import { SignInPage } from './pages/SignInPage';
import { CataloguePage } from './pages/catalogue/CataloguePage';
import { ListingPage } from './pages/catalogue/ListingPage';
import { BookPage } from './pages/catalogue/BookPage';
import { BasketPage } from './pages/catalogue/BasketPage';
import { ReservationsPage } from './pages/mine/ReservationsPage';
import { ReservationPage } from './pages/mine/ReservationPage';
import { OwnerListingsPage } from './pages/owner/OwnerListingsPage';
import { OwnerListingPage } from './pages/owner/OwnerListingPage';
import { ImportPage } from './pages/owner/ImportPage';
import { InboxPage } from './pages/owner/InboxPage';
import { CalendarsPage } from './pages/owner/CalendarsPage';
import { SitePage, SitesPage } from './pages/owner/SitesPage';
import { PeoplePage } from './pages/organisation/PeoplePage';
import { QualificationsPage } from './pages/organisation/QualificationsPage';
import { NetworksPage } from './pages/organisation/NetworksPage';
import { OrganisationPage } from './pages/organisation/OrganisationPage';
import { AccessPage } from './pages/organisation/AccessPage';
import { InvitePage } from './pages/InvitePage';
import { DashboardPage } from './pages/dashboard/DashboardPage';

const messages = defineMessages({
  en: {
    skip: 'Skip to content',
    nav: 'Main',
    catalogue: 'Catalogue',
    basket: 'Basket',
    reservations: 'Our reservations',
    ownerListings: 'Our listings',
    ownerSites: 'Our sites',
    people: 'Our people',
    inbox: 'Requests',
    calendars: 'Calendars',
    dashboard: 'Dashboard',
    actingFor: 'Acting for',
    signOut: 'Sign out',
    language: 'Language',
    notFound: 'This page does not exist.',
    toCatalogue: 'Go to the catalogue',
  },
  nl: {
    skip: 'Naar de inhoud',
    nav: 'Hoofdmenu',
    catalogue: 'Catalogus',
    basket: 'Mandje',
    reservations: 'Onze reserveringen',
    ownerListings: 'Ons aanbod',
    ownerSites: 'Onze locaties',
    people: 'Onze mensen',
    inbox: 'Aanvragen',
    calendars: 'Agenda’s',
    dashboard: 'Dashboard',
    actingFor: 'Namens',
    signOut: 'Afmelden',
    language: 'Taal',
    notFound: 'Deze pagina bestaat niet.',
    toCatalogue: 'Naar de catalogus',
  },
});

function page(route: Route): ReactNode {
  const [first, second, third] = route.segments;
  switch (first) {
    case undefined:
    case 'catalogue':
      return <CataloguePage />;
    case 'listings':
      return second ? <ListingPage listingId={second} /> : <CataloguePage />;
    case 'book':
      return second ? <BookPage listingId={second} /> : <CataloguePage />;
    case 'basket':
      return <BasketPage />;
    case 'reservations':
      return second ? <ReservationPage reservationId={second} /> : <ReservationsPage />;
    case 'owner':
      if (second === 'import') return <ImportPage />;
      if (second === 'listings' && third) return <OwnerListingPage listingId={third} />;
      if (second === 'sites') return third ? <SitePage siteId={third} /> : <SitesPage />;
      return <OwnerListingsPage />;
    case 'inbox':
      return <InboxPage />;
    case 'calendars':
      return <CalendarsPage />;
    case 'dashboard':
      return <DashboardPage />;
    case 'people':
      return <PeoplePage />;
    case 'qualifications':
      return <QualificationsPage />;
    case 'networks':
      return <NetworksPage />;
    case 'organisation':
      return <OrganisationPage />;
    case 'access':
      return <AccessPage />;
    case 'invite':
      return <InvitePage token={route.query.get('token') ?? ''} />;
    default:
      return null;
  }
}

export function App() {
  const t = useT(messages);
  const route = useRoute();
  const { session, signOut, switchOrganization, hasRole, platformAdmin, orgAdmin } = useSession();
  const { lang, setLang } = useLang();

  const languageSwitch = (
    <div className="lang-switch" role="group" aria-label={t('language')}>
      {(['nl', 'en'] as const).map((l) => (
        <button key={l} type="button" aria-pressed={lang === l} onClick={() => setLang(l)} lang={l}>
          {l === 'nl' ? 'Nederlands' : 'English'}
        </button>
      ))}
    </div>
  );

  if (!session) {
    return (
      <>
        <header className="topbar">
          <span className="brand">Leerpool</span>
          {languageSwitch}
        </header>
        <main id="main">
          {route.segments[0] === 'invite' ? <InvitePage token={route.query.get('token') ?? ''} /> : <SignInPage />}
        </main>
      </>
    );
  }

  const isAdmin = platformAdmin;
  const owner = orgAdmin;
  const booker = isAdmin || hasRole('ROLE_ORG_ADMIN', 'ROLE_COORDINATOR', 'ROLE_INSTRUCTOR');
  const analyst = isAdmin || hasRole('ROLE_ANALYST', 'ROLE_ORG_ADMIN');
  const links: [string, string, boolean][] = [
    ['/catalogue', t('catalogue'), true],
    ['/basket', t('basket'), booker],
    ['/reservations', t('reservations'), booker],
    ['/owner/listings', t('ownerListings'), owner],
    ['/owner/sites', t('ownerSites'), owner],
    ['/inbox', t('inbox'), owner],
    ['/calendars', t('calendars'), owner],
    ['/dashboard', t('dashboard'), analyst || owner],
    ['/people', t('people'), session.memberships.length > 0 || Boolean(isAdmin)],
  ];
  // Owner pages are two levels deep; the CSV import belongs with the listings.
  const [top, sub] = route.segments;
  const active = top === 'owner' ? `/owner/${sub === 'sites' ? 'sites' : 'listings'}` : ['qualifications', 'networks', 'organisation', 'access'].includes(top ?? '') ? '/people' : `/${top ?? 'catalogue'}`;
  const content = page(route);

  return (
    <>
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('skip')}
      </a>
      <header className="topbar">
        <a className="brand" href={href('/catalogue')}>
          Leerpool
        </a>
        <div className="topbar-tools">
          {session.memberships.length > 0 && (
            <label className="org-switch">
              <span>{t('actingFor')}</span>
              <select value={session.organizationId} onChange={(e) => switchOrganization(e.target.value)}>
                {session.memberships.map((m) => (
                  <option key={m.organizationId} value={m.organizationId}>
                    {m.organizationName}
                  </option>
                ))}
              </select>
            </label>
          )}
          {languageSwitch}
          <span className="who">{session.person.displayName || session.person.email}</span>
          <button type="button" className="secondary" onClick={() => void signOut()}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <nav aria-label={t('nav')} className="mainnav">
        <ul>
          {links
            .filter(([, , show]) => show)
            .map(([path, label]) => (
              <li key={path}>
                <a href={href(path)} aria-current={active === path ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
        </ul>
      </nav>
      {/* Keyed by organisation: switching reloads every page's data for the new organisation. */}
      <main id="main" tabIndex={-1} key={session.organizationId}>
        {content ?? (
          <p>
            {t('notFound')} <a href={href('/catalogue')}>{t('toCatalogue')}</a>
          </p>
        )}
      </main>
    </>
  );
}

// Scenario 3 (issue 7): accessibility of every main page. axe-core (a devDependency of these
// tests, not of the application) is injected into each page and the scenario FAILS on serious
// or critical violations of WCAG 2.1 A/AA and axe's best practices. It also checks that each
// page has exactly one h1, and at phone width that the page itself never scrolls sideways (wide
// tables scroll inside their .table-scroll box). The desktop run is in English, the phone run
// in Dutch (the longer texts), so both languages are audited.
//
// The runner (run.mjs) separately fails any scenario whose page requests another host.
import { createRequire } from 'node:module';
import { assert, english, open, signIn, signOut, workingDay } from '../lib.mjs';

const axeSource = createRequire(import.meta.url)('axe-core').source;

const BORROWER = 'beheer@avant.demo'; // org admin + coordinator: catalogue, booking, reservations
const OWNER = 'onderwijs@provincieantwerpen.demo'; // org admin + analyst: inbox, listings, dashboard

// Waits until the page has its heading and nothing in <main> says it is loading.
async function settle(page) {
  await page.locator('main h1').first().waitFor();
  await page
    .waitForFunction(() => !document.querySelector('main .loading, main [aria-busy="true"]'), null, { timeout: 20000 })
    .catch(() => {}); // a slow part still loading is audited as it is (its status is accessible too)
  await page.waitForTimeout(200);
}

async function audit(ctx, what) {
  const { page } = ctx;
  await settle(page);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 3).join(' ').trim()}`),
      count: v.nodes.length,
    }));
  });
  const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result) {
    process.stderr.write(`      [axe ${v.impact}] ${what}: ${v.id} (${v.count}×) ${v.help}\n        ${v.nodes.join('\n        ')}\n`);
  }
  const failures = [];
  const h1 = await page.locator('h1').count();
  if (h1 !== 1) failures.push(`expected exactly one h1, found ${h1}`);
  if (ctx.variant.startsWith('phone')) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) failures.push(`the page scrolls sideways by ${overflow}px at phone width`);
  }
  if (serious.length) failures.push(`${serious.length} serious/critical accessibility violations: ${serious.map((v) => `${v.id} at ${v.nodes[0]}`).join('; ')}`);
  if (!failures.length) return;
  // LEERPOOL_A11Y_REPORT=1 lists the findings of every page instead of stopping at the first.
  if (process.env.LEERPOOL_A11Y_REPORT === '1') process.stderr.write(`      FINDINGS ${what}: ${failures.join(' | ')}\n`);
  else assert.fail(`${what}: ${failures.join('; ')}`);
}

// Opens the first link in <main> whose address starts with `prefix` (language independent).
async function followFirst(page, selector) {
  const link = page.locator(`main ${selector}`).first();
  await link.waitFor();
  await link.click();
}

export default {
  name: 'accessibility of the main pages',
  viewports: [
    { name: 'desktop', width: 1280, height: 900 },
    { name: 'phone 390', width: 390, height: 844 },
  ],
  async run(ctx) {
    const { page } = ctx;
    const dutch = ctx.variant.startsWith('phone');
    const toDutch = async () => {
      if (!dutch) return;
      await page.getByRole('button', { name: 'Nederlands' }).click();
      await page.getByRole('button', { name: 'Nederlands', pressed: true }).waitFor();
    };

    await ctx.step('sign-in page', async () => {
      await open(ctx);
      await page.getByRole('heading', { name: 'Aanmelden bij Leerpool' }).waitFor();
      await audit(ctx, 'sign-in');
    });
    await ctx.step('the invitation page', async () => {
      await open(ctx, '/invite?token=not-a-real-token');
      await page.getByRole('heading', { level: 1, name: /Leerpool/ }).waitFor();
      await audit(ctx, 'invitation');
      await open(ctx);
    });
    await ctx.step('the borrower signs in', async () => {
      await english(page);
      await signIn(page, BORROWER);
      await toDutch();
    });
    await ctx.step('catalogue', async () => {
      await open(ctx, '/catalogue');
      await page.locator('main a[href^="#/listings/"]').first().waitFor();
      await audit(ctx, 'catalogue');
    });
    await ctx.step('a listing', async () => {
      await followFirst(page, 'a[href^="#/listings/"]');
      await page.waitForURL(/#\/listings\//);
      await audit(ctx, 'listing');
    });
    await ctx.step('the booking form', async () => {
      await followFirst(page, 'a[href^="#/book/"]');
      await page.waitForURL(/#\/book\//);
      await audit(ctx, 'booking form');
    });
    await ctx.step('the booking form with errors from the server', async () => {
      // Submitting the untouched form: the server's complaints are placed and announced.
      const submit = page.locator('main form button[type="submit"]').last();
      await submit.click();
      await page.locator('main [role="alert"]').first().waitFor();
      await audit(ctx, 'booking form with errors');
    });
    await ctx.step('a server error lands next to the input that caused it (too many learners)', async () => {
      // The heat-pump classroom takes 16 learners; the server's refusal names `learners`, and the
      // form shows it at "Number of learners" (marked invalid), not only at the top. In Dutch
      // the server's English phrase is translated.
      await open(ctx, '/catalogue');
      const search = page.getByLabel(dutch ? 'Zoek in de catalogus' : 'Search the catalogue');
      await search.fill(dutch ? 'warmtepomp' : 'heat pump');
      await search.press('Enter');
      await page.getByRole('link', { name: dutch ? /Mobiele warmtepompklas/ : /Mobile heat-pump classroom/ }).first().click();
      await followFirst(page, 'a[href^="#/book/"]');
      await page.waitForURL(/#\/book\//);
      const start = workingDay(28, 9);
      await page.getByLabel(dutch ? /^Begin\b/ : /^Start\b/).fill(start);
      await page.getByLabel(dutch ? /^Einde\b/ : /^End\b/).fill(`${start.slice(0, 11)}15:00`);
      const learners = page.getByLabel(dutch ? 'Aantal leerlingen' : 'Number of learners');
      await learners.fill('500');
      await page.getByRole('button', { name: dutch ? 'Reserveren' : 'Book', exact: true }).click();
      const field = page.locator('main .field').filter({ has: learners });
      await field.getByRole('alert').filter({ hasText: dutch ? /^Hoogstens 16 per eenheid/ : /^At most 16 per unit/ }).waitFor();
      assert.equal(await learners.getAttribute('aria-invalid'), 'true', 'the learners input is not marked invalid');
      await audit(ctx, 'booking form with a server error');
    });
    await ctx.step('basket', async () => {
      await open(ctx, '/basket');
      await audit(ctx, 'basket');
    });
    await ctx.step('our reservations', async () => {
      await open(ctx, '/reservations');
      await audit(ctx, 'reservations');
    });
    await ctx.step('our past reservations', async () => {
      await open(ctx, '/reservations?view=past');
      await page.locator('main a[href^="#/reservations/"]').first().waitFor();
      await audit(ctx, 'past reservations');
    });
    await ctx.step('a reservation', async () => {
      await followFirst(page, 'a[href^="#/reservations/"]');
      await page.waitForURL(/#\/reservations\/[^/?]+/);
      await audit(ctx, 'reservation');
    });
    await ctx.step('the owner signs in', async () => {
      if (dutch) await english(page);
      await signOut(page);
      await signIn(page, OWNER);
      await toDutch();
    });
    await ctx.step('requests (inbox)', async () => {
      await open(ctx, '/inbox');
      await audit(ctx, 'inbox');
    });
    await ctx.step('our listings', async () => {
      await open(ctx, '/owner/listings');
      await page.locator('main a[href^="#/owner/listings/"]').first().waitFor();
      await audit(ctx, 'owner listings');
    });
    await ctx.step('the listing editor', async () => {
      await followFirst(page, 'a[href^="#/owner/listings/"]:not([href$="/new"])');
      await page.waitForURL(/#\/owner\/listings\/(?!new)/);
      await audit(ctx, 'listing editor');
    });
    await ctx.step('a new listing', async () => {
      await open(ctx, '/owner/listings/new');
      await audit(ctx, 'new listing');
    });
    await ctx.step('import', async () => {
      await open(ctx, '/owner/import');
      await audit(ctx, 'import');
    });
    await ctx.step('our sites', async () => {
      await open(ctx, '/owner/sites');
      await page.locator('main a[href^="#/owner/sites/"]:not([href$="/new"])').first().waitFor();
      await audit(ctx, 'owner sites');
    });
    await ctx.step('a site with its opening hours and closures', async () => {
      await followFirst(page, 'a[href^="#/owner/sites/"]:not([href$="/new"])');
      await page.waitForURL(/#\/owner\/sites\/(?!new)/);
      await page.getByRole('heading', { level: 2, name: /^(Closures|Sluitingen)$/ }).waitFor();
      await audit(ctx, 'site editor');
    });
    await ctx.step('a new site', async () => {
      await open(ctx, '/owner/sites/new');
      await audit(ctx, 'new site');
    });
    await ctx.step('our people', async () => {
      await open(ctx, '/people');
      await page.locator('main table tbody tr').first().waitFor();
      await audit(ctx, 'people');
    });
    await ctx.step('qualifications we issue', async () => {
      await open(ctx, '/qualifications');
      await audit(ctx, 'qualifications');
    });
    await ctx.step('organisation details', async () => {
      await open(ctx, '/organisation');
      await page.locator('main form').first().waitFor();
      await audit(ctx, 'organisation details');
    });
    await ctx.step('keys and history', async () => {
      await open(ctx, '/access');
      await page.locator('main table').last().waitFor();
      await audit(ctx, 'keys and history');
    });
    await ctx.step('networks', async () => {
      await open(ctx, '/networks');
      await page.locator('main .org-network').first().waitFor();
      await audit(ctx, 'networks');
    });
    await ctx.step('calendars', async () => {
      await open(ctx, '/calendars');
      await audit(ctx, 'calendars');
    });
    await ctx.step('dashboard', async () => {
      await open(ctx, '/dashboard');
      await page.locator('main figure').first().waitFor();
      await audit(ctx, 'dashboard');
    });
  },
};

// Scenario 1 (issue 7): a school in Antwerp borrows the province's mobile heat-pump classroom,
// the owner approves it in the inbox, the school checks it out and in with 12 pupils, and the
// dashboard shows the use.
//
// Time: the classroom needs 14 days' notice, so the loan lies in the future. As in the C++
// end-to-end test (tests/e2e/booking_e2e_test.cc), no fake clock is needed: the booking engine
// allows check-out of a confirmed reservation before its start. The check-out and check-in
// forms take the times, so the scenario records the loan's own start and end as the times
// of use, and the dashboard asks for the period around that day.
import { assert, english, open, signIn, signOut, nav, workingDay } from '../lib.mjs';

const SCHOOL = 'beheer@avant.demo'; // avAnt Provinciaal Onderwijs Antwerpen, org admin + coordinator
const OWNER = 'onderwijs@provincieantwerpen.demo'; // Provincie Antwerpen owns the classroom; also analyst
const LISTING = /Mobile heat-pump classroom/;

export default {
  name: 'school borrows the mobile heat-pump classroom',
  async run(ctx) {
    const { page } = ctx;
    const start = workingDay(21, 9); // 14 days' lead time, with margin
    const end = `${start.slice(0, 11)}15:00`;
    const day = start.slice(0, 10);

    await ctx.step('the school coordinator signs in (English)', async () => {
      await open(ctx);
      await english(page);
      await signIn(page, SCHOOL);
    });
    await ctx.step('search the catalogue for a heat pump', async () => {
      await nav(page, 'Catalogue');
      await page.getByRole('heading', { level: 1, name: 'Catalogue' }).waitFor();
      await page.getByLabel('Search the catalogue').fill('heat pump');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByRole('link', { name: LISTING }).first().waitFor();
    }, { readme: 'catalogue' });
    await ctx.step('open the mobile heat-pump classroom (near Antwerp)', async () => {
      await page.getByRole('link', { name: LISTING }).first().click();
      await page.getByRole('heading', { level: 1, name: LISTING }).waitFor();
      await page.getByRole('main').getByText(/Antwerpen/).first().waitFor();
    }, { readme: 'listing' });
    await ctx.step('fill in a loan to our site for 12 pupils', async () => {
      await page.getByRole('link', { name: 'Book this' }).or(page.getByRole('button', { name: 'Book this' })).first().click();
      await page.getByRole('heading', { level: 1, name: /^Book:/ }).waitFor();
      const loan = page.getByLabel(/A loan/);
      if (await loan.count()) await loan.check();
      const site = page.getByLabel('Our site it goes to');
      if ((await site.count()) && (await site.evaluate((el) => el.tagName === 'SELECT'))) {
        const value = await site.inputValue();
        if (!value) await site.selectOption({ index: 1 });
      }
      await page.getByLabel(/^Start\b/).fill(start);
      await page.getByLabel(/^End\b/).fill(end);
      await page.getByLabel('Number of learners').fill('12');
      await page.getByRole('group', { name: 'Of whom (optional)' }).getByLabel('Pupils').fill('12');
    }, { readme: 'booking' });
    await ctx.step('book: the request waits for the owner', async () => {
      await page.getByRole('button', { name: 'Book', exact: true }).click();
      await page.getByText('Request sent: waiting for the owner’s approval').waitFor();
      await page.getByRole('link', { name: 'View the reservation' }).click();
      await page.waitForURL(/#\/reservations\/[^/?]+/);
      ctx.data.reservation = decodeURIComponent(page.url().match(/#\/reservations\/([^/?]+)/)[1]);
      assert.ok(ctx.data.reservation, 'no reservation id in the URL');
    }, { readme: 'booking-sent' });
    await ctx.step('the school signs out', async () => {
      await signOut(page);
    });

    await ctx.step('the owner (Provincie Antwerpen) signs in', async () => {
      await signIn(page, OWNER);
    });
    await ctx.step('the request is in the inbox', async () => {
      await nav(page, 'Requests');
      await page.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
      await request(page, ctx.data.reservation).waitFor();
    }, { readme: 'inbox' });
    await ctx.step('the owner approves it', async () => {
      const item = request(page, ctx.data.reservation);
      await item.getByLabel('Reason or message to the borrower').fill('See you then; the trailer needs a 15 m parking space.');
      await item.getByRole('button', { name: 'Approve' }).click();
      await item.getByText('Approved: the reservation is confirmed.').waitFor();
    });
    await ctx.step('the owner signs out', async () => {
      await signOut(page);
    });

    await ctx.step('the school opens its reservation: confirmed', async () => {
      await signIn(page, SCHOOL);
      await open(ctx, `/reservations/${encodeURIComponent(ctx.data.reservation)}`);
      await page.getByText(/Confirmed/).first().waitFor();
    });
    await ctx.step('check out at the start of the loan', async () => {
      const time = page.getByLabel(/^Time of check-out/);
      if (await time.count()) await time.fill(start);
      await page.getByRole('button', { name: 'Check out', exact: true }).click();
      await page.getByText(/Checked out/).first().waitFor();
    });
    await ctx.step('check in at the end with 12 pupils present', async () => {
      const time = page.getByLabel(/^Time of check-in/);
      if (await time.count()) await time.fill(end);
      const present = page.getByRole('group', { name: 'Learners actually present' });
      await present.getByLabel('Pupils').fill('12');
      await page.getByRole('button', { name: 'Check in', exact: true }).click();
      await page.getByText(/Completed/).first().waitFor();
    }, { readme: 'check-in' });
    await ctx.step('the school signs out', async () => {
      await signOut(page);
    });

    await ctx.step('the province’s analyst opens the dashboard for its listings on that day', async () => {
      await signIn(page, OWNER);
      await nav(page, 'Dashboard');
      await page.getByRole('combobox', { name: 'Figures for' }).selectOption({ label: 'Provincie Antwerpen: our listings, as owner' });
      await page.getByRole('radio', { name: 'Custom dates' }).check();
      await page.getByLabel('From', { exact: true }).fill(day);
      await page.getByLabel('To (inclusive)').fill(day);
      await page.getByRole('heading', { name: /^Key figures/ }).waitFor();
    });
    await ctx.step('the dashboard shows 12 learners from 1 organisation and the classroom ranked', async () => {
      await expectFigure(page, 'Learners reached', '12');
      await expectFigure(page, 'Organisations that used it', '1');
      await page.getByRole('table', { name: 'Listings ranked' }).getByRole('link', { name: /Mobiele warmtepompklas|Mobile heat-pump classroom/ }).waitFor();
    }, { readme: 'dashboard-owner' });
  },
};

// The inbox card of one reservation (its "Details" link points at it).
function request(page, id) {
  return page.getByRole('article').filter({ has: page.locator(`a[href="#/reservations/${id}"]`) });
}

async function expectFigure(page, label, value) {
  const card = page.locator('.key-figure').filter({ has: page.getByRole('term').filter({ hasText: label }) });
  await card.waitFor();
  const shown = (await card.locator('.key-value').innerText()).trim();
  assert.equal(shown, value, `${label}: expected ${value}, the dashboard shows ${shown}`);
}

// Scenario 4: an organisation's administrator adds a second site with its opening hours, is
// told what is wrong (a closing time before the opening time in the browser, a latitude out of
// range by the catalogue), changes the hours, and finds the site in the list and in the
// listing editor's choice of sites.
import { assert, english, nav, open, signIn } from '../lib.mjs';

const ADMIN = 'coordinator@gomol.demo'; // GO! Campus Het Spoor Mol: org admin and coordinator
const NAME = `Sporthal Het Spoor ${Date.now().toString(36)}`;

export default {
  name: 'an administrator adds a site with opening hours',
  async run(ctx) {
    const { page } = ctx;
    const form = () => page.getByRole('form', { name: NAME }).or(page.getByRole('form', { name: 'New site' }));

    await ctx.step('the administrator signs in (English) and opens Our sites', async () => {
      await open(ctx);
      await english(page);
      await signIn(page, ADMIN);
      await nav(page, 'Our sites');
      await page.getByRole('heading', { level: 1, name: 'Our sites' }).waitFor();
      await page.getByRole('link', { name: 'Edit GO! Het Spoor werkplaats' }).waitFor();
    });
    await ctx.step('a new site: name, address, Belgium picks the Brussels zone', async () => {
      await page.getByRole('link', { name: 'New site' }).click();
      await page.getByRole('heading', { level: 1, name: 'New site' }).waitFor();
      await page.getByLabel(/^Name\b/).fill(NAME);
      await page.getByLabel('Street and number').fill('Kastelsedijk 5');
      await page.getByLabel('Postal code').fill('2400');
      await page.getByLabel('Town or city').fill('Mol');
      await page.getByLabel('Country').selectOption('BE');
      assert.equal(await page.getByLabel('Time zone').inputValue(), 'Europe/Brussels');
      await page.getByLabel('Latitude').fill('95');
      await page.getByLabel('Longitude').fill('5.1165');
    });
    await ctx.step('Saturday morning opening; a closing time before the opening is refused', async () => {
      await page.getByRole('button', { name: 'Add hours on Saturday' }).click();
      await page.getByLabel('From Saturday 1').fill('09:00');
      await page.getByLabel('Until Saturday 1').fill('08:00');
      await page.getByRole('button', { name: 'Create site' }).click();
      await form().getByText('The closing time must be after the opening time.').waitFor();
      await page.getByLabel('Until Saturday 1').fill('12:00');
    });
    await ctx.step('the catalogue refuses a latitude of 95 and says why', async () => {
      await page.getByRole('button', { name: 'Create site' }).click();
      await form().getByText(/latitude must be between -90 and 90/i).waitFor();
      assert.match(page.url(), /#\/owner\/sites\/new/);
    });
    await ctx.step('with the right latitude the site is created', async () => {
      await page.getByLabel('Latitude').fill('51.1913');
      await page.getByRole('button', { name: 'Create site' }).click();
      await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
      await page.getByText('Site created.').waitFor();
      assert.match(page.url(), /#\/owner\/sites\/site_[^/?]+/);
      assert.equal(await page.getByLabel('Until Saturday 1').inputValue(), '12:00');
      assert.equal(await page.getByLabel('From Friday 1').inputValue(), '08:00');
    });
    await ctx.step('Friday closes at midnight instead; saved', async () => {
      await page.getByLabel('Until Friday 1').fill('00:00');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await form().getByRole('status').getByText('Saved.').waitFor();
      await page.reload();
      await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
      assert.equal(await page.getByLabel('Until Friday 1').inputValue(), '00:00');
    });
    await ctx.step('the list shows the week in short', async () => {
      await page.getByRole('link', { name: 'All our sites' }).click();
      const row = page.getByRole('row', { name: new RegExp(NAME) });
      await row.waitFor();
      await row.getByText('Monday–Thursday: 08:00–17:00').waitFor();
      await row.getByText('Friday: 08:00–24:00').waitFor();
      await row.getByText('Saturday: 09:00–12:00').waitFor();
      await row.getByText('Sunday: Closed').waitFor();
    }, { readme: 'sites' });
    await ctx.step('a new listing can be placed at the new site', async () => {
      await nav(page, 'Our listings');
      await page.getByRole('link', { name: 'New listing' }).click();
      const site = page.getByLabel('Site', { exact: true });
      await site.waitFor();
      await site.selectOption({ label: `${NAME} (Mol)` });
    });
  },
};

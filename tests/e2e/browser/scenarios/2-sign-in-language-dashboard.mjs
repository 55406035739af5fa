// Scenario 2: signing in (wrong password first), switching language, the dashboard's charts
// for an analyst, signing out; at desktop and phone width.
import { assert, english, open, signIn, signOut, nav } from '../lib.mjs';

export default {
  name: 'sign-in, language and dashboard',
  viewports: [
    { name: 'desktop', width: 1280, height: 900 },
    { name: 'phone 390', width: 390, height: 844 },
  ],
  async run(ctx) {
    const { page } = ctx;
    await ctx.step('open the application (Dutch by default)', async () => {
      await open(ctx);
      await page.getByRole('heading', { name: 'Aanmelden bij Leerpool' }).waitFor();
    });
    await ctx.step('switch to English', async () => {
      await english(page);
      await page.getByRole('heading', { name: 'Sign in to Leerpool' }).waitFor();
    });
    await ctx.step('a wrong password shows the error', async () => {
      await page.getByLabel('Email address').fill('netwerk@iwbrabant.demo');
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'The email address or password is not right.' }).waitFor();
    });
    await ctx.step('sign in as an analyst (IW Brabant-Zeeland)', async () => {
      await signIn(page, 'netwerk@iwbrabant.demo');
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
    });
    await ctx.step('switch to Dutch and back to English', async () => {
      await page.getByRole('button', { name: 'Nederlands' }).click();
      await page.getByRole('button', { name: 'Afmelden' }).waitFor();
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
      await english(page);
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    });
    await ctx.step('the dashboard shows key figures and charts for school year 2025/26', async () => {
      await nav(page, 'Dashboard');
      await page.getByRole('heading', { level: 1, name: /Dashboard/ }).waitFor();
      await page.getByRole('combobox', { name: 'School year' }).selectOption({ label: '2025/26' });
      await page.getByRole('heading', { name: /^Key figures.*2025.*2026/ }).waitFor();
      const charts = page.getByRole('img', { name: /per month|by kind|by audience/ });
      await charts.first().waitFor();
      assert.ok((await charts.count()) >= 6, `expected at least 6 charts, found ${await charts.count()}`);
      // The demo's school year of history: some learners reached.
      const learners = page.getByRole('definition').filter({ hasText: /^[\d.,]+$/ });
      assert.ok((await learners.count()) > 0, 'no key figure values');
      await page.getByRole('img', { name: 'Utilisation per month' }).waitFor();
    }, { readme: `dashboard-${ctx.variant.split(" ")[0]}` });
    await ctx.step('a chart’s numbers open as a table', async () => {
      const figure = page.getByRole('figure', { name: /Learners reached by audience/ });
      await figure.getByRole('button', { name: 'Show the numbers as a table' }).click();
      const table = figure.getByRole('table');
      await table.waitFor();
      await table.getByRole('rowheader', { name: 'Pupils' }).waitFor();
    });
    await ctx.step('sign out', async () => {
      await signOut(page);
    });
  },
};

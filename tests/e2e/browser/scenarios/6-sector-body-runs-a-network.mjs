// Scenario 6: a sector body (IW Brabant-Zeeland) starts an equipment pool, adds a school to it
// and removes it again; a network run by someone else can be looked at but not changed.
import { assert, english, nav, open, signIn } from '../lib.mjs';

const ADMIN = 'netwerk@iwbrabant.demo'; // IW Brabant-Zeeland, a sector body: org admin, analyst
const POOL = `Warmtepomp-pool Brabant ${Date.now().toString(36)}`;

export default {
  name: 'a sector body runs a network',
  async run(ctx) {
    const { page } = ctx;
    const pool = () => page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2, name: POOL }) });

    await ctx.step('the sector body opens Networks from Our people', async () => {
      await open(ctx);
      await english(page);
      await signIn(page, ADMIN);
      await nav(page, 'Our people');
      await page.getByRole('link', { name: 'Networks' }).click();
      await page.getByRole('heading', { level: 1, name: 'Networks' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Lerend Netwerk Energietransitie' }).waitFor();
    });
    await ctx.step('start an equipment pool', async () => {
      const form = page.getByRole('form', { name: 'Start a network' });
      await form.getByLabel(/^Name/).fill(POOL);
      await form.getByLabel('Kind').selectOption('NETWORK_KIND_POOL');
      await form.getByRole('button', { name: 'Start the network' }).click();
      await form.getByText(`${POOL} started.`).waitFor();
      await pool().getByText(/Equipment pool .* we run it/).waitFor();
    });
    await ctx.step('add Curio Breda to the pool', async () => {
      await pool().getByRole('button', { name: `Show the members of ${POOL}` }).click();
      await pool().getByText('No members yet.').waitFor();
      const add = pool().getByRole('form', { name: `Add an organisation to ${POOL}` });
      await add.getByLabel('Organisation name').fill('Curio');
      await add.getByRole('button', { name: 'Find' }).click();
      await add.getByRole('button', { name: 'Add Curio Breda' }).click();
      await pool().getByText('Members: 1').waitFor();
      await add.getByText('member', { exact: true }).waitFor();
    });
    await ctx.step('remove it again', async () => {
      await pool().getByRole('button', { name: 'Remove' }).click();
      await pool().getByRole('button', { name: 'Yes, remove' }).click();
      await pool().getByText('Members: 0').waitFor();
      await pool().getByText('No members yet.').waitFor();
    });
    await ctx.step('another body’s network shows its members without changes', async () => {
      const other = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2, name: 'Lerend Netwerk Energietransitie' }) });
      await other.getByRole('button', { name: /^Show the members of/ }).click();
      await other.locator('.org-network-members li').first().waitFor();
      assert.equal(await other.getByRole('button', { name: 'Remove' }).count(), 0);
      assert.equal(await other.getByRole('form').count(), 0);
    });
  },
};

// Scenario 5: Censes Education, a training company, invites a new trainer, who joins through the
// invitation link; Censes defines a qualification of its own and records that the newcomer
// holds it, and the people page shows it next to the newcomer's roles, which the administrator
// then changes.
import { assert, english, nav, open, signIn, signOut } from '../lib.mjs';

const ADMIN = 'academy@censes.demo'; // Censes Education: org admin and instructor
const SUFFIX = Date.now().toString(36);
const NEWCOMER = `trainer.${SUFFIX}@censes.demo`;
const NEW_NAME = `Sam Trainer ${SUFFIX}`;
const PASSWORD = 'a long enough password';
const QUALIFICATION = `Advanced heat-pump service ${SUFFIX}`;
const CODE = `HP-ADV-${SUFFIX}`.toUpperCase();

export default {
  name: 'an administrator invites a trainer and records a qualification',
  async run(ctx) {
    const { page } = ctx;

    await ctx.step('the administrator signs in and opens Our people', async () => {
      await open(ctx);
      await english(page);
      await signIn(page, ADMIN);
      await nav(page, 'Our people');
      await page.getByRole('heading', { level: 1, name: 'Our people' }).waitFor();
      await page.getByRole('row', { name: /\(you\)/ }).waitFor();
    });
    await ctx.step('the organisation’s details: region changed, kind and country shown, not editable', async () => {
      await page.getByRole('link', { name: 'Organisation details' }).click();
      await page.getByRole('heading', { level: 1, name: 'Organisation details' }).waitFor();
      await page.getByText(/Kind: manufacturer · country: NL/).waitFor();
      await page.getByLabel('Province or region').fill(`Noord-Brabant ${SUFFIX}`);
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('status').getByText('Saved.').waitFor();
      await page.reload();
      assert.equal(await page.getByLabel('Province or region').inputValue(), `Noord-Brabant ${SUFFIX}`);
      await nav(page, 'Our people');
    });
    await ctx.step('invite the trainer as coordinator and instructor', async () => {
      const form = page.getByRole('form', { name: 'Invite someone' });
      await form.getByLabel(/^Email address/).fill(NEWCOMER);
      await form.getByLabel(/Instructor \(/).check();
      await form.getByRole('button', { name: 'Create the invitation' }).click();
      const link = form.getByRole('textbox', { name: `Invitation link for ${NEWCOMER}` });
      await link.waitFor();
      ctx.data.link = await link.inputValue();
      assert.match(ctx.data.link, /#\/invite\?token=/);
    });
    await ctx.step('define a qualification Censes issues', async () => {
      await page.getByRole('link', { name: 'Qualifications we issue' }).click();
      await page.getByRole('heading', { level: 1, name: 'Qualifications we issue' }).waitFor();
      await page.getByRole('row', { name: /Heat-pump train-the-trainer/ }).waitFor();
      const form = page.getByRole('form', { name: 'Define a qualification' });
      await form.getByLabel(/^Code/).fill(CODE);
      await form.getByLabel('Name (English)').fill(QUALIFICATION);
      await form.getByLabel('Valid for (months)').fill('24');
      await form.getByRole('button', { name: 'Define', exact: true }).click();
      await form.getByText(`${QUALIFICATION} defined.`).waitFor();
      await page.getByRole('row', { name: new RegExp(QUALIFICATION) }).getByText('24 months').waitFor();
    });
    await ctx.step('the administrator signs out', async () => {
      await signOut(page);
    });

    await ctx.step('the trainer opens the invitation link', async () => {
      await page.goto(ctx.data.link);
      await page.getByRole('heading', { level: 1, name: 'Join your organisation on Leerpool' }).waitFor();
    });
    await ctx.step('passwords that differ are refused before anything is sent', async () => {
      await page.getByLabel(/^Your name/).fill(NEW_NAME);
      await page.getByLabel(/^Password/).fill(PASSWORD);
      await page.getByLabel(/^Type the password again/).fill(`${PASSWORD}!`);
      await page.getByRole('button', { name: 'Accept the invitation' }).click();
      await page.getByText('The two passwords are not the same.').waitFor();
    });
    await ctx.step('accepting signs the trainer in as a member of Censes', async () => {
      await page.getByLabel(/^Type the password again/).fill(PASSWORD);
      await page.getByRole('button', { name: 'Accept the invitation' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await page.getByText(NEW_NAME).first().waitFor();
      await page.getByRole('heading', { level: 1, name: 'Catalogue' }).waitFor();
    });
    await ctx.step('the link works only once', async () => {
      await signOut(page);
      await page.goto(ctx.data.link);
      await page.getByLabel(/^Your name/).fill('Someone else');
      await page.getByLabel(/^Password/).fill(PASSWORD);
      await page.getByLabel(/^Type the password again/).fill(PASSWORD);
      await page.getByRole('button', { name: 'Accept the invitation' }).click();
      await page.getByText(/no longer valid/).waitFor();
    });

    await ctx.step('Censes records that the trainer holds the new qualification', async () => {
      await open(ctx);
      await signIn(page, ADMIN);
      await open(ctx, '/qualifications');
      const form = page.getByRole('form', { name: 'Record that someone holds a qualification' });
      await form.getByLabel(/^Qualification/).selectOption({ label: `${QUALIFICATION} (${CODE})` });
      await form.getByLabel(/^Email address of the holder/).fill(NEWCOMER);
      await form.getByRole('button', { name: 'Record', exact: true }).click();
      await form.getByText(`Recorded: ${NEWCOMER} holds ${QUALIFICATION}, valid until`).waitFor();
    });
    await ctx.step('Our people shows the trainer with the qualification; the roles change', async () => {
      await nav(page, 'Our people');
      const row = page.getByRole('row', { name: new RegExp(NEW_NAME) });
      await row.waitFor();
      await row.getByText(new RegExp(`${QUALIFICATION} \\(valid until`)).waitFor();
      assert.ok(await row.getByLabel(/Instructor \(/).isChecked());
      await row.getByLabel(/Coordinator \(/).uncheck();
      await row.getByRole('button', { name: `Save roles of ${NEW_NAME}` }).click();
      await row.getByText('Roles saved.').waitFor();
      await page.reload();
      const again = page.getByRole('row', { name: new RegExp(NEW_NAME) });
      await again.waitFor();
      assert.ok(!(await again.getByLabel(/Coordinator \(/).isChecked()));
    }, { readme: 'people' });
    await ctx.step('Censes revokes the qualification it issued', async () => {
      const row = page.getByRole('row', { name: new RegExp(NEW_NAME) });
      await row.getByRole('button', { name: `Revoke ${QUALIFICATION} of ${NEW_NAME}` }).click();
      await row.getByRole('button', { name: 'Yes, revoke' }).click();
      await row.getByText('Give the reason; it is kept with the record.').waitFor();
      await row.getByLabel(`Why ${QUALIFICATION} of ${NEW_NAME} is revoked`).fill('Course not completed');
      await row.getByRole('button', { name: 'Yes, revoke' }).click();
      await row.getByText(new RegExp(`${QUALIFICATION} \\(revoked\\)`)).waitFor();
      // A qualification issued by someone else shows no such button.
      assert.equal(await page.getByRole('button', { name: /^Revoke .* of Mark Hendriks$/ }).count(), 0);
    });
    await ctx.step('an API key for the timetable, revoked again; the history names it all', async () => {
      await page.getByRole('link', { name: 'Keys and history' }).click();
      await page.getByRole('heading', { level: 1, name: 'Keys and history' }).waitFor();
      const form = page.getByRole('form', { name: 'Create an API key' });
      await form.getByLabel(/^Name/).fill(`Timetable sync ${SUFFIX}`);
      await form.getByLabel('Role').selectOption('ROLE_COORDINATOR');
      await form.getByRole('button', { name: 'Create the key' }).click();
      const secret = form.getByRole('textbox', { name: `Secret of Timetable sync ${SUFFIX}` });
      await secret.waitFor();
      assert.match(await secret.inputValue(), /^lpk_/);
      const row = page.getByRole('row', { name: new RegExp(`Timetable sync ${SUFFIX}`) });
      await row.getByRole('button', { name: `Revoke Timetable sync ${SUFFIX}` }).click();
      await row.getByRole('button', { name: 'Yes, revoke' }).click();
      await row.getByText('revoked').waitFor();
      const history = page.getByRole('table', { name: 'History' });
      for (const action of ['api_key.revoke', 'api_key.create', 'qualification.revoke', 'member.update', 'invitation.accept', 'invitation.create']) {
        await history.getByText(action, { exact: true }).first().waitFor();
      }
    });
  },
};

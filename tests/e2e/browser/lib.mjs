// Steps the scenarios share. Locators go by role and accessible name, as a person using a
// screen reader would find things; the texts are the web application's English ones.
import assert from 'node:assert/strict';

export const PASSWORD = 'leerpool-demo';

export async function open(ctx, path = '/') {
  await ctx.page.goto(`${ctx.url}/#${path}`);
}

// Picks English with the language switch in the header (the browser starts in Dutch).
export async function english(page) {
  await page.getByRole('group', { name: /^(Language|Taal)$/ }).getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'English', pressed: true }).waitFor();
}

export async function signIn(page, email, password = PASSWORD) {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Leerpool' }).waitFor();
}

export async function nav(page, name) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
}

// A date-time-local value (YYYY-MM-DDTHH:MM) for a day `days` from now at `hour`:00, moved to
// the next Tuesday so it is a working day with the depot open.
export function workingDay(days, hour) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  while (d.getDay() !== 2) d.setDate(d.getDate() + 1);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

export { assert };

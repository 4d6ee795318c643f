// Shared steps for the e2e specs: sign up, sign in, screenshots kept as artifacts.
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

let counter = 0;
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${counter++}@e2e.test`;
}

export const PASSWORD = 'correct-horse-battery-1';

export async function signUp(page: Page, opts: { name: string; email: string; organisation: string }): Promise<string> {
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(opts.name);
  await page.getByLabel('Email').fill(opts.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Organisation').fill(opts.organisation);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/t\/[^/]+\/dashboard$/);
  return new URL(page.url()).pathname.split('/')[2]!;
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.locator('summary[aria-label^="Account menu"]').click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login/);
}

/** Saves a full-page screenshot under e2e/artifacts/screenshots for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/artifacts/screenshots/${name}.png`, fullPage: true });
}

/** Fails on serious or critical accessibility violations (axe-core, WCAG 2.1 AA rules). */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

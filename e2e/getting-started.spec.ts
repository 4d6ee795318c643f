// A new organisation's dashboard says what to do first, with links, and ticks each step off once done; the lists
// have a Create button and an empty state that says what would be there (issue 14, "Getting started").
import { expect, test } from '@playwright/test';
import { expectAccessible, FROM_CONSOLE, newAccount, setTheme, uniqueEmail } from './helpers';

test('a new organisation gets first steps that tick off, and lists say how to fill them', async ({ browser }) => {
  const { page, slug, context } = await newAccount(browser, 'firststeps');
  const steps = page.getByTestId('getting-started');
  await expect(steps).toBeVisible();
  await expect(steps.getByRole('heading', { name: 'Get started' })).toBeVisible();
  await expect(steps).toContainText('0 of 4 done');
  const links = {
    instance: ['Create instance', `/t/${slug}/instances/new`],
    function: ['Create function', `/t/${slug}/functions/new`],
    'ssh-key': ['Add SSH key', '/account/ssh-keys'],
    invite: ['Invite someone', `/t/${slug}/settings/members`],
  } as const;
  for (const [key, [label, href]] of Object.entries(links)) {
    const step = page.getByTestId(`step-${key}`);
    await expect(step).toHaveAttribute('data-done', 'false');
    await expect(step.getByRole('link', { name: label })).toHaveAttribute('href', href);
  }
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await expectAccessible(page);
  }
  await setTheme(page, 'light');

  // The empty lists explain themselves and offer to create one.
  await page.getByTestId('step-function').getByRole('link', { name: 'Create function' }).click();
  await page.waitForURL(`**/t/${slug}/functions/new`);
  await page.goto(`/t/${slug}/functions`);
  await expect(page.getByTestId('functions-empty').getByRole('link', { name: 'Create your first function' })).toHaveAttribute('href', `/t/${slug}/functions/new`);
  await expect(page.getByRole('link', { name: 'Create function', exact: true })).toBeVisible();
  await page.goto(`/t/${slug}/instances`);
  await expect(page.getByTestId('instances-empty').getByRole('link', { name: 'Create your first instance' })).toHaveAttribute('href', `/t/${slug}/instances/new`);
  await expect(page.getByRole('link', { name: 'Create instance', exact: true })).toBeVisible();
  await expectAccessible(page);

  // Done steps are ticked off: a function and an invitation.
  const fn = await page.request.post(`/api/v1/tenants/${slug}/functions`, { headers: FROM_CONSOLE, data: { name: 'first', access: 'public', code: 'export default () => ({ body: "ok" })' } });
  expect(fn.status(), await fn.text()).toBe(201);
  const inv = await page.request.post(`/api/v1/tenants/${slug}/members`, { headers: FROM_CONSOLE, data: { email: uniqueEmail('teammate'), role: 'member' } });
  expect(inv.status(), await inv.text()).toBeLessThan(300);
  await page.goto(`/t/${slug}/dashboard`);
  await expect(steps).toContainText('2 of 4 done');
  await expect(page.getByTestId('step-function')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('step-invite')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('step-function').getByRole('link')).toHaveCount(0);
  await expect(page.getByTestId('step-instance')).toHaveAttribute('data-done', 'false');
  await context.close();
});

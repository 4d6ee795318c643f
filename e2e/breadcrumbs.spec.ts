// Every page below a list says where it sits: a "Breadcrumb" navigation whose links lead back up, the page itself last
// (aria-current="page", not a link). Instances have theirs checked in lists.spec, the statement and a price list in
// billing.spec; these are the create pages, the account pages and the admin pages.
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { newAccount, signIn } from './helpers';

type Crumb = { label: string; href?: string | RegExp };

/** The trail on the page at `path`: its items in order, the links' targets, the last one current. */
async function expectTrail(page: Page, path: string, trail: Crumb[]): Promise<void> {
  await page.goto(path);
  const nav = page.getByRole('navigation', { name: 'Breadcrumb' });
  await expect(nav.getByRole('listitem')).toHaveText(trail.map((c) => new RegExp(`^${c.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}›?$`)));
  await expect(nav.getByRole('link')).toHaveCount(trail.filter((c) => c.href).length);
  for (const c of trail.filter((x) => x.href)) await expect(nav.getByRole('link', { name: c.label, exact: true })).toHaveAttribute('href', c.href!);
  const last = trail[trail.length - 1]!;
  await expect(nav.locator('[aria-current="page"]')).toHaveText(last.label);
}

test('the create pages and the account pages have breadcrumbs', async ({ browser }) => {
  test.slow(); // eight pages, each rendered on demand
  const { page, slug, organisation, context } = await newAccount(browser, 'crumbs');
  const org = { label: organisation, href: `/t/${slug}/dashboard` };
  await expectTrail(page, `/t/${slug}/instances/new`, [org, { label: 'Instances', href: `/t/${slug}/instances` }, { label: 'Create' }]);
  await expectTrail(page, `/t/${slug}/functions/new`, [org, { label: 'Functions', href: `/t/${slug}/functions` }, { label: 'Create' }]);
  for (const [path, label] of [
    ['/account/ssh-keys', 'SSH keys'],
    ['/account/tokens', 'API tokens'],
    ['/account/sessions', 'Sessions'],
    ['/account/invitations', 'Invitations'],
  ] as const) {
    await expectTrail(page, path, [{ label: 'Your account' }, { label }]);
    await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
  }
  // Up the trail from the wizard.
  await page.goto(`/t/${slug}/instances/new`);
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: organisation }).click();
  await page.waitForURL(`**/t/${slug}/dashboard`);
  await context.close();
});

test('the admin pages below a list have breadcrumbs', async ({ browser }) => {
  test.slow(); // eight pages and two sign-ins
  const owner = await newAccount(browser, 'crumbsadm');
  await owner.context.close();
  const page = await (await browser.newContext()).newPage();
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.waitForURL('**/admin/tenants');
  const admin = { label: 'Admin', href: '/admin' };
  const tenants = { label: 'Tenants', href: '/admin/tenants' };
  await expectTrail(page, '/admin/tenants/new', [admin, tenants, { label: 'Create' }]);
  await expectTrail(page, '/admin/tenants/defaults', [admin, tenants, { label: 'Default quota' }]);

  // An organisation's page, and from its members the page of its owner.
  await page.goto(`/admin/tenants?q=${owner.slug}`);
  await page.getByTestId(`tenant-${owner.slug}`).getByRole('link', { name: owner.organisation }).click();
  await page.waitForURL(/\/admin\/tenants\/(?!new$|defaults$)[a-z0-9]+$/);
  await expectTrail(page, new URL(page.url()).pathname, [admin, tenants, { label: owner.organisation }]);
  await page.goto(`/admin/users?q=${encodeURIComponent(owner.email)}`);
  await page.getByTestId(`user-${owner.email}`).getByRole('link', { name: owner.name }).click();
  await page.waitForURL(/\/admin\/users\/[a-z0-9]+$/);
  await expectTrail(page, new URL(page.url()).pathname, [admin, { label: 'Users', href: '/admin/users' }, { label: owner.name }]);

  // A price list's page.
  await page.goto('/admin/prices');
  await page.getByRole('link', { name: 'Overcast list prices', exact: true }).click();
  await page.waitForURL(/\/admin\/prices\/[a-z0-9-]+$/);
  await expectTrail(page, new URL(page.url()).pathname, [admin, { label: 'Prices', href: '/admin/prices' }, { label: 'Overcast list prices' }]);
  await page.context().close();
});

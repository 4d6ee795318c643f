// Admin → Tenants (issue 13): an admin finds a tenant in the list, opens its admin page (not its dashboard), raises
// its quota, and the tenant's create wizard shows the new limit; the tenant's owner cannot do the same through the
// API. And an organisation created for someone (its owner invited, the link shown once), then deleted with its slug
// typed as confirmation.
import { expect, test } from '@playwright/test';
import { adminPage, expectAccessible, expectProblem, FROM_CONSOLE, hydrated, newAccount, screenshot, uniqueEmail, uniqueOrg } from './helpers';

test('an admin raises a tenant’s quota and the tenant’s create wizard shows the new limit', async ({ browser }) => {
  const owner = await newAccount(browser, 'quota');
  await owner.page.goto(`/t/${owner.slug}/instances/new`);
  await expect(owner.page.getByTestId('quota-impact')).toContainText('1 / 10');

  const admin = await adminPage(browser);
  await admin.getByLabel('Search by name, address or owner email').fill(owner.email);
  await admin.getByRole('button', { name: 'Search' }).click();
  await admin.waitForURL(/\?q=/);
  const row = admin.getByTestId(`tenant-${owner.slug}`);
  await expect(row).toBeVisible();
  await expect(admin.getByText('Every organisation on this console (1 matching')).toBeVisible();
  await row.getByRole('link', { name: owner.organisation }).click();
  await admin.waitForURL(/\/admin\/tenants\/[^/?]+$/);
  await expect(admin.getByRole('heading', { level: 1, name: owner.organisation })).toBeVisible();
  await expect(admin.getByRole('link', { name: 'Open as admin' })).toHaveAttribute('href', `/t/${owner.slug}/dashboard`);
  await expect(admin.getByRole('region', { name: /^Members/ })).toContainText(owner.email);
  await expect(admin.getByTestId('quota-instances')).toContainText('10');
  await expect(admin.getByText('new creates are refused (quota exceeded)')).toBeVisible();
  await expectAccessible(admin);

  const form = admin.getByTestId('quota-form');
  await hydrated(form.getByRole('button', { name: 'Save quota' }));
  await form.getByLabel('Instances (count)').fill('25');
  await form.getByLabel('vCPUs (count)').fill('12');
  await form.getByRole('button', { name: 'Save quota' }).click();
  await expect(admin.getByTestId('quota-message')).toHaveText('Quota saved.');
  await expect(admin.getByTestId('quota-instances')).toContainText('25');
  await screenshot(admin, 'admin-tenant-page');
  // The change is in the tenant's audit entries on the same page.
  await admin.reload();
  await expect(admin.getByTestId('audit-entry').filter({ hasText: 'tenant.quota_changed' })).toHaveCount(1);

  await owner.page.reload();
  await expect(owner.page.getByTestId('quota-impact')).toContainText('1 / 25');
  await expect(owner.page.getByTestId('quota-impact')).toContainText('/ 12');

  // The tenant's owner is no platform admin: the admin API does not exist for them.
  const id = new URL(admin.url()).pathname.split('/').pop()!;
  await expectProblem(await owner.page.request.patch(`/api/v1/admin/tenants/${id}/quota`, { headers: FROM_CONSOLE, data: { maxInstances: 1000 } }), 404, 'not_found');
  await owner.page.goto('/admin/tenants');
  await expect(owner.page.getByRole('heading', { name: 'Tenants' })).toHaveCount(0);
});

test('an admin creates an organisation for someone, then deletes it with its slug typed', async ({ browser }) => {
  const admin = await adminPage(browser);
  await admin.getByRole('link', { name: 'Create organisation' }).click();
  await admin.waitForURL('**/admin/tenants/new');
  const name = uniqueOrg('Made For');
  const email = uniqueEmail('future-owner');
  await hydrated(admin.getByRole('button', { name: 'Create organisation' }));
  await admin.getByLabel('Organisation name').fill(name);
  await admin.getByLabel('Owner’s email').fill(email);
  await admin.getByRole('button', { name: 'Create organisation' }).click();
  await expect(admin.getByTestId('create-tenant-message')).toContainText(`${email} is invited as its owner`);
  await expect(admin.getByTestId('invite-link')).toContainText('/invite/');
  await admin.getByRole('link', { name: 'Open the organisation' }).click();
  await expect(admin.getByRole('heading', { level: 1, name })).toBeVisible();
  const members = admin.getByRole('region', { name: /^Members/ });
  await expect(members).toContainText(email);
  await expect(members).toContainText('owner');
  const slug = (await admin.locator('h1 + p .font-mono').textContent())!.trim();

  const del = admin.getByRole('region', { name: 'Delete the organisation' });
  await hydrated(del.getByRole('button', { name: 'Delete organisation' }));
  await del.getByLabel(`Type ${slug} to confirm`).fill(`${slug}-typo`);
  await del.getByRole('button', { name: 'Delete organisation' }).click();
  await expect(admin.getByTestId('delete-tenant-message')).toContainText(`Type the organisation’s slug (${slug}) to confirm.`);
  await del.getByLabel(`Type ${slug} to confirm`).fill(slug);
  await del.getByRole('button', { name: 'Delete organisation' }).click();
  await admin.waitForURL('**/admin/tenants?deleted=1');
  await expect(admin.getByText('The organisation is being deleted')).toBeVisible();
  // The reconciler finishes it: the organisation leaves the list.
  await expect(async () => {
    await admin.goto(`/admin/tenants?q=${slug}`);
    await expect(admin.getByTestId(`tenant-${slug}`)).toHaveCount(0);
  }).toPass({ timeout: 30_000 });
});

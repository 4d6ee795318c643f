// The audit log in the browser (issue 13): an admin changes a tenant's quota and suspends it through the API, reads
// both entries in Admin → Audit log, filters by the tenant, downloads the CSV; the tenant's owner sees the same
// entries in the organisation's settings, and a member of it does not get the page.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { expectAccessible, FROM_CONSOLE, newAccount, screenshot, signIn } from './helpers';

test('admin reads the quota change and the suspension in the audit log, filters, downloads CSV; the owner sees them too', async ({ browser }) => {
  // Three sign-ups, two accessibility scans and a download on a shared 2-CPU machine.
  test.setTimeout(180_000);
  const owner = await newAccount(browser, 'audited');
  const other = await newAccount(browser, 'bystander');
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  await admin.waitForURL('**/admin/tenants');

  const tenants = (await (await admin.request.get('/api/v1/admin/tenants')).json()) as { tenants: { id: string; slug: string }[] };
  const tenantId = tenants.tenants.find((t) => t.slug === owner.slug)!.id;
  const quota = await admin.request.patch(`/api/v1/admin/tenants/${tenantId}/quota`, { headers: FROM_CONSOLE, data: { maxInstances: 9 } });
  expect(quota.status(), await quota.text()).toBe(200);
  // Suspension takes a reason the admin types (issue 13): kept in the audit entry.
  const suspend = await admin.request.patch(`/api/v1/admin/tenants/${tenantId}`, { headers: FROM_CONSOLE, data: { status: 'suspended', reason: 'Audit e2e: overdue' } });
  expect(suspend.status(), await suspend.text()).toBe(200);
  // Something in another organisation, which the filter must leave out.
  await other.page.goto(`/t/${other.slug}/settings`);

  await admin.getByRole('link', { name: 'Admin · Audit log' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  const quotaRow = admin.getByTestId('audit-entry').and(admin.locator(`[data-action="tenant.quota_changed"]`)).filter({ hasText: owner.slug });
  const suspendRow = admin.getByTestId('audit-entry').and(admin.locator(`[data-action="tenant.suspended"]`)).filter({ hasText: owner.slug });
  await expect(quotaRow).toHaveCount(1);
  await expect(suspendRow).toHaveCount(1);
  // Who, from where, and that it happened; the quota's new value in the details.
  await expect(quotaRow).toContainText(E2E_ADMIN.email);
  await expect(quotaRow).toContainText('127.0.0.1');
  await expect(quotaRow).toContainText('success');
  await expect(quotaRow).toContainText('"maxInstances":9');
  await expect(suspendRow).toContainText('"reason":"Audit e2e: overdue"');

  await admin.getByLabel('Tenant').fill(owner.slug);
  await admin.getByRole('button', { name: 'Filter' }).click();
  await admin.waitForURL(new RegExp(`/admin/audit\\?tenant=${owner.slug}`));
  const rows = admin.getByTestId('audit-entry');
  await expect(rows.first()).toBeVisible();
  // Newest first: the suspension, then the quota change, then the organisation's creation at sign-up.
  const actions = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
  expect(actions.slice(0, 2)).toEqual(['tenant.suspended', 'tenant.quota_changed']);
  expect(await rows.filter({ hasNotText: owner.slug }).count()).toBe(0);
  await expectAccessible(admin);
  await screenshot(admin, 'admin-audit-log');

  const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'Download CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-platform-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, 'utf8');
  const lines = csv.split('\r\n').filter(Boolean);
  expect(lines[0]).toBe('time,tenant,actor,action,target_type,target_id,outcome,client_address,details,via');
  expect(lines.some((l) => l.includes(`,${owner.slug},${E2E_ADMIN.email},tenant.suspended,tenant,${tenantId},success,127.0.0.1,`))).toBe(true);
  expect(lines.some((l) => l.includes(',tenant.quota_changed,'))).toBe(true);
  expect(lines.slice(1).every((l) => l.includes(`,${owner.slug},`))).toBe(true);

  // The owner: Settings → Audit log shows the admin's changes to their organisation (reads work while suspended).
  await owner.page.goto(`/t/${owner.slug}/settings`);
  await owner.page.getByRole('link', { name: 'Audit log' }).click();
  await owner.page.waitForURL(`**/t/${owner.slug}/settings/audit`);
  const own = owner.page.getByTestId('audit-entry');
  await expect(own.and(owner.page.locator('[data-action="tenant.suspended"]'))).toContainText(E2E_ADMIN.email);
  await expect(own.and(owner.page.locator('[data-action="tenant.suspended"]'))).toContainText('Audit e2e: overdue');
  await expect(own.and(owner.page.locator('[data-action="tenant.quota_changed"]'))).toHaveCount(1);
  await expectAccessible(owner.page);
  await screenshot(owner.page, 'tenant-audit-log');

  // Another organisation's owner gets nothing of it: the page is not found, the API too.
  const theirs = await other.page.goto(`/t/${owner.slug}/settings/audit`);
  expect(theirs?.status()).toBe(404);
  expect((await other.page.request.get(`/api/v1/tenants/${owner.slug}/audit`)).status()).toBe(404);
  const ownLog = (await (await other.page.request.get(`/api/v1/tenants/${other.slug}/audit`)).json()) as { entries: { action: string }[] };
  expect(ownLog.entries.some((e) => e.action.startsWith('tenant.suspended'))).toBe(false);
});

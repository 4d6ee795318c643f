// Suspension in the browser (issue 13): an admin suspends an organisation from the tenants list (the dialog wants a
// reason first), its member watches the running container stop, sees the banner with the reason, finds Create and
// Start disabled (and refused by the API) but may delete; the admin reads the audit entry with the reason and
// reactivates, after which creating works again.
import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { expectAccessible, expectProblem, FROM_CONSOLE, hydrated, newAccount, screenshot, signIn } from './helpers';

const REASON = 'Card payment failed three times';

test('admin suspends with a reason; the member sees the banner, the container stop, may delete but not create; admin reads the audit and reactivates', async ({ browser }) => {
  // A container start and stop, two accessibility scans and several page loads on a shared 2-CPU machine.
  test.setTimeout(180_000);
  const member = await newAccount(browser, 'suspended');
  const created = await member.page.request.post(`/api/v1/tenants/${member.slug}/instances`, {
    headers: FROM_CONSOLE,
    data: { name: 'web', imageId: 'docker-static-web', flavorId: 'docker-nano', ports: [8080] },
  });
  expect(created.status(), await created.text()).toBe(202);
  const { id } = (await created.json()) as { id: string };
  await member.page.goto(`/t/${member.slug}/instances/${id}`);
  await expect(member.page.getByTestId('instance-status').locator('[data-status="running"]')).toBeVisible({ timeout: 60_000 });

  // The admin opens the dialog from the tenants list: no reason → the error next to the field, nothing changes.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  await admin.waitForURL('**/admin/tenants');
  // The list is paged (25 a page, by name) and e2e runs make many organisations: search for this one.
  await admin.goto(`/admin/tenants?q=${member.slug}`);
  const row = admin.getByTestId(`tenant-${member.slug}`);
  await (await hydrated(admin.getByRole('button', { name: `Suspend ${member.organisation}` }))).click();
  const dialog = admin.getByRole('dialog', { name: `Suspend ${member.organisation}?` });
  await expect(dialog).toContainText('running instances are stopped');
  await dialog.getByRole('button', { name: 'Suspend', exact: true }).click();
  const reason = dialog.getByLabel('Reason');
  await expect(dialog.locator('[data-field-error="reason"]')).toContainText('at least 3 characters');
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(row.getByTestId('tenant-status')).toHaveText('active');
  await expectAccessible(admin);
  await screenshot(admin, 'suspend-dialog-reason-required');
  await reason.fill(REASON);
  await dialog.getByRole('button', { name: 'Suspend', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId('tenant-status')).toHaveText('suspended');
  await expect(row.getByTestId('tenant-suspension')).toContainText(REASON);

  // The member's open instance page shows the container stopping (the reconciler carries out the suspension).
  await expect(member.page.getByTestId('instance-status').locator('[data-status="stopped"]')).toBeVisible({ timeout: 60_000 });
  await member.page.reload();
  const banner = member.page.getByTestId('suspension-banner');
  await expect(banner).toContainText(REASON);
  await expect(banner).toContainText('You can view, stop and delete; creating and starting are disabled');
  await expect(member.page.getByRole('status').filter({ has: banner })).toBeVisible();
  await expect(member.page.getByRole('button', { name: 'Start' })).toBeDisabled();
  await expect(member.page.getByText('Disabled while this organisation is suspended.').first()).toBeVisible();
  await expectAccessible(member.page);
  await screenshot(member.page, 'suspended-instance');

  // Create is disabled on the list, and refused by the API with the stable code; starting too.
  await member.page.goto(`/t/${member.slug}/instances`);
  await expect(member.page.getByRole('button', { name: 'Create instance' })).toBeDisabled();
  await expect(member.page.getByRole('link', { name: 'Create instance' })).toHaveCount(0);
  await expectProblem(
    await member.page.request.post(`/api/v1/tenants/${member.slug}/instances`, { headers: FROM_CONSOLE, data: { name: 'again', imageId: 'docker-static-web', flavorId: 'docker-nano' } }),
    409,
    'tenant_suspended',
  );
  await expectProblem(
    await member.page.request.post(`/api/v1/tenants/${member.slug}/instances/${id}/actions`, { headers: FROM_CONSOLE, data: { action: 'start' } }),
    409,
    'tenant_suspended',
  );

  // Deleting is allowed.
  await member.page.goto(`/t/${member.slug}/instances/${id}`);
  await (await hydrated(member.page.getByRole('button', { name: 'Delete' }))).click();
  await member.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await member.page.waitForURL(`**/t/${member.slug}/instances`);
  await expect(member.page.getByTestId('instance-row-web')).toHaveCount(0, { timeout: 60_000 });

  // The admin reads the suspension, with its reason, in the audit log.
  await admin.goto(`/admin/audit?tenant=${member.slug}`);
  const entry = admin.getByTestId('audit-entry').and(admin.locator('[data-action="tenant.suspended"]'));
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText(REASON);
  await expect(entry).toContainText(E2E_ADMIN.email);

  // Reactivation (a reason again) starts nothing, and creating is possible again.
  await admin.goto(`/admin/tenants?q=${member.slug}`);
  await (await hydrated(admin.getByRole('button', { name: `Reactivate ${member.organisation}` }))).click();
  const back = admin.getByRole('dialog', { name: `Reactivate ${member.organisation}?` });
  await back.getByLabel('Reason').fill('Payment received');
  await back.getByRole('button', { name: 'Reactivate', exact: true }).click();
  await expect(row.getByTestId('tenant-status')).toHaveText('active');
  await admin.goto(`/admin/audit?tenant=${member.slug}`);
  await expect(admin.getByTestId('audit-entry').and(admin.locator('[data-action="tenant.reactivated"]'))).toContainText('Payment received');

  await member.page.goto(`/t/${member.slug}/instances`);
  await expect(member.page.getByTestId('suspension-banner')).toHaveCount(0);
  await expect(member.page.getByRole('link', { name: 'Create instance' })).toBeVisible();

  await admin.context().close();
  await member.context.close();
});

// Admin → Capacity in real Chromium with a real VM: the host, the accelerator, VM capacity and each VM's memory with
// its tenant and instance, updated live when the VM stops (no reload); a chart; accessible in light and dark. Anyone
// who is not a platform admin gets 404 for the page and the API alike.
import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { expectAccessible, expectProblem, hydrated, newAccount, screenshot, signIn, FROM_CONSOLE } from './helpers';

const BOOT_TIMEOUT = 120_000;

test('a platform admin sees a running VM’s memory, tenant and instance on Admin → Capacity, live', async ({ browser }) => {
  test.setTimeout(300_000);
  const owner = await newAccount(browser, 'capacity');
  const api = `/api/v1/tenants/${owner.slug}/instances`;
  const created = await owner.page.request.post(api, { headers: FROM_CONSOLE, data: { kind: 'vm', name: 'cap-vm', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', ports: [80] } });
  expect(created.status()).toBe(202);
  const { id } = (await created.json()) as { id: string };
  try {
    await expect
      .poll(async () => ((await (await owner.page.request.get(`${api}/${id}`)).json()) as { status: string }).status, { timeout: BOOT_TIMEOUT })
      .toBe('running');

    // Not for the tenant's owner: the page and the API answer 404, as for every admin route.
    expect((await owner.page.goto('/admin/capacity'))?.status()).toBe(404);
    await expectProblem(await owner.page.request.get('/api/v1/admin/capacity'), 404, 'not_found');

    const admin = await (await browser.newContext()).newPage();
    await signIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
    await admin.waitForURL('**/admin/tenants');
    await admin.getByRole('link', { name: 'Admin · Capacity' }).click();
    await expect(admin.getByRole('heading', { level: 1, name: 'Capacity' })).toBeVisible();
    await expect(admin.getByTestId('host-cpus')).toHaveText(/^\d+/);
    await expect(admin.getByTestId('host-memory')).toContainText('available of');
    await expect(admin.getByTestId('fact-qemu-accelerator')).toContainText(/TCG|KVM/);
    await expect(admin.getByTestId('gauge-vm-memory-value')).toHaveText(/\d+ MiB of \d+/);
    await expect(admin.getByTestId('gauge-vm-booting-value')).toHaveText(/^\d+ of \d+$/);

    // The VM: its instance (a link to its page), its tenant, running, its QEMU's resident memory against its limit.
    const row = admin.getByTestId(`object-${id}`);
    await expect(row.getByRole('rowheader')).toHaveText('cap-vm');
    await expect(row.getByRole('link', { name: 'cap-vm' })).toHaveAttribute('href', `/t/${owner.slug}/instances/${id}`);
    await expect(row.getByRole('cell').nth(0)).toHaveText(owner.organisation);
    await expect(row.getByRole('cell').nth(1)).toHaveText('running');
    await expect(row.getByTestId('object-memory')).toHaveText(/^\d+ MiB$/);
    await expect(row.getByRole('cell').nth(3)).toHaveText('240 MiB');
    // The API gives the same figures.
    const cap = (await (await admin.request.get('/api/v1/admin/capacity')).json()) as {
      drivers: { id: string; objects: { instanceId: string; memoryBytes: number; tenant: { slug: string } }[] }[];
    };
    const vm = cap.drivers.find((d) => d.id === 'qemu')!.objects.find((o) => o.instanceId === id)!;
    expect(vm.tenant.slug).toBe(owner.slug);
    expect(vm.memoryBytes).toBeGreaterThan(50 * 1024 * 1024);
    await expect(admin.getByTestId('chart-capacity-memory')).toBeVisible();

    for (const theme of ['light', 'dark'] as const) {
      await (await hydrated(admin.getByLabel('Colour theme'))).selectOption(theme);
      if (theme === 'dark') await expect(admin.locator('html')).toHaveClass(/\bdark\b/);
      else await expect(admin.locator('html')).not.toHaveClass(/\bdark\b/);
      await expectAccessible(admin);
      await screenshot(admin, `admin-capacity-${theme}`);
    }

    // The owner stops the VM: the admin's page follows without a reload.
    expect((await owner.page.request.post(`${api}/${id}/actions`, { headers: FROM_CONSOLE, data: { action: 'stop' } })).status()).toBe(202);
    await expect(row.getByRole('cell').nth(1)).toHaveText('stopped', { timeout: 60_000 });
    await expect(row.getByTestId('object-memory')).toHaveText('—');
    await admin.context().close();
  } finally {
    await owner.page.request.delete(`${api}/${id}`, { headers: FROM_CONSOLE });
    await expect.poll(async () => (await owner.page.request.get(`${api}/${id}`)).status(), { timeout: 60_000 }).toBe(404);
    await owner.context.close();
  }
});

// The instance page's live CPU/memory charts and web terminal on a real container, and who may open the terminal's
// WebSocket (checked at the upgrade: Origin, sign-in, tenant, role) and read an instance's stats.
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { acceptInvitation, expectAccessible, expectProblem, hydrated, newAccount, screenshot, type Account, FROM_CONSOLE } from './helpers';

const BASE = `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;

async function createShell(request: APIRequestContext, slug: string, name: string): Promise<string> {
  const res = await request.post(`/api/v1/tenants/${slug}/instances`, { headers: FROM_CONSOLE, data: { name, imageId: 'docker-shell', flavorId: 'docker-nano' } });
  expect(res.status(), await res.text()).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function waitRunning(request: APIRequestContext, slug: string, id: string): Promise<void> {
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/tenants/${slug}/instances/${id}`)).json()) as { status: string }).status, {
      timeout: 30_000,
      message: 'instance running',
    })
    .toBe('running');
}

async function removeInstance(request: APIRequestContext, slug: string, id: string): Promise<void> {
  expect((await request.delete(`/api/v1/tenants/${slug}/instances/${id}`, { headers: FROM_CONSOLE })).status()).toBe(202);
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/tenants/${slug}/instances`)).json()) as { total: number }).total, { timeout: 30_000 })
    .toBe(0);
}

async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies(BASE)).map((c) => `${c.name}=${c.value}`).join('; ');
}

type Outcome = { status: number; body: Record<string, unknown> } | { status: 101; firstMessage: string };

/** Opens the terminal's WebSocket as a browser would (cookie, Origin) and reports the answer to the upgrade. */
function openSocket(path: string, headers: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${BASE.replace('http', 'ws')}${path}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      resolve({ status: 101, firstMessage: data.toString() });
      ws.close();
    });
    ws.on('error', reject);
  });
}

/** The first sample of an instance's stats stream (an SSE stream that never ends by itself, so it is cut after). */
async function firstStatsEvent(context: BrowserContext, path: string): Promise<{ status: number; sample?: Record<string, number> }> {
  const abort = new AbortController();
  const res = await fetch(`${BASE}${path}`, { headers: { cookie: await cookieHeader(context) }, signal: abort.signal });
  if (res.status !== 200) return { status: res.status };
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  let text = '';
  while (!/^data: .*\n\n/m.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  abort.abort();
  return { status: 200, sample: JSON.parse(/^data: (.*)$/m.exec(text)![1]!) as Record<string, number> };
}

async function terminalText(page: Page): Promise<string> {
  return (await page.getByTestId('terminal').locator('.xterm-rows').textContent()) ?? '';
}

// One organisation with one running container serves both tests (each tenant with a container costs a Docker network).
test.describe.serial('a running container’s metrics and terminal', () => {
  let owner: Account;
  let id: string;

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(90_000);
    owner = await newAccount(browser, 'shell');
    id = await createShell(owner.page.request, owner.slug, 'box');
    await waitRunning(owner.page.request, owner.slug, id);
  });

  test.afterAll(async () => {
    if (id) await removeInstance(owner.page.request, owner.slug, id);
    await owner?.context.close();
  });

  test('live CPU and memory charts, a shell in the browser, accessible in light and dark', async () => {
    test.setTimeout(120_000);
    const { page, slug } = owner;
    await page.goto(`/t/${slug}/instances/${id}`);
    await expect(page.getByTestId('instance-status').locator('[data-status="running"]')).toBeVisible();

    // Charts: values as text, and two samples or more drawn as lines (the stream sends one a second).
    await expect(page.getByTestId('metrics-cpu')).toHaveText(/^\d+(\.\d)? % of 25 % \(0\.25 vCPU\)$/, { timeout: 20_000 });
    await expect(page.getByTestId('metrics-memory')).toHaveText(/^\d+(\.\d)? MiB of 128 MiB \(\d+(\.\d)? %\)$/);
    await expect(page.getByTestId('chart-cpu').locator('polyline')).toHaveCount(2, { timeout: 10_000 });
    await expect(page.getByTestId('chart-memory').locator('polyline')).toHaveCount(2);
    await expect(page.getByRole('img', { name: /^CPU\. Used: .*%.*; Limit \(25 %\): 25 %\.$/ })).toBeVisible();
    await expect(page.getByRole('img', { name: /^Memory\. Used: .*MiB.*; Limit \(128 MiB\): 128 MiB\.$/ })).toBeVisible();

    // The terminal: connect, run a command whose output differs from what was typed, see the output.
    const marker = `m${Date.now().toString(36)}`;
    await (await hydrated(page.getByRole('button', { name: 'Connect' }))).click();
    await expect(page.getByTestId('terminal-status')).toHaveText(/^Connected\./, { timeout: 15_000 });
    await expect.poll(() => terminalText(page), { message: 'shell prompt' }).toContain('$');
    await page.keyboard.type(`echo hello-$((6*7))-${marker}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page)).toContain(`hello-42-${marker}`);
    // A command that only the container can answer: its hostname is the instance's name.
    await page.keyboard.type('hostname');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page)).toMatch(/hostname\s*box/);

    // The keyboard is not trapped: Shift+Tab leaves the terminal for the Disconnect button.
    await page.keyboard.press('Shift+Tab');
    await expect(page.getByRole('button', { name: 'Disconnect' })).toBeFocused();

    for (const theme of ['light', 'dark'] as const) {
      await (await hydrated(page.getByLabel('Colour theme'))).selectOption(theme);
      await expectAccessible(page);
      await screenshot(page, `instance-terminal-${theme}`);
    }

    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect(page.getByTestId('terminal-status')).toHaveText('Disconnected.');
    // Connect again and end the shell from inside: the page says how it ended.
    await page.getByRole('button', { name: 'Connect again' }).click();
    await expect(page.getByTestId('terminal-status')).toHaveText(/^Connected\./, { timeout: 15_000 });
    await page.keyboard.type('exit 3');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('terminal-status')).toHaveText('The shell exited with code 3.');
  });

  test('the terminal WebSocket and the stats stream refuse other tenants (404), viewers (403) and foreign pages', async ({ browser }) => {
    test.setTimeout(90_000);
    const stranger = await newAccount(browser, 'stranger');
    const viewer = await newAccount(browser, 'watcher');
    const added = await owner.page.request.post(`/api/v1/tenants/${owner.slug}/members`, { headers: FROM_CONSOLE, data: { email: viewer.email, role: 'viewer' } });
    expect(added.status(), await added.text()).toBe(201);
    await acceptInvitation(viewer.page, owner.slug);

    const path = `/api/v1/tenants/${owner.slug}/instances/${id}`;
    const origin = BASE;
    const as = async (who: { context: BrowserContext }, extra: Record<string, string> = {}) => ({ Cookie: await cookieHeader(who.context), Origin: origin, ...extra });

    // The owner gets a shell (the control: the same request is refused below only for who or where it comes from).
    expect(await openSocket(`${path}/terminal`, await as(owner))).toEqual({ status: 101, firstMessage: '{"type":"ready"}' });

    // Another tenant's user: 404, exactly as for a tenant that does not exist; the id through their own tenant too.
    const foreign = await openSocket(`${path}/terminal`, await as(stranger));
    expect(foreign).toEqual({ status: 404, body: { type: 'about:blank#not_found', status: 404, code: 'not_found', title: 'No such tenant.' } });
    expect(await openSocket(`/api/v1/tenants/no-such-tenant-anywhere/instances/${id}/terminal`, await as(stranger))).toEqual(foreign);
    expect(await openSocket(`/api/v1/tenants/${stranger.slug}/instances/${id}/terminal`, await as(stranger))).toMatchObject({ status: 404, body: { code: 'not_found' } });

    // A viewer of the tenant: 403 (viewers read; a shell is an operation).
    expect(await openSocket(`${path}/terminal`, await as(viewer))).toMatchObject({ status: 403, body: { code: 'forbidden' } });

    // Cross-site WebSocket hijacking: the owner's own cookie, sent by a page elsewhere, is refused; so is no Origin.
    expect(await openSocket(`${path}/terminal`, await as(owner, { Origin: 'http://evil.example' }))).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect(await openSocket(`${path}/terminal`, { Cookie: await cookieHeader(owner.context) })).toMatchObject({ status: 403 });
    // No sign-in at all.
    expect(await openSocket(`${path}/terminal`, { Origin: origin })).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });

    // The plain GET says the same, for the page to explain a refused WebSocket.
    await expectProblem(await stranger.page.request.get(`${path}/terminal`), 404, 'not_found');
    await expectProblem(await viewer.page.request.get(`${path}/terminal`), 403, 'forbidden');
    await expectProblem(await owner.page.request.get(`${path}/terminal`), 426, 'upgrade_required');

    // Stats: the owner's stream delivers samples; the viewer may read them; another tenant gets 404.
    const own = await firstStatsEvent(owner.context, `${path}/stats`);
    expect(own.status).toBe(200);
    expect(own.sample).toMatchObject({ cpuPercent: expect.any(Number), memoryBytes: expect.any(Number), memoryLimitBytes: 128 * 1024 * 1024 });
    expect((await firstStatsEvent(viewer.context, `${path}/stats`)).status).toBe(200);
    await expectProblem(await stranger.page.request.get(`${path}/stats`), 404, 'not_found');
    await expectProblem(await stranger.page.request.get(`/api/v1/tenants/${stranger.slug}/instances/${id}/stats`), 404, 'not_found');

    // The viewer's page has the charts but no terminal; the stranger's is a 404.
    await viewer.page.goto(`/t/${owner.slug}/instances/${id}`);
    await expect(viewer.page.getByTestId('metrics-cpu')).toHaveText(/ of 25 %/, { timeout: 20_000 });
    await expect(viewer.page.getByRole('region', { name: 'Logs' })).toBeVisible();
    await expect(viewer.page.getByRole('region', { name: 'Terminal' })).toHaveCount(0);
    expect((await stranger.page.goto(`/t/${owner.slug}/instances/${id}`))?.status()).toBe(404);

    for (const a of [stranger, viewer]) await a.context.close();
  });
});

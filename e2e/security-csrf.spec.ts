// Issue 12 finding 1 — cross-site request forgery through a tenant's own app, in real Chromium. A tenant container
// serves a page that attacks the console (no-cors text/plain POST to another organisation's members, a PUT of its
// budget, a form POST shaped as JSON); the victim owner and then the platform admin, signed in at
// http://localhost:PORT as in the issue, open the app's URL as the console shows it: nothing changes. The same page
// served from the console's own site (a stand-in for an apps domain under the console's registrable domain) still
// gets nowhere — the Origin/content-type check alone stops it. Also: the app URL is another site, the functions
// gateway answers on the apps listener and not on the console's origin, the console cannot be framed, and Next's
// server actions and Auth.js's sign-out refuse cross-site requests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { CONSOLE_ORIGIN, FROM_CONSOLE, hydrated, newAccount, signIn, signUp, uniqueEmail, uniqueOrg, type Account } from './helpers';

const PORT = Number(process.env.E2E_PORT ?? 3210);
/** The console as the victim reached it: localhost (the same site as http://localhost:<app port>). */
const VICTIM_ORIGIN = `http://localhost:${PORT}`;

/** The attack page: everything the issue tried, then a top-level form POST; parameters come in the query string. */
const ATTACK_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cute cats</title></head><body>
<h1>Cute cats</h1>
<form id="f" method="POST" enctype="text/plain"><input id="i" type="hidden"></form>
<iframe id="frame" title="framed console" width="400" height="300"></iframe>
<script>
const p = new URLSearchParams(location.search);
const c = p.get('console'), v = p.get('victim'), who = p.get('attacker');
document.getElementById('frame').src = c + '/login';
const api = c + '/api/v1/tenants/' + v;
const attempts = [
  fetch(api + '/members', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ email: who + '-fetch@evil.example', role: 'owner' }) }),
  fetch(api + '/budget', { method: 'PUT', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ amount: 1, blockCreates: true }) }),
  fetch(api + '/budget', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ amount: 1, blockCreates: true }) }),
];
Promise.allSettled(attempts).then(() => {
  document.title = 'fetched';
  // {"email":"…","role":"owner","x":"="}: a text/plain form whose body parses as JSON.
  const f = document.getElementById('f'), i = document.getElementById('i');
  f.action = api + '/members';
  i.name = '{"email":"' + who + '-form@evil.example","role":"owner","x":"';
  i.value = '"}';
  if (p.get('form') !== 'no') f.submit();
});
</script></body></html>`;

/** The container's program: serves $PAGE (the attack page) on port 8080. */
const SERVER_JS = `require('node:http').createServer((req, res) => { res.setHeader('content-type', 'text/html; charset=utf-8'); res.end(process.env.PAGE); }).listen(8080);`;

async function members(account: Account): Promise<string[]> {
  const res = await account.page.request.get(`/api/v1/tenants/${account.slug}/members`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { members: { email: string }[]; invitations: { email: string }[] };
  return [...body.members.map((m) => m.email), ...body.invitations.map((i) => i.email)].sort();
}

async function budget(account: Account): Promise<unknown> {
  const res = await account.page.request.get(`/api/v1/tenants/${account.slug}/billing`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { budget: unknown }).budget;
}

/** Opens the attack page as `page`'s user and waits until every attempt has been made and the form has landed. */
async function openAttack(page: Page, appUrl: string, q: { console: string; victim: string; attacker: string }): Promise<void> {
  const url = new URL(appUrl);
  for (const [k, v] of Object.entries(q)) url.searchParams.set(k, v);
  await page.goto(url.toString());
  // The form's top-level POST leaves the app for the console's API (whatever it answers).
  await page.waitForURL(`${q.console}/api/v1/tenants/${q.victim}/members`, { timeout: 30_000 });
}

/** A victim signed in at the console's localhost address, in a context of its own. */
async function victimAt(browser: Browser, origin: string): Promise<Account> {
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  const email = uniqueEmail('victim');
  const organisation = uniqueOrg('Victim Org');
  const slug = await signUp(page, { name: 'Victor Tim', email, organisation });
  return { context, page, email, name: 'Victor Tim', organisation, slug };
}

test('a tenant app’s page cannot act as a signed-in owner or the platform admin (issue 12, finding 1)', async ({ browser }) => {
  test.setTimeout(180_000);
  const attacker = await newAccount(browser, 'attacker');
  const victim = await victimAt(browser, VICTIM_ORIGIN);
  const before = { members: await members(victim), budget: await budget(victim) };
  expect(before.members).toEqual([victim.email]);

  // The attacker's app: a Node container serving the attack page.
  const api = `/api/v1/tenants/${attacker.slug}/instances`;
  const created = await attacker.page.request.post(api, { headers: FROM_CONSOLE, data: { name: 'cats', imageId: 'docker-node', flavorId: 'docker-nano', ports: [8080], command: ['node', '-e', SERVER_JS], env: [{ name: 'PAGE', value: ATTACK_HTML }] } });
  expect(created.status(), await created.text()).toBe(202);
  const { id } = (await created.json()) as { id: string };
  let appUrl = '';
  await expect(async () => {
    const inst = (await (await attacker.page.request.get(`${api}/${id}`)).json()) as { status: string; endpoints: { port: number; url: string }[] };
    expect(inst.status).toBe('running');
    appUrl = inst.endpoints.find((e) => e.port === 8080)!.url;
  }).toPass({ timeout: 60_000 });
  // As the console shows it, on its instance page.
  await attacker.page.goto(`/t/${attacker.slug}/instances/${id}`);
  await expect(attacker.page.getByTestId('endpoint-8080')).toHaveAttribute('href', appUrl);
  await expect(async () => expect((await attacker.page.request.get(appUrl)).status()).toBe(200)).toPass({ timeout: 20_000 });

  // The owner opens it…
  await openAttack(victim.page, appUrl, { console: VICTIM_ORIGIN, victim: victim.slug, attacker: 'owner-visit' });
  await expect(victim.page.locator('body')).not.toContainText('"role":"owner"');

  // …and the platform admin, signed in at the same address.
  const adminContext = await browser.newContext({ baseURL: VICTIM_ORIGIN });
  const admin = await adminContext.newPage();
  await signIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  await admin.waitForURL((u) => !u.pathname.startsWith('/login'));
  expect((await admin.request.get(`/api/v1/tenants/${victim.slug}/members`)).status()).toBe(200); // it could, if asked by the console
  await openAttack(admin, appUrl, { console: VICTIM_ORIGIN, victim: victim.slug, attacker: 'admin-visit' });

  expect(await members(victim)).toEqual(before.members);
  expect(await budget(victim)).toEqual(before.budget);
  // The app is another site than the console: another host (a port does not make a site).
  expect(new URL(appUrl).hostname).not.toBe(new URL(VICTIM_ORIGIN).hostname);
  expect(new URL(appUrl).hostname).not.toBe(new URL(CONSOLE_ORIGIN).hostname);

  await attacker.page.request.delete(`${api}/${id}`, { headers: FROM_CONSOLE });
  await adminContext.close();
  await victim.context.close();
  await attacker.context.close();
});

test('the same page on the console’s own site is refused by the Origin and content-type check alone', async ({ browser }) => {
  // Served from 127.0.0.1 like the console: the same site, so the browser does send the Lax session cookie.
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ATTACK_HTML));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const sameSite = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    const victim = await victimAt(browser, CONSOLE_ORIGIN);
    const before = { members: await members(victim), budget: await budget(victim) };
    // The form's top-level POST to the members route (its answer is readable here, unlike the no-cors fetches).
    const formAnswer = victim.page.waitForResponse(
      (r) => r.url().endsWith('/members') && r.request().method() === 'POST' && r.request().isNavigationRequest(),
      { timeout: 30_000 },
    );
    await openAttack(victim.page, sameSite, { console: CONSOLE_ORIGIN, victim: victim.slug, attacker: 'same-site' });
    // It got the stable problem, not a 401: the cookie was sent, and the Origin/content-type check refused it.
    const form = await formAnswer;
    expect(form.status()).toBe(403);
    expect(await form.text()).toContain('cross_site_request');
    expect(await members(victim)).toEqual(before.members);
    expect(await budget(victim)).toEqual(before.budget);
    await victim.context.close();
  } finally {
    server.close();
  }
});

test('the console cannot be framed and sends its security headers on pages and API answers', async ({ page, browser }) => {
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ATTACK_HTML));
  await new Promise<void>((r) => server.listen(0, '127.0.0.2', r));
  try {
    await page.goto(`http://127.0.0.2:${(server.address() as AddressInfo).port}/?console=${encodeURIComponent(CONSOLE_ORIGIN)}&victim=x&attacker=x&form=no`);
    await expect(page).toHaveTitle('fetched');
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    // Blocked by frame-ancestors/X-Frame-Options: the frame shows Chromium's error page, never the sign-in form.
    await expect.poll(async () => frame.url(), { timeout: 10_000 }).not.toBe('about:blank');
    expect(await frame.locator('input[name="password"]').count()).toBe(0);
    expect(frame.url()).not.toContain('/login');
  } finally {
    server.close();
  }
  const context = await browser.newContext();
  for (const path of ['/login', '/api/v1/health', '/no-such-page']) {
    const res = await context.request.get(path);
    const h = res.headers();
    expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(h['x-frame-options'], path).toBe('DENY');
    expect(h['x-content-type-options'], path).toBe('nosniff');
    expect(h['referrer-policy'], path).toBe('same-origin');
  }
  await context.close();
});

test('function URLs are on the apps listener; the console’s origin does not serve them', async ({ browser }) => {
  const owner = await newAccount(browser, 'fnsite');
  const created = await owner.page.request.post(`/api/v1/tenants/${owner.slug}/functions`, { headers: FROM_CONSOLE, data: { name: 'hello', code: 'export default () => ({ body: "hi from a function" })' } });
  expect(created.status(), await created.text()).toBe(201);
  const { invokeUrl } = (await created.json()) as { invokeUrl: string };
  const url = new URL(invokeUrl);
  expect(url.hostname).toBe('127.0.0.2');
  expect(url.origin).not.toBe(CONSOLE_ORIGIN);
  await expect(async () => expect(await (await owner.page.request.get(invokeUrl)).text()).toBe('hi from a function')).toPass({ timeout: 30_000 });
  const onConsole = await owner.page.request.get(`${CONSOLE_ORIGIN}${url.pathname}`);
  expect(onConsole.status()).toBe(404);
  expect(await onConsole.text()).not.toContain('hi from a function');
  // The apps listener serves nothing of the console.
  expect((await owner.page.request.get(`${url.origin}/api/v1/health`)).status()).toBe(404);
  expect((await owner.page.request.get(`${url.origin}/login`)).status()).toBe(404);
  await owner.context.close();
});

test('Next’s server actions and Auth.js’s sign-out refuse a cross-site request with the session cookie', async ({ browser }) => {
  const owner = await newAccount(browser, 'actions');
  await owner.page.goto(`/t/${owner.slug}/dashboard`);
  await hydrated(owner.page.locator('summary[aria-label^="Account menu"]'));
  // The sign-out form is a server action; without JS it posts $ACTION_ID_<id> as multipart — no custom header needed.
  const html = await (await owner.page.request.get(`/t/${owner.slug}/dashboard`)).text();
  const actionId = /\$ACTION_ID_([0-9a-f]+)/.exec(html)?.[1];
  expect(actionId).toBeTruthy();
  const signOutBy = (origin: string) =>
    owner.page.request.post(`/t/${owner.slug}/dashboard`, { headers: { origin }, multipart: { [`$ACTION_ID_${actionId}`]: '' }, maxRedirects: 0 });
  const clearsSession = (res: { headersArray(): { name: string; value: string }[] }) =>
    res.headersArray().some((h) => h.name.toLowerCase() === 'set-cookie' && /authjs\.session-token=;/.test(h.value));

  const foreign = await signOutBy('http://127.0.0.2:4000');
  expect(clearsSession(foreign)).toBe(false);
  expect(foreign.status()).toBeGreaterThanOrEqual(400);
  // Auth.js's own sign-out endpoint wants its CSRF token (double-submit cookie), which another site cannot read.
  const authSignOut = await owner.page.request.post('/api/auth/signout', { headers: { origin: 'http://127.0.0.2:4000' }, form: { csrfToken: 'guessed' }, maxRedirects: 0 });
  expect(clearsSession(authSignOut)).toBe(false);
  expect((await owner.page.request.get('/api/v1/me')).status()).toBe(200);

  // Control: the same server action from the console's own origin does sign out.
  const own = await signOutBy(CONSOLE_ORIGIN);
  expect(clearsSession(own)).toBe(true);
  await owner.context.close();
});

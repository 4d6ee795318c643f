// The API reference in real Chromium against the built console: /api/v1/openapi.json is served without credentials
// (cacheable) and agrees with the server (a body with an unknown field is refused with a code the document lists
// for that operation); a signed-in user opens the reference from the account menu, finds an operation under its tag
// with its body fields and problem codes, and the page passes axe in light and dark. Without a session the page
// sends people to sign in.
import { expect, test } from '@playwright/test';
import { expectAccessible, expectProblem, FROM_CONSOLE, hydrated, newAccount, screenshot } from './helpers';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: { allOf?: { properties?: { code?: { enum?: string[] } } }[] } }> }> }>>;
};

test('openapi.json is public and cacheable, and the server answers as it says', async ({ playwright, browser }) => {
  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const res = await anonymous.get('/api/v1/openapi.json');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/json');
  expect(res.headers()['cache-control']).toMatch(/public/);
  const doc = (await res.json()) as Doc;
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/openapi.json', '/api/v1/tenants/{slug}/instances', '/api/v1/me/ssh-keys']));
  await anonymous.dispose();

  // The document's 400 for creating an instance lists validation_failed; the server refuses an unknown field with it.
  const { context, page, slug } = await newAccount(browser, 'openapi');
  const create = doc.paths['/api/v1/tenants/{slug}/instances']!.post!;
  const codes = create.responses['400']!.content!['application/problem+json']!.schema.allOf![1]!.properties!.code!.enum!;
  expect(codes).toContain('validation_failed');
  const refused = await page.request.post(`/api/v1/tenants/${slug}/instances`, {
    data: { name: 'web', imageId: 'docker-static-web', flavorId: 'docker-nano', notAField: true },
    headers: FROM_CONSOLE,
  });
  const problem = await expectProblem(refused, 400, 'validation_failed');
  expect(problem.errors).toMatchObject({ notAField: 'Unknown field.' });
  await context.close();
});

test('the API reference: from the account menu, operations by tag, accessible in light and dark', async ({ browser }) => {
  const { context, page } = await newAccount(browser, 'apidocs');
  await page.locator('summary[aria-label^="Account menu"]').click();
  await page.getByRole('link', { name: 'API reference' }).click();
  await page.waitForURL(/\/api-docs$/);
  await expect(page.getByRole('heading', { level: 1, name: 'API reference' })).toBeVisible();
  for (const tag of ['Account', 'Instances', 'Functions', 'Organisation', 'Billing', 'Platform admin', 'System']) {
    await expect(page.getByRole('heading', { level: 2, name: tag })).toBeVisible();
  }
  const operations = page.getByTestId('api-operation');
  expect(await operations.count()).toBeGreaterThanOrEqual(60);

  // One operation, opened: who may call it, its body's fields and its problem codes.
  const create = page.locator('#post_tenants_by_slug_instances');
  await create.locator('summary').click();
  await expect(create).toContainText('Organisation member');
  await expect(create.getByText('imageId', { exact: true }).first()).toBeVisible();
  await expect(create).toContainText('quota_exceeded');
  await expect(create).toContainText('No other fields: an unknown field is refused.');
  // Its parameters are a table with a row per parameter, named by the parameter.
  const parameters = create.getByRole('table', { name: /^Parameters of POST / });
  await expect(parameters.getByRole('columnheader')).toHaveText(['Name', 'In', 'Type', 'Description']);
  await expect(parameters.getByRole('rowheader').filter({ hasText: 'slug' })).toContainText('required');
  await expectAccessible(page);
  await screenshot(page, 'api-docs-light');

  await (await hydrated(page.getByLabel('Colour theme'))).selectOption('dark');
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await expect(create).toHaveAttribute('open', '');
  await expectAccessible(page);
  await screenshot(page, 'api-docs-dark');

  // The JSON link is the document itself.
  const link = page.getByRole('link', { name: 'openapi.json' });
  expect(await link.getAttribute('href')).toBe('/api/v1/openapi.json');
  await context.close();

  // Without a session the reference sends people to sign in.
  const anonymous = await browser.newContext();
  const anon = await anonymous.newPage();
  await anon.goto('/api-docs');
  await anon.waitForURL(/\/login/);
  await anonymous.close();
});

// Lighthouse (accessibility and best practices, ≥ 95 each) on the dashboard, the instances list, the create wizard and
// billing, signed in, in the same Debian Chromium the suite uses: Lighthouse drives it over the DevTools protocol
// (a persistent context, whose cookies are the browser's own, so the audited tab is signed in).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { chromium, expect, test, type BrowserContext } from '@playwright/test';
import config from '../playwright.config';
import { newAccount } from './helpers';

const MIN_SCORE = 95;
const PAGES = [
  { name: 'dashboard', path: (slug: string) => `/t/${slug}/dashboard` },
  { name: 'instances list', path: (slug: string) => `/t/${slug}/instances` },
  { name: 'create wizard', path: (slug: string) => `/t/${slug}/instances/new` },
  { name: 'billing', path: (slug: string) => `/t/${slug}/billing` },
];

let cookies: Awaited<ReturnType<BrowserContext['cookies']>>;
let slug: string;

test.beforeAll(async ({ browser }) => {
  const account = await newAccount(browser, 'lighthouse');
  slug = account.slug;
  cookies = await account.context.cookies();
  await account.context.close();
});

/** A free TCP port on loopback for Chromium's DevTools endpoint. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

for (const p of PAGES) {
  test(`Lighthouse: the ${p.name} scores at least ${MIN_SCORE} for accessibility and best practices`, async ({ baseURL }) => {
    test.setTimeout(150_000);
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-e2e-lighthouse-'));
    const args = config.use?.launchOptions?.args ?? [];
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: config.use?.launchOptions?.executablePath,
      args: [...args, `--remote-debugging-port=${port}`],
      headless: true,
    });
    try {
      await context.addCookies(cookies);
      const { default: lighthouse } = await import('lighthouse');
      const result = await lighthouse(
        `${baseURL}${p.path(slug)}`,
        { port, output: 'json', logLevel: 'error', onlyCategories: ['accessibility', 'best-practices'], disableStorageReset: true },
        {
          extends: 'lighthouse:default',
          settings: {
            formFactor: 'desktop',
            screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
            // A loaded test machine: no simulated throttling (the scores asked for do not depend on speed).
            throttlingMethod: 'provided',
            maxWaitForLoad: 60_000,
          },
        },
      );
      expect(result, 'Lighthouse ran').toBeTruthy();
      const lhr = result!.lhr;
      expect(lhr.runtimeError?.message, 'no runtime error').toBeUndefined();
      expect(lhr.finalDisplayedUrl, 'audited signed in').toContain(p.path(slug));
      const failing = (category: 'accessibility' | 'best-practices') =>
        lhr.categories[category]!.auditRefs
          .filter((r) => r.weight > 0 && (lhr.audits[r.id]?.score ?? 1) < 1)
          .map((r) => `${r.id}: ${lhr.audits[r.id]!.title}`);
      for (const category of ['accessibility', 'best-practices'] as const) {
        const score = Math.round((lhr.categories[category]!.score ?? 0) * 100);
        console.log(`Lighthouse ${p.name}: ${category} ${score}`);
        expect(score, `${category} ${score}; failing: ${failing(category).join('; ')}`).toBeGreaterThanOrEqual(MIN_SCORE);
      }
    } finally {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

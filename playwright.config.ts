// End-to-end tests in Debian's Chromium against the built console, started on its own port with a fresh embedded
// database. `./overcast test` builds first; run `npx playwright test` alone only after `next build`.
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3210);
/** Results, HTML report and screenshots; a run of its own elsewhere keeps concurrent runs in one tree apart. */
export const E2E_ARTIFACTS = process.env.E2E_ARTIFACTS ?? 'e2e/artifacts';
export const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? `${E2E_ARTIFACTS}/data`;
export const E2E_ADMIN = { email: 'admin@e2e.test', password: 'e2e-admin-password-1234' };

export default defineConfig({
  testDir: 'e2e',
  outputDir: `${E2E_ARTIFACTS}/results`,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['html', { outputFolder: `${E2E_ARTIFACTS}/report`, open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // 127.0.0.2: the apps address (tenant containers, VMs and functions; another site than the console).
        // *.localhost: apps' https hosts on the ingress (Chromium resolves them to loopback itself).
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE *.localhost, EXCLUDE 127.0.0.1, EXCLUDE 127.0.0.2',
        '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter',
      ],
    },
  },
  webServer: {
    command: `rm -rf ${E2E_DATA_DIR} && node --import tsx scripts/setup.ts && exec node --import tsx scripts/serve.ts`,
    url: `http://127.0.0.1:${PORT}/api/v1/health`,
    // E2E_SERVER_TIMEOUT_MS: longer on a machine busy with other work (set-up and start take minutes there).
    timeout: Number(process.env.E2E_SERVER_TIMEOUT_MS) || 120_000,
    reuseExistingServer: false,
    // Stopped like `./overcast stop` does, so that it removes its stem cells and containers (a kill leaves them
    // running on this machine's engine until the next run with the same console id).
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      OVERCAST_DATA_DIR: E2E_DATA_DIR,
      OVERCAST_PORT: String(PORT),
      // The functions listener on the apps address (127.0.0.2): E2E_APPS_PORT, else the console's port + 1.
      ...(process.env.E2E_APPS_PORT ? { OVERCAST_APPS_PORT: process.env.E2E_APPS_PORT } : {}),
      // Fixed, so that each run's orphan sweep also clears containers a crashed earlier run left behind
      // (E2E_CONSOLE_ID keeps concurrent runs on one machine out of each other's sweeps).
      OVERCAST_CONSOLE_ID: process.env.E2E_CONSOLE_ID ?? 'e2e',
      // VM images are built once per checkout (./overcast run/test: $OVERCAST_DATA_DIR/vm-images); the e2e data directory is fresh.
      OVERCAST_VM_IMAGES_DIR: process.env.OVERCAST_VM_IMAGES_DIR ?? path.resolve(process.env.OVERCAST_DATA_DIR ?? 'data', 'vm-images'),
      // The image registry (lib/registry) on the console's port + 5, ended with the console (its data dir is fresh).
      // The ingress (lib/ingress, nginx) on the console's port + 6 (E2E_INGRESS_PORT), ended with it as well.
      OVERCAST_REGISTRY_STOP_WITH_CONSOLE: '1',
      OVERCAST_INGRESS_PORT: process.env.E2E_INGRESS_PORT ?? String(PORT + 6),
      OVERCAST_ADMIN_EMAIL: E2E_ADMIN.email,
      OVERCAST_ADMIN_PASSWORD: E2E_ADMIN.password,
      NEXT_TELEMETRY_DISABLED: '1',
      CHECKPOINT_DISABLE: '1',
      // The suite uses one browser address for everyone: keep the sign-in limit out of the way of other flows.
      OVERCAST_LOGIN_MAX_FAILURES: '5',
    },
  },
});

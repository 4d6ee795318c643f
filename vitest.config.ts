// Test runner configuration: `unit` (pure, no database, beside the code in lib/, scripts/ and cli/), `integration` (a
// real database provided by test/global-setup.ts: PostgreSQL when OVERCAST_TEST_DATABASE_URL is set, else PGlite) and `docker`
// (the same, plus real containers on the Docker Engine) and `qemu` (real VMs booted with QEMU).
import path from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const root = import.meta.dirname;

const DOCKER_TESTS = 'test/integration/docker-*.test.ts';
const QEMU_TESTS = 'test/integration/qemu-*.test.ts';
/**
 * The security round's tests (issue 12: each attack tried, on the real database and engines), grouped so that
 * `./overcast test` runs them as a stage of their own: browser (CSRF, the apps address), input (route fuzzing, NUL
 * characters), sign-in and API rate limits, sessions, the authorization matrix and API tokens, secrets at rest, the
 * reconciler's lease, function limits, and the sandboxes (container isolation and egress, crash-loop backoff, VMs'
 * isolation).
 */
const SECURITY_TESTS = [
  'security-*',
  'fuzz-routes',
  'nul-characters',
  'sessions',
  'rate-limit',
  'api-rate-limit',
  'auth-matrix',
  'api-tokens',
  'secrets-*',
  'reconciler-lease-fencing',
  'functions-limits',
  'docker-isolation',
  'docker-registry',
  'docker-egress',
  'docker-crash-loop-backoff',
  'docker-functions-limits',
  'docker-secrets-at-rest',
  'docker-builds',
  'qemu-isolation',
  // Volumes: another tenant's volume is 404 on every route, host paths cannot be named.
  'volumes-api',
].map((name) => `test/integration/${name}.test.ts`);

/** Tests against a real database provided by test/global-setup.ts. */
const integration: TestProjectInlineConfiguration['test'] = {
  environment: 'node',
  globalSetup: ['test/global-setup.ts'],
  setupFiles: ['test/setup-integration.ts'],
  // One database for the whole run: files run one after another, never side by side.
  fileParallelism: false,
  maxWorkers: 1,
  // Child processes, a fresh PGlite per migration test and argon2 hashing take longer than unit tests.
  testTimeout: 60_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  resolve: {
    alias: {
      '@': root,
      // Next's guard against importing server code into client bundles; a no-op outside Next.
      'server-only': path.join(root, 'test', 'empty-module.ts'),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'scripts/**/*.test.ts', 'cli/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], exclude: [DOCKER_TESTS, QEMU_TESTS, ...SECURITY_TESTS], ...integration },
      },
      {
        // The same kind of tests with real containers on the Docker Engine. A project of their own because they are
        // slow-ish and their outcome does not depend on the database: ./overcast test runs them once, on PostgreSQL
        // (the production database, where a second console process really shares the database), while the plain
        // integration tests run on both databases. `npx vitest run --project docker` runs them on PGlite.
        extends: true,
        test: { name: 'docker', include: [DOCKER_TESTS], exclude: SECURITY_TESTS, ...integration },
      },
      {
        // Real VMs (QEMU, TCG here): CPU-bound boots, so a project of its own run once by ./overcast test, like
        // `docker`. `npx vitest run --project qemu` builds the tiny image first if it is missing.
        extends: true,
        test: { name: 'qemu', include: [QEMU_TESTS], exclude: SECURITY_TESTS, ...integration, testTimeout: 120_000 },
      },
      {
        // SECURITY_TESTS, database-only and on the engines alike: ./overcast test runs them once, on PostgreSQL.
        extends: true,
        test: { name: 'security', include: SECURITY_TESTS, ...integration, testTimeout: 120_000 },
      },
    ],
  },
});

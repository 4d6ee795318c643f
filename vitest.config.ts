// Test runner configuration: `unit` (pure, no database, beside the code in lib/) and `integration` (a real
// database provided by test/global-setup.ts: PostgreSQL when OVERCAST_TEST_DATABASE_URL is set, else PGlite).
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

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
          include: ['lib/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/setup-integration.ts'],
          // One database for the whole run: files run one after another, never side by side.
          fileParallelism: false,
          maxWorkers: 1,
          // Child processes, a fresh PGlite per migration test and argon2 hashing take longer than unit tests.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ['.next/**', 'node_modules/**', 'lib/generated/**', 'data/**', 'test-results/**', 'playwright-report/**', 'e2e/artifacts/**', 'next-env.d.ts',
    // A tenant's example app (CommonJS, run inside its own image), not the console's code.
    'docs/examples/**'] },
];
export default config;

import { defineConfig } from 'vitest/config';

/** tests that need dist/: the end-to-end tests and the import's worker thread (a bundled file) */
const BUILT = ['test/e2e/**/*.test.ts', 'test/pg/**/*.test.ts', 'test/services/import-rows.test.ts', 'test/services/import-signal.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      // unit, service and in-process CLI tests run from src: no build needed (`npm run test:unit`)
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: BUILT } },
      // these run the compiled code (bin/klynge.js, the bundled import worker): built once first
      { extends: true, test: { name: 'e2e', include: BUILT, globalSetup: ['test/helpers/global-setup.ts'] } },
    ],
  },
});

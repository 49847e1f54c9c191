import { defineConfig } from 'vitest/config';

/** tests that need dist/: the end-to-end tests and the import's worker thread (a bundled file) */
const BUILT = ['test/e2e/**/*.test.ts', 'test/pg/**/*.test.ts', 'test/services/import-rows.test.ts', 'test/services/import-signal.test.ts'];
/**
 * The end-to-end tests once more with their databases on PostgreSQL (KLYNGE_TEST_STORE=postgres:
 * test/helpers/workspace.ts), when there is a server (KLYNGE_TEST_PG) or one is required
 * (KLYNGE_REQUIRE_PG=1, as in CI). Not test/pg/** nor scenario-year, which run on both already.
 */
const ON_PG_TOO = !!process.env.KLYNGE_TEST_PG || process.env.KLYNGE_REQUIRE_PG === '1';

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
      ...(ON_PG_TOO
        ? [
            {
              extends: true as const,
              test: {
                name: 'e2e-pg',
                include: BUILT.filter((g) => !g.startsWith('test/pg/')),
                exclude: ['test/e2e/scenario-year.test.ts'],
                env: { KLYNGE_TEST_STORE: 'postgres' },
                globalSetup: ['test/helpers/global-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});

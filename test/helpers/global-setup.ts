import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Build (tsc, then the bundle bin/klynge.js runs) so end-to-end tests run the same code as the tests in-process. */
export default function setup(): void {
  // once per run: the projects e2e and e2e-pg both name this setup, and vitest runs each project's
  if (process.env.KLYNGE_TEST_BUILT === String(process.pid)) return;
  const root = path.resolve(__dirname, '..', '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs')], { stdio: 'inherit', cwd: root });
  process.env.KLYNGE_TEST_BUILT = String(process.pid);
}

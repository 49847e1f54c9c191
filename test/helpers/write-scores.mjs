// A second process that saves scores one application at a time, as an evaluator
// would: used to check that two writers at once both land.
// usage: node write-scores.mjs DB EVALUATOR
import { openDatabase } from '../../dist/db/open.js';
import { resolveCall } from '../../dist/db/calls.js';
import { saveScores } from '../../dist/services/scoring.js';

const [db, evaluator] = process.argv.slice(2);
const { db: conn } = openDatabase(db);
const ctx = { db: conn, actor: evaluator, now: () => new Date(), version: 'test' };
const call = resolveCall(conn, undefined);
const refs = conn.prepare('SELECT ref FROM applications WHERE call_id = ? ORDER BY ref').pluck().all(call.id);
let n = 0;
for (const ref of refs) {
  const values = Object.fromEntries(call.criteria.map((c, i) => [c.key, (ref.length + i + evaluator.length) % 6]));
  const r = saveScores(ctx, call, ref, evaluator, values, `Vurdert av ${evaluator}`);
  n += r.changed.length;
}
conn.close();
process.stdout.write(String(n));

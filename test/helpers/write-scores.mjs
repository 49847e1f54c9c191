// A second process that saves scores one application at a time, as an evaluator
// would: used to check that two writers at once both land.
// usage: node write-scores.mjs DB EVALUATOR (DB a SQLite file or a postgres:// URL)
import { openSqliteStore } from '../../dist/db/sqlite-store.js';
import { isPgTarget, parsePgTarget } from '../../dist/db/target.js';
import { saveScores } from '../../dist/services/scoring.js';

const [db, evaluator] = process.argv.slice(2);
const { store } = isPgTarget(db) ? await (await import('../../dist/db/pg/pg-store.js')).openPgStore(parsePgTarget(db, process.env), process.env) : openSqliteStore(db);
const ctx = { store, actor: evaluator, now: () => new Date(), version: 'test' };
const call = await store.calls.resolve(undefined);
const refs = (await store.applications.refs(call.id)).map((a) => a.ref).sort();
let n = 0;
for (const ref of refs) {
  const values = Object.fromEntries(call.criteria.map((c, i) => [c.key, (ref.length + i + evaluator.length) % 6]));
  const r = await saveScores(ctx, call, ref, evaluator, values, `Vurdert av ${evaluator}`);
  n += r.changed.length;
}
await store.close();
process.stdout.write(String(n));

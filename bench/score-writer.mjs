// One evaluator saving scores one application at a time, as the scorer does (each save its own
// transaction), for the benchmark's "two processes scoring at once": prints how many it saved.
// usage: node score-writer.mjs DB EVALUATOR COUNT   (DB a SQLite file or postgres://…)
import { openSqliteStore } from '../dist/db/sqlite-store.js';
import { openPgStore } from '../dist/db/pg/pg-store.js';
import { isPgTarget, parsePgTarget } from '../dist/db/target.js';
import { saveScores } from '../dist/services/scoring.js';

const [db, evaluator, count] = process.argv.slice(2);
const { store } = isPgTarget(db) ? await openPgStore(parsePgTarget(db, process.env), process.env) : openSqliteStore(db);
const ctx = { store, actor: evaluator, now: () => new Date(), version: 'bench' };
const call = await store.calls.resolve(undefined);
const refs = (await store.applications.refs(call.id)).map((a) => a.ref).sort().slice(0, Number(count));
let n = 0;
for (const ref of refs) {
  const values = Object.fromEntries(call.criteria.map((c, i) => [c.key, (ref.length + i + evaluator.length) % 6]));
  await saveScores(ctx, call, ref, evaluator, values, `Vurdert av ${evaluator}`);
  n++;
}
await store.close();
process.stdout.write(String(n));

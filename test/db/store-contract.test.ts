/**
 * The store's contract: every repository method and the transaction rule, against a real
 * temporary database of each backend: SQLite, and PostgreSQL on the test server when there is
 * one (test/helpers/pg.ts). Written as a function of a store factory; a backend joins by adding
 * itself to BACKENDS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RowValues } from '../../src/core/application-row.js';
import type { CallDefinition } from '../../src/core/call.js';
import { scoreAt } from '../../src/core/score-table.js';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { openPgStore } from '../../src/db/pg/pg-store.js';
import { PG_MIGRATIONS } from '../../src/db/pg/schema.js';
import { openSqliteStore } from '../../src/db/sqlite-store.js';
import { parsePgTarget } from '../../src/db/target.js';
import type { AidWrite, LetterWrite, Store } from '../../src/db/store.js';
import { makeCall } from '../helpers/builders.js';
import { tmpDir } from '../helpers/cli.js';
import { PG_RUNS, dropPgDatabases, migratedPgDatabase, warnIfSkipped } from '../helpers/pg.js';

interface Backend {
  name: string;
  /** a fresh, empty, migrated store */
  make(): Promise<Store>;
  /** a second connection to the same database that gives up at once when it is busy (busy retry) */
  second(store: Store): Promise<Store>;
}

const dir = tmpDir('klynge-store-');
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await dropPgDatabases();
});
warnIfSkipped('store contract on PostgreSQL');
let n = 0;
const files = new WeakMap<Store, string>();

const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    make: async () => {
      const file = path.join(dir, `s${n++}.db`);
      const { store } = openSqliteStore(file, { create: true });
      files.set(store, file);
      return store;
    },
    second: async (store) => openSqliteStore(files.get(store)!, { busyTimeoutMs: 0 }).store,
  },
  ...(PG_RUNS
    ? [
        {
          name: 'postgres',
          make: async () => {
            const url = await migratedPgDatabase();
            const { store } = await openPgStore(parsePgTarget(url, {}), {});
            files.set(store, url);
            return store;
          },
          second: async (store: Store) => (await openPgStore(parsePgTarget(files.get(store)!, {}), {})).store,
        },
      ]
    : []),
];

const AT = '2021-09-01T12:00:00.000Z';
const AID: AidWrite = { orgNumber: '992011491', date: '2021-02-01', amount: 250_000_00, currency: 'NOK', giver: 'Innovasjon Norge', basis: 'de-minimis', source: 'aid.csv', line: 2 };
const LATER = '2021-09-02T12:00:00.000Z';

/** RowValues as an import writes them */
function row(ref: string, over: { requested?: number; submitted?: string | null; applicant?: string } = {}): RowValues {
  return [ref, over.applicant ?? `Søker ${ref}`, null, `Prosjekt ${ref}`, '["Partner A"]', over.requested ?? 100_000_00, null, 'Sammendrag', 'Kari', 'kari@example.no', over.submitted ?? null, '{"Merknad":"x"}', null];
}

/** a store with a call, three applications and two evaluators */
async function world(b: Backend, def: CallDefinition = makeCall()) {
  const store = await b.make();
  const call = await store.calls.insert(def, AT);
  await store.transaction(async (tx) => {
    const imp = await tx.applications.importer(call.id, AT);
    await imp.rows([
      { line: 2, ref: '21/1', values: row('21/1') },
      { line: 3, ref: '21/2', values: row('21/2', { submitted: '2021-03-01' }) },
      { line: 4, ref: '21/3', values: row('21/3') },
    ]);
    await imp.close();
  });
  const [a1, a2, a3] = await Promise.all(['21/1', '21/2', '21/3'].map((r) => store.applications.get(call.id, r)));
  const kari = await store.evaluators.insert('Kari Nordmann', 'kari@example.no', AT);
  const ola = await store.evaluators.insert('Ola Hansen', null, AT);
  return { store, call, a1, a2, a3, kari, ola };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const score = (evaluatorId: number, applicationId: number, criterion: string, value: number | null, comment = 'begrunnelse') => ({ evaluatorId, applicationId, criterion, value, comment, at: AT });

for (const b of BACKENDS) {
  describe(`store contract: ${b.name}`, () => {
    describe('calls', () => {
      it('insert, byId, list, resolve, setStatus, counts', async () => {
        const store = await b.make();
        await expect(store.calls.resolve(undefined)).rejects.toMatchObject({ code: 'call.none' });
        const c = await store.calls.insert(makeCall({ slug: 'a-2021', year: 2021 }), AT);
        expect(c).toMatchObject({ slug: 'a-2021', status: 'open', createdAt: AT, year: 2021 });
        expect(typeof c.id).toBe('number');
        await expect(store.calls.insert(makeCall({ slug: 'a-2021' }), AT)).rejects.toMatchObject({ code: 'call.exists' });
        expect(await store.calls.byId(c.id)).toEqual(c);
        await expect(store.calls.byId(c.id + 100)).rejects.toMatchObject({ code: 'call.not_found' });
        expect(await store.calls.resolve(undefined)).toEqual(c);
        const d = await store.calls.insert(makeCall({ slug: 'b-2022', year: 2022 }), AT);
        expect((await store.calls.list()).map((x) => x.slug)).toEqual(['b-2022', 'a-2021']);
        await expect(store.calls.resolve(undefined)).rejects.toMatchObject({ code: 'callchoice.ambiguous' });
        await expect(store.calls.resolve('c-2023')).rejects.toMatchObject({ code: 'callchoice.unknown', params: { slugs: 'a-2021, b-2022' } });
        await expect(store.calls.resolve('c-2023', 'env')).rejects.toMatchObject({ code: 'callchoice.unknown_env', params: { slug: 'c-2023' } });
        expect((await store.calls.resolve('b-2022')).id).toBe(d.id);
        await store.calls.setStatus(c.id, 'scoring', LATER);
        expect((await store.calls.byId(c.id)).status).toBe('scoring');
        expect(await store.calls.counts(c.id)).toEqual({ applications: 0, requested: 0, withdrawn: 0, ineligible: 0, activeRequested: 0, scored: 0, activeScored: 0, decided: 0, granted: 0 });
        await store.close();
      });

      it('the default call: setDefault, defaultSlug; resolve takes it when no slug is named, a named one first', async () => {
        const store = await b.make();
        const a = await store.calls.insert(makeCall({ slug: 'a-2021', year: 2021 }), AT);
        const c = await store.calls.insert(makeCall({ slug: 'b-2022', year: 2022 }), AT);
        expect(await store.calls.defaultSlug()).toBeNull();
        await store.calls.setDefault('b-2022', 't', AT);
        expect(await store.calls.defaultSlug()).toBe('b-2022');
        expect((await store.calls.resolve(undefined)).id).toBe(c.id);
        expect((await store.calls.resolve('a-2021')).id).toBe(a.id);
        await store.calls.setDefault('a-2021', 't', LATER);
        expect((await store.calls.resolve(undefined)).id).toBe(a.id);
        await store.calls.setDefault(null, 't', LATER);
        expect(await store.calls.defaultSlug()).toBeNull();
        await expect(store.calls.resolve(undefined)).rejects.toMatchObject({ code: 'callchoice.ambiguous' });
        await store.close();
      });

      it('update replaces the definition (same id, slug, status) and makes a stored run stale', async () => {
        const { store, call } = await world(b);
        const id = await store.runs.insert({ callId: call.id, hash: 'h', overrides: {}, version: '1', actor: 't', at: AT });
        const def = makeCall();
        def.name = 'Nytt navn';
        def.tiers = def.tiers.map((t, i) => (i === 0 ? { ...t, budget: t.budget + 100_000_00 } : t));
        const u = await store.calls.update(call.id, def, LATER);
        expect(u).toMatchObject({ id: call.id, slug: call.slug, status: call.status, name: 'Nytt navn' });
        expect(u.tiers[0].budget).toBe(call.tiers[0].budget + 100_000_00);
        expect(await store.calls.byId(call.id)).toEqual(u);
        expect(await store.runs.changedSince(call.id, id)).toBe(true);
        await store.close();
      });

      it('counts a call’s applications, what they ask for, the scored and the decided', async () => {
        const { store, call, a1, a2, kari } = await world(b);
        await store.scores.put([score(kari.id, a1.id, 'green', 3)]);
        await store.decisions.setManual(a2.id, { tier: 'main', granted: 50_000_00, status: 'partially granted', note: null, actor: 't', at: AT });
        expect(await store.calls.counts(call.id)).toEqual({ applications: 3, requested: 300_000_00, withdrawn: 0, ineligible: 0, activeRequested: 300_000_00, scored: 1, activeScored: 1, decided: 1, granted: 50_000_00 });
        // withdrawn and ineligible ones are counted apart, and their amounts leave what the competing ask for
        await store.applications.setStanding(a1.id, { status: 'withdrawn', note: null, actor: 't', at: AT });
        await store.applications.setStanding(a2.id, { status: 'ineligible', note: 'x', actor: 't', at: AT });
        expect(await store.calls.counts(call.id)).toMatchObject({ applications: 3, requested: 300_000_00, withdrawn: 1, ineligible: 1, activeRequested: 300_000_00 - a1.requested - a2.requested, scored: 1, activeScored: 0 });
        await store.close();
      });
    });

    describe('applications', () => {
      it('list, listBrief, get (with near refs), refs', async () => {
        const { store, call, a1 } = await world(b);
        expect(a1).toMatchObject({ ref: '21/1', callId: call.id, applicant: 'Søker 21/1', partners: ['Partner A'], requested: 100_000_00, summary: 'Sammendrag', extra: { Merknad: 'x' } });
        const full = await store.applications.list(call.id);
        expect(full.map((a) => a.ref)).toEqual(['21/1', '21/2', '21/3']);
        const brief = await store.applications.listBrief(call.id);
        expect(brief).toEqual(full.map((a) => ({ ...a, partners: [], summary: '', contactName: null, contactEmail: null, extra: {} })));
        expect((await store.applications.refs(call.id)).map((r) => r.ref).sort()).toEqual(['21/1', '21/2', '21/3']);
        await expect(store.applications.get(call.id, '21/4')).rejects.toMatchObject({ code: 'application.not_found_near', params: { near: '21/1, 21/2, 21/3' } });
        await expect(store.applications.get(call.id, 'zzzzzzz')).rejects.toMatchObject({ code: 'application.not_found' });
        await store.close();
      });

      it('an import finds a file’s duplicates and the applications the call had; update replaces the fields', async () => {
        const { store, call, a2 } = await world(b);
        await store.transaction(async (tx) => {
          const imp = await tx.applications.importer(call.id, LATER);
          const out = await imp.rows([
            { line: 2, ref: '21/2', values: row('21/2', { applicant: 'Nytt navn' }) },
            { line: 3, ref: '21/9', values: row('21/9') },
            { line: 4, ref: '21/9', values: row('21/9') },
            { line: 5, ref: '', values: null },
            { line: 6, ref: '21/8', values: null },
            { line: 7, ref: '21/8', values: row('21/8') },
          ]);
          expect(out.map((o) => [o.added, o.firstLine, o.existing?.ref ?? null])).toEqual([
            [false, null, '21/2'],
            [true, null, null],
            [false, 3, null],
            [false, null, null],
            [false, null, null],
            [false, 6, null],
          ]);
          await imp.update(a2.id, { ...a2, applicant: 'Nytt navn' });
          await imp.close();
        });
        expect((await store.applications.get(call.id, '21/2')).applicant).toBe('Nytt navn');
        expect((await store.applications.list(call.id)).map((a) => a.ref)).toEqual(['21/1', '21/2', '21/3', '21/9']);
        await store.close();
      });
    });

    describe('evaluators, scores and conflicts', () => {
      it('evaluators: insert, find (case aside), get, list, panel', async () => {
        const { store, call, a1, kari, ola } = await world(b);
        expect(kari).toEqual({ id: kari.id, name: 'Kari Nordmann', email: 'kari@example.no' });
        expect(await store.evaluators.find('  kari NORDMANN ')).toEqual(kari);
        expect(await store.evaluators.find('Nobody')).toBeUndefined();
        await expect(store.evaluators.insert('OLA HANSEN', null, AT)).rejects.toMatchObject({ code: 'evaluator.exists' });
        await expect(store.evaluators.get('Nobody')).rejects.toMatchObject({ code: 'evaluator.not_found_list', params: { names: 'Kari Nordmann, Ola Hansen' } });
        expect(await store.evaluators.list()).toEqual([kari, ola]);
        expect(await store.evaluators.panel(call.id)).toEqual([]);
        await store.conflicts.insert({ evaluatorId: ola.id, applicationId: a1.id, reason: 'Styremedlem', declaredBy: 't', declaredAt: AT });
        expect(await store.evaluators.panel(call.id)).toEqual([ola]);
        await store.scores.put([score(kari.id, a1.id, 'green', 4)]);
        expect(await store.evaluators.panel(call.id)).toEqual([kari, ola]);
        await store.close();
      });

      it('scores: put (insert and replace), of, ofCall, ofApplication, per application, answered, hasAny, forRanking', async () => {
        const { store, call, a1, a2, kari, ola } = await world(b);
        expect(await store.scores.hasAny(a1.id)).toBe(false);
        await store.scores.put([score(kari.id, a1.id, 'green', 4), score(kari.id, a1.id, 'digital', null), score(ola.id, a1.id, 'green', 2), score(ola.id, a2.id, 'old', 1)]);
        await store.scores.put([score(kari.id, a1.id, 'green', 5, 'ny')]);
        expect(await store.scores.hasAny(a1.id)).toBe(true);
        const byKey = (s: { evaluatorId: number; applicationId: number; criterion: string }) => `${s.applicationId}:${s.evaluatorId}:${s.criterion}`;
        const sorted = <T extends { evaluatorId: number; applicationId: number; criterion: string }>(xs: T[]) => [...xs].sort((x, y) => (byKey(x) < byKey(y) ? -1 : 1));
        expect(sorted(await store.scores.of(kari.id, a1.id))).toEqual([
          { evaluatorId: kari.id, applicationId: a1.id, criterion: 'digital', value: null, comment: 'begrunnelse' },
          { evaluatorId: kari.id, applicationId: a1.id, criterion: 'green', value: 5, comment: 'ny' },
        ]);
        expect(await store.scores.ofCall(call.id)).toHaveLength(4);
        expect(sorted(await store.scores.ofApplication(a1.id)).map((s) => [s.evaluator, s.criterion, s.value])).toEqual([
          ['Kari Nordmann', 'digital', null],
          ['Kari Nordmann', 'green', 5],
          ['Ola Hansen', 'green', 2],
        ]);
        expect((await store.scores.evaluatorsPerApplication(call.id)).sort((x, y) => x.applicationId - y.applicationId)).toEqual([
          { applicationId: a1.id, evaluators: 2 },
          { applicationId: a2.id, evaluators: 1 },
        ]);
        expect(await store.scores.answered(call.id, kari.id, ['green', 'digital', 'international'])).toEqual([{ applicationId: a1.id, answered: 2 }]);
        const t = await store.scores.forRanking(call.id, ['green', 'digital', 'international'], call.scale);
        expect(Array.from({ length: t.length }, (_, i) => scoreAt(t, i))).toEqual([
          { applicationId: a1.id, evaluatorId: kari.id, criterion: 'digital', value: null },
          { applicationId: a1.id, evaluatorId: kari.id, criterion: 'green', value: 5 },
          { applicationId: a1.id, evaluatorId: ola.id, criterion: 'green', value: 2 },
        ]);
        await store.close();
      });

      it('score notes: the overall justification, set, replaced, removed; not an input of the allocation', async () => {
        const { store, call, a1, kari, ola } = await world(b);
        const id = await store.runs.insert({ callId: call.id, hash: 'h', overrides: {}, version: '1', actor: 't', at: AT });
        expect(await store.scores.note(kari.id, a1.id)).toBeNull();
        await store.scores.putNote(kari.id, a1.id, 'Samlet sett godt', AT);
        await store.scores.putNote(kari.id, a1.id, 'Samlet sett svært godt', LATER);
        expect(await store.scores.note(kari.id, a1.id)).toBe('Samlet sett svært godt');
        expect(await store.scores.note(ola.id, a1.id)).toBeNull();
        await store.scores.putNote(ola.id, a1.id, 'Ola sin', AT);
        expect(await store.scores.notesOfApplication(a1.id)).toEqual([
          { evaluatorId: kari.id, evaluator: 'Kari Nordmann', note: 'Samlet sett svært godt' },
          { evaluatorId: ola.id, evaluator: 'Ola Hansen', note: 'Ola sin' },
        ]);
        await store.scores.putNote(kari.id, a1.id, null, LATER);
        expect(await store.scores.note(kari.id, a1.id)).toBeNull();
        expect(await store.runs.changedSince(call.id, id)).toBe(false);
        await store.close();
      });

      it('conflicts: insert, of, ofCall, ofApplication, applicationsOf', async () => {
        const { store, call, a1, a2, kari, ola } = await world(b);
        expect(await store.conflicts.of(kari.id, a1.id)).toBeUndefined();
        await store.conflicts.insert({ evaluatorId: kari.id, applicationId: a1.id, reason: 'Inhabil', declaredBy: 'saksbehandler', declaredAt: AT });
        await store.conflicts.insert({ evaluatorId: ola.id, applicationId: a1.id, reason: 'Styremedlem', declaredBy: 'saksbehandler', declaredAt: AT });
        await store.conflicts.insert({ evaluatorId: kari.id, applicationId: a2.id, reason: 'Eier', declaredBy: 'saksbehandler', declaredAt: AT });
        await expect(store.conflicts.insert({ evaluatorId: kari.id, applicationId: a2.id, reason: 'igjen', declaredBy: 'x', declaredAt: AT })).rejects.toThrow();
        expect(await store.conflicts.of(kari.id, a1.id)).toEqual({ reason: 'Inhabil' });
        expect(await store.conflicts.ofCall(call.id)).toHaveLength(3);
        expect(await store.conflicts.ofApplication(a1.id)).toEqual([
          { evaluatorId: kari.id, applicationId: a1.id, reason: 'Inhabil', declaredAt: AT, declaredBy: 'saksbehandler', evaluator: 'Kari Nordmann' },
          { evaluatorId: ola.id, applicationId: a1.id, reason: 'Styremedlem', declaredAt: AT, declaredBy: 'saksbehandler', evaluator: 'Ola Hansen' },
        ]);
        expect((await store.conflicts.applicationsOf(call.id, kari.id)).sort()).toEqual([a1.id, a2.id].sort());
        await store.close();
      });
    });

    describe('decisions and runs', () => {
      it('manual decisions: setManual, of, ofCall, manualOfCall, manualGranted, remove', async () => {
        const { store, call, a1, a2 } = await world(b);
        await store.decisions.setManual(a1.id, { tier: 'main', granted: 60_000_00, status: 'partially granted', note: 'Strategisk', actor: 'kari', at: AT });
        await store.decisions.setManual(a2.id, { tier: null, granted: 0, status: 'rejected', note: 'Utenfor', actor: 'kari', at: AT });
        expect(await store.decisions.of(a1.id)).toEqual({
          applicationId: a1.id,
          ref: '21/1',
          tier: 'main',
          granted: 60_000_00,
          status: 'partially granted',
          reason: 'manual',
          manual: 1,
          note: 'Strategisk',
          runId: null,
          decidedBy: 'kari',
          decidedAt: AT,
          rank: null,
          score: null,
          offeredOn: null,
          aid: null,
        });
        expect(await store.decisions.ofCall(call.id)).toHaveLength(2);
        expect(await store.decisions.manualOfCall(call.id)).toContainEqual({ applicationId: a1.id, tier: 'main', granted: 60_000_00, status: 'partially granted', note: 'Strategisk' });
        expect(await store.decisions.manualGranted(call.id, 'main', a2.id)).toBe(60_000_00);
        expect(await store.decisions.manualGranted(call.id, 'main', a1.id)).toBe(0);
        await store.decisions.remove(a2.id);
        expect(await store.decisions.of(a2.id)).toBeUndefined();
        await store.close();
      });

      it('a run: insert, latest, storeRun replaces the automatic decisions and places the manual ones', async () => {
        const { store, call, a1, a2, a3 } = await world(b);
        expect(await store.runs.latest(call.id)).toBeNull();
        await store.decisions.setManual(a3.id, { tier: 'main', granted: 10_00, status: 'partially granted', note: null, actor: 'kari', at: AT });
        const first = await store.runs.insert({ callId: call.id, hash: 'h1', overrides: {}, version: '1', actor: 'kari', at: AT });
        await store.decisions.storeRun(
          call.id,
          first,
          [
            { applicationId: a1.id, tier: 'main', granted: 100_000_00, status: 'granted', reason: 'funded', manual: false, rank: 1, score: '4/1' },
            { applicationId: a2.id, tier: null, granted: 0, status: 'rejected', reason: 'below-threshold', manual: false, rank: 2, score: '2/1' },
            { applicationId: a3.id, tier: 'main', granted: 10_00, status: 'partially granted', reason: 'manual', manual: true, rank: 3, score: '1/1' },
          ],
          'kari',
          AT,
        );
        const second = await store.runs.insert({ callId: call.id, hash: 'h2', overrides: { main: 5_00 }, version: '1', actor: 'ola', at: LATER });
        // a grant the de minimis ceiling capped keeps the figures of its reason
        const aid = { ceiling: 2_000_000_00, other: 800_000_00, own: 0, thisCall: 0, headroom: 5_00 };
        await store.decisions.storeRun(call.id, second, [{ applicationId: a2.id, tier: 'main', granted: 5_00, status: 'partially granted', reason: 'state-aid-capped', manual: false, rank: 1, score: '3/1', aid }], 'ola', LATER);
        expect((await store.decisions.of(a2.id))!.aid).toEqual(aid);
        expect((await store.decisions.ofCall(call.id)).find((d) => d.applicationId === a3.id)!.aid).toBeNull();
        expect(await store.runs.latest(call.id)).toEqual({ id: second, hash: 'h2', overrides: { main: 5_00 }, at: LATER, actor: 'ola' });
        const ds = await store.decisions.ofCall(call.id);
        expect(ds.map((d) => [d.ref, d.status, d.granted, d.manual, d.runId, d.rank, d.score]).sort()).toEqual([
          ['21/2', 'partially granted', 5_00, 0, second, 1, '3/1'],
          ['21/3', 'partially granted', 10_00, 1, null, 3, '1/1'],
        ]);
        await store.close();
      });

      it('offeredOn: a grant keeps the day it was first offered while its tier and amount stay; a new amount is a new offer', async () => {
        const { store, call, a1, a2, a3 } = await world(b);
        const grant = (applicationId: number, granted: number) => ({ applicationId, tier: 'main', granted, status: 'partially granted' as const, reason: 'funded', manual: false, rank: 1, score: '4/1' });
        const first = await store.runs.insert({ callId: call.id, hash: 'h1', overrides: {}, version: '1', actor: 'kari', at: AT });
        await store.decisions.storeRun(call.id, first, [grant(a1.id, 10_00), grant(a2.id, 20_00), { ...grant(a3.id, 0), tier: null, status: 'reserve', reason: 'budget-exhausted' }], 'kari', AT);
        const second = await store.runs.insert({ callId: call.id, hash: 'h2', overrides: {}, version: '1', actor: 'kari', at: LATER });
        await store.decisions.storeRun(call.id, second, [grant(a1.id, 10_00), grant(a2.id, 25_00), grant(a3.id, 5_00)], 'kari', LATER);
        const on = Object.fromEntries((await store.decisions.ofCall(call.id)).map((d) => [d.ref, d.offeredOn]));
        expect(on).toEqual({ '21/1': AT.slice(0, 10), '21/2': LATER.slice(0, 10), '21/3': LATER.slice(0, 10) });
        await store.close();
      });

      it('offer answers: put, of, ofCall by ref, remove; each one an allocation input', async () => {
        const { store, call, a1, a2 } = await world(b);
        const run = await store.runs.insert({ callId: call.id, hash: 'h', overrides: {}, version: '1', actor: 'kari', at: AT });
        const answer = (applicationId: number, state: 'accepted' | 'declined') => ({
          applicationId,
          state,
          tier: 'main',
          granted: 10_00,
          status: 'granted' as const,
          reason: 'granted',
          runId: run,
          offeredOn: '2021-09-01',
          answeredOn: '2021-09-05',
          note: state === 'declined' ? 'e-post' : null,
          actor: 'kari',
          recordedAt: LATER,
        });
        expect(await store.offers.ofCall(call.id)).toEqual([]);
        await store.transaction(async (tx) => {
          await tx.offers.put(call.id, answer(a2.id, 'declined'));
          await tx.offers.put(call.id, answer(a1.id, 'accepted'));
        });
        expect(await store.runs.changedSince(call.id, run)).toBe(true);
        expect((await store.offers.ofCall(call.id)).map((o) => [o.ref, o.state])).toEqual([
          ['21/1', 'accepted'],
          ['21/2', 'declined'],
        ]);
        expect(await store.offers.of(a2.id)).toEqual({ ref: '21/2', ...answer(a2.id, 'declined') });
        // replacing an answer keeps one per application
        await store.offers.put(call.id, answer(a2.id, 'accepted'));
        expect((await store.offers.ofCall(call.id)).map((o) => o.state)).toEqual(['accepted', 'accepted']);
        const run2 = await store.runs.insert({ callId: call.id, hash: 'h', overrides: {}, version: '1', actor: 'kari', at: AT });
        expect(await store.offers.remove(a2.id)).toBe(true);
        expect(await store.offers.remove(a2.id)).toBe(false);
        expect(await store.runs.changedSince(call.id, run2)).toBe(true);
        expect(await store.offers.of(a2.id)).toBeUndefined();
        await store.close();
      });

      it('changedSince: every kind of input change makes the stored run stale; a comment, an allocation or a status do not', async () => {
        const { store, call, a1, a2, kari, ola } = await world(b);
        await store.scores.put([score(kari.id, a1.id, 'green', 3)]);
        const run = async () => store.runs.insert({ callId: call.id, hash: 'h', overrides: {}, version: '1', actor: 't', at: AT });
        const changes: [string, () => Promise<unknown>][] = [
          ['a new score', () => store.scores.put([score(ola.id, a1.id, 'green', 4)])],
          ['a changed value', () => store.scores.put([score(kari.id, a1.id, 'green', 5)])],
          ['a value set to n/a', () => store.scores.put([score(kari.id, a1.id, 'green', null)])],
          ['a conflict', () => store.conflicts.insert({ evaluatorId: ola.id, applicationId: a2.id, reason: 'Inhabil', declaredBy: 't', declaredAt: AT })],
          ['a manual decision', () => store.decisions.setManual(a2.id, { tier: 'main', granted: 1_00, status: 'partially granted', note: null, actor: 't', at: AT })],
          ['a manual decision cleared', () => store.decisions.remove(a2.id)],
          [
            'an application added',
            () =>
              store.transaction(async (tx) => {
                const imp = await tx.applications.importer(call.id, AT);
                await imp.rows([{ line: 2, ref: '21/10', values: row('21/10') }]);
                await imp.close();
              }),
          ],
          ['a requested amount', () => updateApp(store, call.id, '21/1', { requested: 90_000_00 })],
          ['a submitted date', () => updateApp(store, call.id, '21/1', { submitted: '2021-04-01' })],
          // the undertaking and what it declared decide its de minimis headroom
          ['an organisation number', () => updateApp(store, call.id, '21/1', { orgNumber: '992011491' })],
          ['a declared prior de minimis', () => updateApp(store, call.id, '21/1', { priorDeMinimis: 5_000_00 })],
        ];
        for (const [what, change] of changes) {
          const id = await run();
          expect(await store.runs.changedSince(call.id, id), `before ${what}`).toBe(false);
          await change();
          expect(await store.runs.changedSince(call.id, id), what).toBe(true);
        }
        const unchanged: [string, () => Promise<unknown>][] = [
          ['a comment alone', () => store.scores.put([score(kari.id, a1.id, 'green', null, 'ny begrunnelse')])],
          // the call is not de minimis: other givers' aid is no input of its allocation
          ['other aid imported', () => store.transaction((tx) => tx.aid.insertMany([AID], 't', AT))],
          ['the status of the call', () => store.calls.setStatus(call.id, 'decided', LATER)],
          ['a title alone', () => updateApp(store, call.id, '21/1', { title: 'Nytt prosjektnavn' })],
          ['an evaluator added', () => store.evaluators.insert('Ingrid Berg', null, AT)],
          ['an audit entry', () => store.audit.append({ at: AT, actor: 't', action: 'backup' })],
        ];
        const id = await run();
        // the allocation's own decisions are its output, not its input
        await store.decisions.storeRun(call.id, id, [{ applicationId: a1.id, tier: 'main', granted: 1_00, status: 'partially granted', reason: 'funded', manual: false, rank: 1, score: '5/1' }], 't', AT);
        for (const [what, change] of unchanged) {
          await change();
          expect(await store.runs.changedSince(call.id, id), what).toBe(false);
        }
        // an automatic decision removed is not an input either
        await store.decisions.remove(a1.id);
        expect(await store.runs.changedSince(call.id, id)).toBe(false);
        // an older run is stale once a newer one saw more
        expect(await store.runs.changedSince(call.id, id - 1)).toBe(true);
        await store.close();
      });
    });

    describe('appeals', () => {
      it('insert, of, ofCall; one open appeal per application; decide once; an upheld one is an allocation input, a rejected one is not', async () => {
        const { store, call, a1, a2 } = await world(b);
        const appeal = (applicationId: number, received: string) => ({
          callId: call.id,
          applicationId,
          received,
          notified: '2021-11-15',
          notifiedFrom: 'letter' as const,
          deadline: '2021-12-06',
          inTime: received <= '2021-12-06',
          appealedStatus: 'rejected',
          appealedTier: null,
          appealedGranted: 0,
          note: null,
          registeredBy: 'kari',
          registeredAt: AT,
        });
        expect(await store.appeals.ofCall(call.id)).toEqual([]);
        const id1 = await store.transaction((tx) => tx.appeals.insert(appeal(a1.id, '2021-12-07')));
        const id2 = await store.transaction((tx) => tx.appeals.insert(appeal(a2.id, '2021-12-01')));
        // a second open appeal on the same application is refused by the database itself
        await expect(store.transaction((tx) => tx.appeals.insert(appeal(a1.id, '2021-12-08')))).rejects.toThrow();
        expect((await store.appeals.ofCall(call.id)).map((a) => [a.ref, a.received, a.inTime, a.state])).toEqual([
          ['21/2', '2021-12-01', true, 'open'],
          ['21/1', '2021-12-07', false, 'open'],
        ]);
        const run = await store.runs.insert({ callId: call.id, hash: 'h', overrides: {}, version: '1', actor: 'kari', at: AT });
        expect(await store.transaction((tx) => tx.appeals.decide(id2, { state: 'rejected', decidedOn: '2021-12-10', note: 'ingen nye opplysninger', actor: 'ola', at: LATER }))).toBe(true);
        expect(await store.runs.changedSince(call.id, run)).toBe(false);
        expect(await store.transaction((tx) => tx.appeals.decide(id1, { state: 'upheld', decidedOn: '2021-12-10', note: 'oversett', actor: 'ola', at: LATER }))).toBe(true);
        expect(await store.runs.changedSince(call.id, run)).toBe(true);
        // decided once: deciding again changes nothing
        expect(await store.transaction((tx) => tx.appeals.decide(id1, { state: 'rejected', decidedOn: '2021-12-11', note: 'x', actor: 'ola', at: LATER }))).toBe(false);
        expect(await store.appeals.of(a1.id)).toEqual([{ ...appeal(a1.id, '2021-12-07'), id: id1, ref: '21/1', state: 'upheld', decidedOn: '2021-12-10', decisionNote: 'oversett', decidedBy: 'ola', decidedAt: LATER }]);
        // once decided, a new appeal on it may be registered
        await store.transaction((tx) => tx.appeals.insert(appeal(a1.id, '2021-12-20')));
        expect((await store.appeals.of(a1.id)).map((a) => a.state)).toEqual(['upheld', 'open']);
        await store.close();
      });
    });

    describe('withdrawn and ineligible applications, evaluators renamed and removed, conflicts taken back', () => {
      it('standing, excluded, setStanding: the state with who and why; back to active forgets the note', async () => {
        const { store, call, a1, a2 } = await world(b);
        expect(await store.applications.standing(a1.id)).toEqual({ applicationId: a1.id, ref: '21/1', status: 'active', note: null, by: null, at: null });
        expect(await store.applications.excluded(call.id)).toEqual([]);
        await store.applications.setStanding(a2.id, { status: 'ineligible', note: 'Ikke klyngeorganisasjon', actor: 'saksbehandler', at: LATER });
        await store.applications.setStanding(a1.id, { status: 'withdrawn', note: null, actor: 'saksbehandler', at: LATER });
        expect(await store.applications.excluded(call.id)).toEqual([
          { applicationId: a1.id, ref: '21/1', status: 'withdrawn', note: null, by: 'saksbehandler', at: LATER },
          { applicationId: a2.id, ref: '21/2', status: 'ineligible', note: 'Ikke klyngeorganisasjon', by: 'saksbehandler', at: LATER },
        ]);
        // the application itself is still in the call, whole
        expect((await store.applications.list(call.id)).map((a) => a.ref)).toEqual(['21/1', '21/2', '21/3']);
        await store.applications.setStanding(a2.id, { status: 'active', note: 'ignored', actor: 'x', at: LATER });
        expect(await store.applications.standing(a2.id)).toMatchObject({ status: 'active', note: null, by: null, at: null });
        expect((await store.applications.excluded(call.id)).map((x) => x.ref)).toEqual(['21/1']);
        await store.close();
      });

      it('a change of state, scores dropped and a conflict removed make the stored run stale', async () => {
        const { store, call, a1, a2, kari, ola } = await world(b);
        await store.scores.put([score(kari.id, a1.id, 'green', 3)]);
        await store.conflicts.insert({ evaluatorId: ola.id, applicationId: a2.id, reason: 'Inhabil', declaredBy: 't', declaredAt: AT });
        const run = async () => store.runs.insert({ callId: call.id, hash: 'h', overrides: {}, version: '1', actor: 't', at: AT });
        const changes: [string, () => Promise<unknown>][] = [
          ['withdrawn', () => store.applications.setStanding(a1.id, { status: 'withdrawn', note: null, actor: 't', at: AT })],
          ['restored', () => store.applications.setStanding(a1.id, { status: 'active', note: null, actor: 't', at: AT })],
          ['ineligible', () => store.applications.setStanding(a2.id, { status: 'ineligible', note: 'x', actor: 't', at: AT })],
          ['scores dropped', () => store.scores.removeOfEvaluator(kari.id)],
          ['a conflict removed', () => store.conflicts.remove(ola.id, a2.id)],
        ];
        for (const [what, change] of changes) {
          const id = await run();
          await change();
          expect(await store.runs.changedSince(call.id, id), what).toBe(true);
        }
        // a rename changes nothing the allocation reads
        const id = await run();
        await store.evaluators.rename(ola.id, 'Ola Hanssen');
        expect(await store.runs.changedSince(call.id, id)).toBe(false);
        await store.close();
      });

      it('rename refuses a name another evaluator has (any case) but allows a change of case; remove deletes', async () => {
        const { store, kari, ola } = await world(b);
        await expect(store.evaluators.rename(ola.id, 'kari nordmann')).rejects.toMatchObject({ code: 'evaluator.exists' });
        expect(await store.evaluators.rename(kari.id, '  KARI Nordmann ')).toEqual({ id: kari.id, name: 'KARI Nordmann', email: 'kari@example.no' });
        expect(await store.evaluators.find('kari nordmann')).toMatchObject({ id: kari.id, name: 'KARI Nordmann' });
        await store.evaluators.remove(ola.id);
        expect((await store.evaluators.list()).map((e) => e.name)).toEqual(['KARI Nordmann']);
        await store.close();
      });

      it('scores.ofEvaluator and removeOfEvaluator across calls; conflicts.ofEvaluator, listNamed and remove', async () => {
        const { store, call, a1, a2, a3, kari, ola } = await world(b);
        const other = await store.calls.insert(makeCall({ slug: 'b-2022', year: 2022 }), AT);
        await store.transaction(async (tx) => {
          const imp = await tx.applications.importer(other.id, AT);
          await imp.rows([{ line: 2, ref: '22/1', values: row('22/1') }]);
          await imp.close();
        });
        const b1 = await store.applications.get(other.id, '22/1');
        await store.scores.put([score(kari.id, a2.id, 'green', 3, 'god'), score(kari.id, a1.id, 'digital', null), score(ola.id, a1.id, 'green', 4)]);
        await store.scores.put([score(kari.id, b1.id, 'green', 2)]);
        expect((await store.scores.ofEvaluator(kari.id)).map((s) => [s.callId, s.ref, s.criterion, s.value, s.comment])).toEqual([
          [call.id, '21/1', 'digital', null, 'begrunnelse'],
          [call.id, '21/2', 'green', 3, 'god'],
          [other.id, '22/1', 'green', 2, 'begrunnelse'],
        ]);
        const runA = await store.runs.insert({ callId: call.id, hash: 'h', overrides: {}, version: '1', actor: 't', at: AT });
        const runB = await store.runs.insert({ callId: other.id, hash: 'h', overrides: {}, version: '1', actor: 't', at: AT });
        await store.scores.putNote(kari.id, a2.id, 'Samlet sett god', AT);
        await store.scores.putNote(ola.id, a1.id, 'Solid', AT);
        expect(await store.scores.removeOfEvaluator(kari.id)).toBe(3);
        expect(await store.scores.ofEvaluator(kari.id)).toEqual([]);
        // the overall justifications go with the scores (so the evaluator can then be removed); others' stay
        expect(await store.scores.note(kari.id, a2.id)).toBeNull();
        expect(await store.scores.note(ola.id, a1.id)).toBe('Solid');
        expect(await store.scores.ofEvaluator(ola.id)).toHaveLength(1);
        // both calls' runs go stale
        expect(await store.runs.changedSince(call.id, runA)).toBe(true);
        expect(await store.runs.changedSince(other.id, runB)).toBe(true);

        await store.conflicts.insert({ evaluatorId: ola.id, applicationId: a3.id, reason: 'Styreverv', declaredBy: 'saksbehandler', declaredAt: AT });
        await store.conflicts.insert({ evaluatorId: kari.id, applicationId: a3.id, reason: 'Tidligere ansatt', declaredBy: 'saksbehandler', declaredAt: LATER });
        await store.conflicts.insert({ evaluatorId: ola.id, applicationId: a1.id, reason: 'Nabo', declaredBy: 't', declaredAt: AT });
        expect((await store.conflicts.listNamed(call.id)).map((c) => [c.ref, c.evaluator, c.reason, c.declaredBy])).toEqual([
          ['21/1', 'Ola Hansen', 'Nabo', 't'],
          ['21/3', 'Kari Nordmann', 'Tidligere ansatt', 'saksbehandler'],
          ['21/3', 'Ola Hansen', 'Styreverv', 'saksbehandler'],
        ]);
        expect(await store.conflicts.listNamed(other.id)).toEqual([]);
        expect((await store.conflicts.ofEvaluator(ola.id)).map((c) => [c.callId, c.ref, c.reason])).toEqual([
          [call.id, '21/1', 'Nabo'],
          [call.id, '21/3', 'Styreverv'],
        ]);
        await store.conflicts.remove(ola.id, a3.id);
        expect(await store.conflicts.of(ola.id, a3.id)).toBeUndefined();
        expect((await store.conflicts.ofEvaluator(ola.id)).map((c) => c.ref)).toEqual(['21/1']);
        await store.close();
      });
    });

    describe('assignments (panels)', () => {
      const as = (applicationId: number, evaluatorId: number, at = AT) => ({ applicationId, evaluatorId, assignedBy: 'saksbehandler', assignedAt: at });
      it('insertMany, insert, ofCall (by ref then name), remove, removeOfCall; a pair twice is kept once', async () => {
        const { store, call, a1, a2, a3, kari, ola } = await world(b);
        const other = await store.calls.insert({ ...makeCall(), slug: 'andre-2021' }, AT);
        expect(await store.assignments.ofCall(call.id)).toEqual([]);
        expect(await store.transaction(async (tx) => tx.assignments.insertMany([as(a2.id, ola.id), as(a1.id, ola.id), as(a1.id, kari.id), as(a1.id, kari.id, LATER)]))).toBe(3);
        expect(await store.assignments.ofCall(call.id)).toEqual([
          { applicationId: a1.id, evaluatorId: kari.id, ref: '21/1', evaluator: 'Kari Nordmann', assignedBy: 'saksbehandler', assignedAt: AT },
          { applicationId: a1.id, evaluatorId: ola.id, ref: '21/1', evaluator: 'Ola Hansen', assignedBy: 'saksbehandler', assignedAt: AT },
          { applicationId: a2.id, evaluatorId: ola.id, ref: '21/2', evaluator: 'Ola Hansen', assignedBy: 'saksbehandler', assignedAt: AT },
        ]);
        expect(await store.assignments.ofCall(other.id)).toEqual([]);
        expect(await store.assignments.insert(as(a3.id, kari.id, LATER))).toBe(true);
        expect(await store.assignments.insert(as(a3.id, kari.id))).toBe(false);
        expect((await store.assignments.ofCall(call.id)).find((x) => x.applicationId === a3.id)).toMatchObject({ evaluator: 'Kari Nordmann', assignedAt: LATER });
        expect(await store.assignments.remove(kari.id, a3.id)).toBe(true);
        expect(await store.assignments.remove(kari.id, a3.id)).toBe(false);
        expect(await store.assignments.removeOfCall(other.id)).toBe(0);
        expect(await store.assignments.removeOfCall(call.id)).toBe(3);
        expect(await store.assignments.ofCall(call.id)).toEqual([]);
        await store.close();
      });

      it('every change of a panel makes the stored run stale; nothing changed, nothing stale', async () => {
        const { store, call, a1, a2, kari, ola } = await world(b);
        const run = async () => store.runs.insert({ callId: call.id, hash: 'h', overrides: {}, version: '1', actor: 't', at: AT });
        const changes: [string, () => Promise<unknown>][] = [
          ['many added', () => store.assignments.insertMany([as(a1.id, kari.id), as(a2.id, ola.id)])],
          ['one added', () => store.assignments.insert(as(a1.id, ola.id))],
          ['one removed', () => store.assignments.remove(ola.id, a1.id)],
          ['all removed', () => store.assignments.removeOfCall(call.id)],
        ];
        for (const [what, change] of changes) {
          const id = await run();
          await change();
          expect(await store.runs.changedSince(call.id, id), what).toBe(true);
        }
        const id = await run();
        await store.assignments.remove(ola.id, a1.id);
        await store.assignments.removeOfCall(call.id);
        expect(await store.runs.changedSince(call.id, id)).toBe(false);
        await store.close();
      });
    });

    describe('state aid', () => {
      it('insertMany, list (all or one organisation number), and the declared amount kept on the application', async () => {
        const { store, call } = await world(b);
        const other: AidWrite = { ...AID, orgNumber: '957534503', date: '2021-06-15', amount: 10_000_00, currency: 'EUR', giver: 'Interreg', basis: 'gber', line: 3 };
        await store.transaction((tx) => tx.aid.insertMany([other, AID], 'kari', LATER));
        const all = await store.aid.list();
        expect(all.map(({ id: _id, ...x }) => x)).toEqual([
          { ...other, importedAt: LATER, importedBy: 'kari' },
          { ...AID, importedAt: LATER, importedBy: 'kari' },
        ].sort((x, y) => x.orgNumber.localeCompare(y.orgNumber)));
        expect((await store.aid.list('992011491')).map((x) => x.giver)).toEqual(['Innovasjon Norge']);
        expect(await store.aid.list('911111111')).toEqual([]);
        // a dry run leaves nothing
        await store.transaction((tx) => tx.aid.insertMany([AID], 'kari', LATER), { dryRun: true });
        expect(await store.aid.list()).toHaveLength(2);
        await updateApp(store, call.id, '21/2', { priorDeMinimis: 800_000_00 });
        expect((await store.applications.get(call.id, '21/2')).priorDeMinimis).toBe(800_000_00);
        expect((await store.applications.listBrief(call.id)).map((a) => a.priorDeMinimis)).toEqual([null, 800_000_00, null]);
        await store.close();
      });

      it('a changed grant in a de minimis call makes later de minimis calls stale, never earlier or other ones', async () => {
        const aid = (grantDate: string) => ({ basis: 'de-minimis' as const, ceilingCents: 20_000_000, periodYears: 3, eurRate: 10, grantDate });
        const { store, call: plain, a1 } = await world(b, makeCall({ slug: 'plain-2021' }));
        const early = await store.calls.insert(makeCall({ slug: 'dm-2022', year: 2022, stateAid: aid('2022-12-01') }), AT);
        const late = await store.calls.insert(makeCall({ slug: 'dm-2023', year: 2023, stateAid: aid('2023-12-01') }), AT);
        await store.transaction(async (tx) => {
          const imp = await tx.applications.importer(early.id, AT);
          await imp.rows([{ line: 2, ref: '22/1', values: row('22/1') }]);
          await imp.close();
        });
        const e1 = (await store.applications.get(early.id, '22/1')).id;
        const runs = async () => Promise.all([plain, early, late].map((c) => store.runs.insert({ callId: c.id, hash: 'h', overrides: {}, version: '1', actor: 't', at: AT })));
        const stale = async (ids: number[]) => Promise.all([plain, early, late].map((c, i) => store.runs.changedSince(c.id, ids[i])));
        const grant = (granted: number) => [{ applicationId: e1, tier: 'main', granted, status: 'partially granted' as const, reason: 'granted', manual: false, rank: 1, score: '4/1' }];
        let ids = await runs();
        await store.decisions.storeRun(early.id, ids[1], grant(100_00), 't', AT);
        expect(await stale(ids)).toEqual([false, false, true]);
        ids = await runs();
        // the same grants again: nothing changed
        await store.decisions.storeRun(early.id, ids[1], grant(100_00), 't', AT);
        expect(await stale(ids)).toEqual([false, false, false]);
        await store.decisions.setManual(e1, { tier: 'main', granted: 50_00, status: 'partially granted', note: null, actor: 't', at: AT });
        expect(await stale(ids)).toEqual([false, true, true]);
        ids = await runs();
        // a call that is not de minimis: its grants count nowhere
        await store.decisions.setManual(a1.id, { tier: 'main', granted: 50_00, status: 'partially granted', note: null, actor: 't', at: AT });
        expect(await stale(ids)).toEqual([true, false, false]);
        ids = await runs();
        await store.decisions.remove(e1);
        expect(await stale(ids)).toEqual([false, true, true]);
        // other givers' aid counts in the de minimis calls only
        ids = await runs();
        await store.transaction((tx) => tx.aid.insertMany([AID], 't', AT));
        expect(await stale(ids)).toEqual([false, true, true]);
        await store.close();
      });

      it('grantsElsewhere: money granted to organisation numbers in the other calls', async () => {
        const { store, call, a1, a2, a3 } = await world(b);
        const other = await store.calls.insert(makeCall({ slug: 'b-2022', year: 2022 }), AT);
        await updateApp(store, call.id, '21/1', { orgNumber: '992011491' });
        await updateApp(store, call.id, '21/2', { orgNumber: '957534503' });
        await store.decisions.setManual(a1.id, { tier: 'main', granted: 40_000_00, status: 'partially granted', note: null, actor: 't', at: AT });
        await store.decisions.setManual(a2.id, { tier: null, granted: 0, status: 'rejected', note: 'nei', actor: 't', at: AT });
        await store.decisions.setManual(a3.id, { tier: 'main', granted: 10_000_00, status: 'partially granted', note: null, actor: 't', at: AT }); // no org number
        expect(await store.aid.grantsElsewhere(other.id)).toEqual([{ callId: call.id, applicationId: a1.id, ref: '21/1', orgNumber: '992011491', granted: 40_000_00 }]);
        expect(await store.aid.grantsElsewhere(call.id)).toEqual([]);
        await store.close();
      });
    });

    describe('audit', () => {
      it('append, appendMany in order; list by call, by ref, the last few', async () => {
        const { store, call } = await world(b);
        await store.audit.append({ at: AT, actor: 'a', action: 'call.create', callId: call.id, details: { slug: call.slug } });
        await store.audit.appendMany(Array.from({ length: 150 }, (_, i) => ({ at: AT, actor: 'b', action: 'score', callId: call.id, ref: i % 2 ? '21/1' : '21/2', details: { i } })));
        await store.audit.append({ at: LATER, actor: 'c', action: 'backup' });
        await store.audit.append({ at: LATER, actor: 'd', action: 'call.create', callId: call.id + 1 });
        const all = await store.audit.list();
        expect(all).toHaveLength(153);
        expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((x, y) => x - y));
        expect(all[1]).toMatchObject({ actor: 'b', action: 'score', callId: call.id, ref: '21/2', details: { i: 0 } });
        expect(all[151]).toMatchObject({ action: 'backup', callId: null, ref: null, details: {} });
        expect(await store.audit.list({ callId: call.id })).toHaveLength(152);
        expect((await store.audit.list({ ref: '21/1' })).map((e) => e.details.i)).toEqual(Array.from({ length: 75 }, (_, i) => 2 * i + 1));
        expect((await store.audit.list({ limit: 2 })).map((e) => e.actor)).toEqual(['c', 'd']);
        await store.close();
      });
    });

    describe('letters', () => {
      it('insert, ofCall oldest first, latestOf; a letter changes no allocation input', async () => {
        const { store, call, a1, a2 } = await world(b);
        const run = await store.runs.insert({ callId: call.id, hash: 'h', overrides: {}, version: '1', actor: 'kari', at: AT });
        const letter = (applicationId: number, ref: string, over: Partial<LetterWrite> = {}): LetterWrite => ({
          callId: call.id,
          applicationId,
          ref,
          kind: 'rejection',
          runId: run,
          format: 'docx',
          file: `${ref.replace('/', '-')}.docx`,
          sha256: 'ab'.repeat(32),
          letterDate: '2021-11-15',
          acceptBy: null,
          writtenAt: AT,
          actor: 'kari',
          ...over,
        });
        expect(await store.letters.ofCall(call.id)).toEqual([]);
        expect(await store.letters.latestOf(a1.id)).toBeUndefined();
        await store.transaction(async (tx) => {
          await tx.letters.insert([letter(a1.id, '21/1', { kind: 'grant', acceptBy: '2021-12-06' }), letter(a2.id, '21/2')]);
          await tx.letters.insert([letter(a1.id, '21/1', { kind: 'grant', format: 'md', file: '21-1.md', letterDate: '2021-11-20', writtenAt: LATER })]);
        });
        const all = await store.letters.ofCall(call.id);
        expect(all.map((l) => [l.ref, l.format])).toEqual([
          ['21/1', 'docx'],
          ['21/2', 'docx'],
          ['21/1', 'md'],
        ]);
        expect(all[0]).toEqual({ id: all[0].id, ...letter(a1.id, '21/1', { kind: 'grant', acceptBy: '2021-12-06' }) });
        expect(await store.letters.latestOf(a1.id)).toMatchObject({ ref: '21/1', format: 'md', letterDate: '2021-11-20', writtenAt: LATER });
        expect(await store.letters.latestOf(a2.id, 'grant')).toBeUndefined();
        expect(await store.letters.latestOf(a1.id, 'grant')).toMatchObject({ format: 'md' });
        expect(await store.letters.ofCall(call.id + 1)).toEqual([]);
        expect(await store.runs.changedSince(call.id, run)).toBe(false);
        // rolled back with its transaction
        await store.transaction(async (tx) => tx.letters.insert([letter(a2.id, '21/2')]), { dryRun: true });
        expect(await store.letters.ofCall(call.id)).toHaveLength(3);
        await store.close();
      });
    });

    describe('maintenance', () => {
      it('check reports a sound database at the newest version; backup copies it (SQLite), or says to use pg_dump (PostgreSQL)', async () => {
        const { store, call } = await world(b);
        const r = await store.maintenance.check();
        expect(r).toMatchObject({ integrity: [], foreignKeys: [], version: r.latest });
        // PostgreSQL's schema starts at version 13 in one migration (src/db/pg/schema.ts)
        const versions = b.name === 'postgres' ? PG_MIGRATIONS.map((m) => m.version) : MIGRATIONS.map((m) => m.version);
        expect(r.migrations.map((m) => m.version)).toEqual(versions);
        expect(versions.at(-1)).toBe(r.latest);
        const target = path.join(dir, `backup${n++}.db`);
        fs.closeSync(fs.openSync(target, 'wx', 0o600));
        if (b.name === 'postgres') {
          await expect(store.maintenance.backup(target)).rejects.toMatchObject({ code: 'db.pg_backup' });
          expect(store.maintenance.files).toEqual([]);
          await store.close();
          return;
        }
        const { pages } = await store.maintenance.backup(target);
        expect(pages).toBeGreaterThan(0);
        const copy = openSqliteStore(target).store;
        expect((await copy.applications.list(call.id)).map((a) => a.ref)).toEqual(['21/1', '21/2', '21/3']);
        await copy.close();
        await store.close();
      });
    });

    describe('exports', () => {
      it('totals, application with its decision, extraKeys, scoredBrief, scoresOf, evaluatorNames, conflicts', async () => {
        const { store, call, a1, a2, a3, kari, ola } = await world(b);
        await store.scores.put([score(ola.id, a1.id, 'green', 4), score(kari.id, a1.id, 'green', 3, 'god'), score(kari.id, a1.id, 'digital', null)]);
        await store.conflicts.insert({ evaluatorId: kari.id, applicationId: a2.id, reason: 'Eier', declaredBy: 'saksbehandler', declaredAt: AT });
        await store.decisions.setManual(a1.id, { tier: 'main', granted: 60_000_00, status: 'partially granted', note: 'Strategisk', actor: 'kari', at: AT });
        await store.decisions.setManual(a2.id, { tier: null, granted: 0, status: 'rejected', note: null, actor: 'kari', at: LATER });
        expect(await store.exports.totals(call.id)).toEqual({
          applications: 3,
          requested: 3 * 100_000_00,
          decisions: 2,
          decidedAt: LATER,
          tiers: [{ tier: 'main', granted: 60_000_00, funded: 1 }],
        });
        expect(await store.exports.application(call.id, a1.id)).toEqual({
          application: a1,
          decision: { tier: 'main', granted: 60_000_00, status: 'partially granted', reason: expect.any(String), manual: true, note: 'Strategisk', decidedAt: AT },
        });
        expect((await store.exports.application(call.id, a3.id)).decision).toBeNull();
        const other = await store.calls.insert(makeCall({ slug: 'other-2022', year: 2022 }), AT);
        await expect(store.exports.application(other.id, a1.id)).rejects.toThrow();
        expect(await store.exports.extraKeys(a1.id)).toEqual(['Merknad']);
        expect(await store.exports.scoredBrief(call.id)).toEqual([{ id: a1.id, ref: '21/1', requested: 100_000_00, submitted: null }]);
        expect(await store.exports.scoresOf(a1.id)).toEqual(
          [
            { evaluatorId: kari.id, applicationId: a1.id, criterion: 'digital', value: null, comment: 'begrunnelse' },
            { evaluatorId: kari.id, applicationId: a1.id, criterion: 'green', value: 3, comment: 'god' },
            { evaluatorId: ola.id, applicationId: a1.id, criterion: 'green', value: 4, comment: 'begrunnelse' },
          ].sort((x, y) => x.evaluatorId - y.evaluatorId || (x.criterion < y.criterion ? -1 : 1)),
        );
        expect((await store.exports.evaluatorNames()).sort((x, y) => x.id - y.id)).toEqual(
          [
            { id: kari.id, name: 'Kari Nordmann' },
            { id: ola.id, name: 'Ola Hansen' },
          ].sort((x, y) => x.id - y.id),
        );
        expect(await store.exports.conflicts(call.id)).toEqual([{ evaluatorId: kari.id, applicationId: a2.id, reason: 'Eier' }]);
        expect(await store.exports.conflicts(other.id)).toEqual([]);
        await store.close();
      });

      it('the applications without a score stream in ref order (code points), and their extra keys alongside', async () => {
        const { store, call, a1, a2, a3, kari } = await world(b);
        await store.transaction(async (tx) => {
          const imp = await tx.applications.importer(call.id, AT);
          await imp.rows([{ line: 5, ref: '21/0', values: row('21/0').map((v, i) => (i === 11 ? '{"B":"1","A":"2"}' : v)) as RowValues }]);
          await imp.close();
        });
        const a0 = await store.applications.get(call.id, '21/0');
        await store.scores.put([score(kari.id, a2.id, 'green', 3)]);
        expect(await store.exports.refOrderIsPlain(call.id)).toBe(true);
        const rows = await collect(store.exports.unscored(call.id));
        expect(rows.map((r) => r.application.ref)).toEqual(['21/0', '21/1', '21/3']);
        expect(rows[1]).toEqual({ application: a1, decision: null });
        expect(await collect(store.exports.unscoredExtraKeys(call.id))).toEqual([
          { id: a0.id, ref: '21/0', keys: ['B', 'A'] },
          { id: a1.id, ref: '21/1', keys: ['Merknad'] },
          { id: a3.id, ref: '21/3', keys: ['Merknad'] },
        ]);
        expect((await store.exports.unscoredRefs(call.id)).sort((x, y) => x.id - y.id)).toEqual(
          [
            { id: a0.id, ref: '21/0' },
            { id: a1.id, ref: '21/1' },
            { id: a3.id, ref: '21/3' },
          ].sort((x, y) => x.id - y.id),
        );
        // stopping early lets go of the stream: the store answers at once after
        for await (const r of store.exports.unscored(call.id)) if (r.application.ref === '21/0') break;
        expect(await store.exports.totals(call.id)).toMatchObject({ applications: 4 });
        await store.close();
      });

      it('refOrderIsPlain is false where a character from U+E000 meets one above U+FFFF; slashDashClash finds refs equal but for / and -', async () => {
        const { store, call, a1 } = await world(b);
        await store.transaction(async (tx) => {
          const imp = await tx.applications.importer(call.id, AT);
          await imp.rows([
            { line: 5, ref: 'Z-\uFF21', values: row('Z-\uFF21') },
            { line: 6, ref: '21-1', values: row('21-1') },
          ]);
          await imp.close();
        });
        expect(await store.exports.refOrderIsPlain(call.id)).toBe(false);
        const dash = await store.applications.get(call.id, '21-1');
        expect(await store.exports.slashDashClash(call.id, ['granted'])).toBeNull();
        await store.decisions.setManual(a1.id, { tier: 'main', granted: 10_000_00, status: 'granted', note: null, actor: 'kari', at: AT });
        expect(await store.exports.slashDashClash(call.id, ['granted'])).toBeNull();
        await store.decisions.setManual(dash.id, { tier: null, granted: 0, status: 'rejected', note: null, actor: 'kari', at: AT });
        expect(await store.exports.slashDashClash(call.id, ['granted'])).toBeNull();
        expect(await store.exports.slashDashClash(call.id, ['granted', 'rejected'])).toEqual({ ref: '21/1', other: '21-1' });
        await store.close();
      });
    });

    describe('read snapshots', () => {
      it('everything read in one sees the database as it began, while another connection writes; after it, the write shows', async () => {
        const { store, call } = await world(b);
        const other = await b.second(store);
        const seen = await store.read(async (r) => {
          const before = (await r.exports.totals(call.id)).decisions;
          const a = await other.applications.get(call.id, '21/1');
          await other.decisions.setManual(a.id, { tier: 'main', granted: 10_000_00, status: 'granted', note: null, actor: 'ola', at: AT });
          // through the store too, from code the read's function awaits
          return [before, (await r.exports.totals(call.id)).decisions, (await store.decisions.ofCall(call.id)).length];
        });
        expect(seen).toEqual([0, 0, 0]);
        expect((await store.exports.totals(call.id)).decisions).toBe(1);
        await other.close();
        await store.close();
      });

      it('returns what the function returned; its error comes out unchanged, even with a stream left open, and the store works on', async () => {
        const { store, call } = await world(b);
        expect(await store.read(async (r) => (await r.calls.byId(call.id)).slug)).toBe(call.slug);
        const boom = new Error('nei');
        await expect(
          store.read(async (r) => {
            const it = r.exports.unscored(call.id)[Symbol.asyncIterator]();
            await it.next();
            throw boom;
          }),
        ).rejects.toBe(boom);
        await store.transaction(async (tx) => void (await tx.evaluators.insert('Ingrid', null, AT)));
        expect((await store.evaluators.list()).map((e) => e.name)).toContain('Ingrid');
        await store.close();
      });

      it('no transaction inside a read; a read inside a transaction sees what it wrote', async () => {
        const { store, call } = await world(b);
        await expect(store.read(async (r) => r.transaction(async (tx) => void (await tx.evaluators.insert('Ingrid', null, AT))))).rejects.toThrow();
        await expect(store.read(async () => store.transaction(async (tx) => void (await tx.evaluators.insert('Ingrid', null, AT))))).rejects.toThrow();
        expect((await store.evaluators.list()).map((e) => e.name)).not.toContain('Ingrid');
        const inside = await store.transaction(async (tx) => {
          const a = await tx.applications.get(call.id, '21/2');
          await tx.decisions.setManual(a.id, { tier: null, granted: 0, status: 'rejected', note: null, actor: 'kari', at: AT });
          return tx.read(async (r) => (await r.exports.totals(call.id)).decisions);
        });
        expect(inside).toBe(1);
        await store.close();
      });
    });

    describe('transactions', () => {
      it('commit what the function wrote, and return what it returned', async () => {
        const store = await b.make();
        const c = await store.transaction(async (tx) => {
          const call = await tx.calls.insert(makeCall(), AT);
          await tx.audit.append({ at: AT, actor: 't', action: 'call.create', callId: call.id });
          return call;
        });
        expect((await store.calls.list()).map((x) => x.id)).toEqual([c.id]);
        expect(await store.audit.list()).toHaveLength(1);
        await store.close();
      });

      it('roll everything back when the function throws, across awaits', async () => {
        const store = await b.make();
        await expect(
          store.transaction(async (tx) => {
            await tx.calls.insert(makeCall(), AT);
            await new Promise((r) => setTimeout(r, 5));
            await tx.evaluators.insert('Kari', null, AT);
            throw new Error('nei');
          }),
        ).rejects.toThrow('nei');
        expect(await store.calls.list()).toEqual([]);
        expect(await store.evaluators.list()).toEqual([]);
        // and the store works on afterwards
        await store.transaction(async (tx) => void (await tx.evaluators.insert('Ola', null, AT)));
        expect((await store.evaluators.list()).map((e) => e.name)).toEqual(['Ola']);
        await store.close();
      });

      it('a dry run rolls back and still returns the result', async () => {
        const store = await b.make();
        const r = await store.transaction(async (tx) => (await tx.calls.insert(makeCall(), AT)).slug, { dryRun: true });
        expect(r).toBe('test-2021');
        expect(await store.calls.list()).toEqual([]);
        await store.close();
      });

      it('a transaction on the tx runs inside it: committed with it, rolled back with it', async () => {
        const store = await b.make();
        await store.transaction(async (tx) => {
          await tx.transaction(async (inner) => void (await inner.evaluators.insert('Kari', null, AT)));
          await tx.evaluators.insert('Ola', null, AT);
        });
        expect((await store.evaluators.list()).map((e) => e.name)).toEqual(['Kari', 'Ola']);
        await expect(
          store.transaction(async (tx) => {
            await tx.transaction(async (inner) => void (await inner.evaluators.insert('Ingrid', null, AT)));
            throw new Error('nei');
          }),
        ).rejects.toThrow('nei');
        expect((await store.evaluators.list()).map((e) => e.name)).toEqual(['Kari', 'Ola']);
        await store.close();
      });

      it('a transaction on the store itself, from inside a transaction, runs inside it (no waiting for itself)', async () => {
        const store = await b.make();
        await expect(
          store.transaction(async () => {
            await store.transaction(async (inner) => void (await inner.evaluators.insert('Kari', null, AT)));
            throw new Error('nei');
          }),
        ).rejects.toThrow('nei');
        expect(await store.evaluators.list()).toEqual([]);
        await store.close();
      });

      it('two transactions started at once on one store run one after the other', async () => {
        const store = await b.make();
        const order: string[] = [];
        const work = (name: string) =>
          store.transaction(async (tx) => {
            order.push(`${name} begins`);
            await new Promise((r) => setTimeout(r, 10));
            await tx.evaluators.insert(name, null, AT);
            order.push(`${name} ends`);
          });
        await Promise.all([work('Kari'), work('Ola')]);
        expect(order).toEqual(['Kari begins', 'Kari ends', 'Ola begins', 'Ola ends']);
        await store.close();
      });

      it('waits while another connection holds the write lock, then lands (busy retry)', async () => {
        const store = await b.make();
        const other = await b.second(store);
        let release!: () => void;
        const held = new Promise<void>((r) => (release = r));
        let started!: () => void;
        const begun = new Promise<void>((r) => (started = r));
        const first = store.transaction(async (tx) => {
          await tx.evaluators.insert('Kari', null, AT);
          started();
          await held;
        });
        await begun;
        // the other connection finds the database busy at once, and retries
        const second = other.transaction(async (tx) => void (await tx.evaluators.insert('Ola', null, AT)));
        setTimeout(release, 150);
        await Promise.all([first, second]);
        expect((await store.evaluators.list()).map((e) => e.name)).toEqual(['Kari', 'Ola']);
        await other.close();
        await store.close();
      });
    });
  });
}

/** an --update of one application through an import */
async function updateApp(store: Store, callId: number, ref: string, over: Partial<{ requested: number; submitted: string; title: string; orgNumber: string; priorDeMinimis: number }>) {
  const app = await store.applications.get(callId, ref);
  await store.transaction(async (tx) => {
    const imp = await tx.applications.importer(callId, LATER);
    await imp.update(app.id, { ...app, ...over });
    await imp.close();
  });
}

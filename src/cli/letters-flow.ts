/**
 * Writing decision letters: gather them from the stored run (services/letters.ts), put them
 * into words and into files, and record what went out. Every refusal comes before the first
 * file is written: a stale run, an unknown placeholder in a template, a letter already in the
 * folder without --force. Files go through the guarded writer (exclusive temporaries, 0600,
 * never the database); the record is one transaction after the files are in place, and a
 * failure to record removes the files this run made.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError, UserError } from '../core/errors.js';
import { checkOutTarget, readTextFile, writeOutFile } from '../io/files.js';
import { renderTable } from '../io/table.js';
import { safe } from '../io/text.js';
import type { LetterData, LetterKind, StaleChange } from '../services/letters.js';
import { resolveCall } from '../services/calls.js';
import { FLAG_FIELDS, LOOP_FIELDS, TEXT_FIELDS, type LetterFields, fileSafe, kindCounts, letterFields, letterHtml, letterMd, lettersCsv } from './render/letters.js';
import type { Runtime } from './runtime.js';

type Format = 'docx' | 'html' | 'md' | 'csv';

export interface WriteOptions {
  out?: string;
  ref?: string;
  format?: Format;
  date?: string;
  acceptBy?: string;
  template?: string;
  withComments?: boolean;
  force?: boolean;
}

const VOCABULARY = { text: TEXT_FIELDS, flags: FLAG_FIELDS, loops: LOOP_FIELDS };

/** Today in Norway, YYYY-MM-DD. */
function today(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function readBinary(file: string, cwd: string): Buffer {
  // the same refusals as every file read (missing, a folder, unreadable); then the bytes
  readTextFile(file, cwd);
  return fs.readFileSync(path.resolve(cwd, file));
}

/** A stale run's changes in words: "scores changed on 21/1, 21/2; the call was changed". */
function changesText(rt: Runtime, changes: StaleChange[]): string {
  const { t } = rt.out;
  if (changes.length === 0) return t('letters.stale.unknown');
  const refsText = (refs: string[]) => (refs.length > 5 ? t('letters.stale.more', { refs: refs.slice(0, 5).join(', '), count: refs.length - 5 }) : refs.join(', '));
  return changes
    .map((c) => {
      const key = `letters.stale.${c.what}`;
      return key in KNOWN_CHANGES ? t(key, { refs: refsText(c.refs) }) : t('letters.stale.unknown');
    })
    .filter((s, i, all) => all.indexOf(s) === i)
    .join('; ');
}
const KNOWN_CHANGES: Record<string, true> = {
  'letters.stale.score': true,
  'letters.stale.conflict': true,
  'letters.stale.decision': true,
  'letters.stale.application': true,
  'letters.stale.call': true,
  'letters.stale.offer': true,
  'letters.stale.panel': true,
  'letters.stale.aid': true,
  'letters.stale.appeal': true,
};

/** What docxtemplater gets for one letter. */
function templateData(f: LetterFields): Record<string, unknown> {
  return { ...f.text, ...f.flags, criteria: f.criteria, commentLines: f.comments };
}

/** `klynge letters --out DIR …` */
export async function writeLetters(rt: Runtime, opts: WriteOptions): Promise<void> {
  if (opts.out === undefined || opts.out.trim() === '') throw new UsageError('usage.letters_out');
  const format: Format = opts.format ?? 'docx';
  if (opts.template !== undefined && format !== 'docx') throw new UsageError('usage.letters_template_docx');
  const { cwd } = rt.deps;
  const dir = path.resolve(cwd, opts.out);
  const dirSt = fs.statSync(dir, { throwIfNoEntry: false });
  if (dirSt && !dirSt.isDirectory()) throw new UserError('letters.out_not_dir', { dir: opts.out });

  // a template is checked before the database is opened: a refusal leaves everything as it was
  const docx = format === 'docx' ? await import('../io/docx.js') : undefined;
  let template: Buffer | undefined;
  const templateName = opts.template ?? 'default';
  if (docx) {
    template = opts.template === undefined ? docx.defaultTemplate(TEXT_FIELDS, FLAG_FIELDS) : readBinary(opts.template, cwd);
    docx.checkTemplate(template, templateName, VOCABULARY);
  }

  const ctx = await rt.open();
  const call = await resolveCall(ctx, rt.opts.call);
  const { gatherLetters, recordLetters } = await import('../services/letters.js');
  const date = opts.date ?? today(rt.now());
  const g = await gatherLetters(ctx, call, { ref: opts.ref, date, acceptBy: opts.acceptBy, comments: !!opts.withComments });
  if (g.stale) throw new UserError('letters.stale', { call: call.slug, run: g.run.id, changes: changesText(rt, g.changes) });
  const set = g.set;
  if (set.letters.length === 0) throw new UserError('letters.none', { call: call.slug });
  const rankedCount = (await ctx.store.decisions.ofCall(call.id)).filter((d) => d.rank !== null).length;

  // every file's bytes, before any is written
  const fields = set.letters.map((l) => letterFields(rt.out, set, l, rankedCount));
  const files: { letter: LetterData; name: string; data: Buffer }[] = [];
  if (format === 'csv') {
    const data = Buffer.from(lettersCsv(set, fields), 'utf8');
    for (const l of set.letters) files.push({ letter: l, name: 'letters.csv', data });
  } else {
    const taken = new Set<string>();
    set.letters.forEach((l, i) => {
      const base = fileSafe(l.application.ref);
      let name = `${base}.${format}`;
      // two refs that read alike once made file-safe: the later one (in rank order) gets a number
      for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}.${format}`;
      taken.add(name.toLowerCase());
      const f = fields[i];
      const data =
        format === 'docx' ? docx!.fillTemplate(template!, templateName, templateData(f)) : Buffer.from(format === 'html' ? letterHtml(f, rt.lang) : letterMd(f), 'utf8');
      files.push({ letter: l, name, data });
    });
  }

  // applications that had a letter of the same kind already: sent again, its appeal period starts again
  const before = new Map<number, Set<string>>();
  for (const l of await ctx.store.letters.ofCall(call.id)) {
    let kinds = before.get(l.applicationId);
    if (!kinds) before.set(l.applicationId, (kinds = new Set()));
    kinds.add(l.kind);
  }
  const resent = opts.ref ? [] : set.letters.filter((l) => before.get(l.application.id)?.has(l.kind)).map((l) => l.application.ref);

  // no letter is written while any of them would be refused
  const distinct = [...new Map(files.map((f) => [f.name, f])).values()];
  const database = ctx.store.maintenance.files[0];
  for (const f of distinct) {
    const rel = path.join(opts.out, f.name);
    if (fs.existsSync(path.join(dir, f.name)) && !opts.force) throw new UserError('letters.exists', { file: rel });
    if (dirSt) checkOutTarget(rel, cwd, { database, force: opts.force });
  }
  const madeDir = !dirSt;
  if (madeDir) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const made: string[] = [];
  const undo = () => {
    for (const p of made) fs.rmSync(p, { force: true });
    if (madeDir) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const f of distinct) {
      const existed = fs.existsSync(path.join(dir, f.name));
      const abs = writeOutFile(path.join(opts.out, f.name), cwd, f.data, { database, force: opts.force });
      if (!existed) made.push(abs);
    }
    const sha = new Map(distinct.map((f) => [f.name, createHash('sha256').update(f.data).digest('hex')]));
    await recordLetters(
      ctx,
      set,
      files.map((f) => ({ letter: f.letter, file: f.name, sha256: sha.get(f.name)!, format })),
    );
  } catch (e) {
    undo();
    throw e;
  }

  const kinds = set.letters.map((l) => l.kind as LetterKind);
  const { t } = rt.out;
  if (format === 'csv') rt.out.info(t('letters.written_csv', { file: path.join(opts.out, 'letters.csv'), count: files.length, kinds: kindCounts(rt.out, kinds) }));
  else rt.out.info(t('letters.written', { count: files.length, format, dir: opts.out, kinds: kindCounts(rt.out, kinds) }));
  if (set.pending > 0) rt.out.info(t('letters.pending', { count: set.pending }));
  if (set.declined > 0) rt.out.info(t('letters.declined', { count: set.declined }));
  if (resent.length > 0) {
    const refs = resent.length > 5 ? t('letters.stale.more', { refs: resent.slice(0, 5).join(', '), count: resent.length - 5 }) : resent.join(', ');
    rt.out.warn(t('letters.resent', { count: resent.length, refs }));
  }
  if (rt.out.json) {
    rt.out.data({
      call: call.slug,
      run: set.run.id,
      format,
      dir,
      date: set.date,
      letters: files.map((f) => ({ ref: f.letter.application.ref, kind: f.letter.kind, file: f.name, sha256: createHash('sha256').update(f.data).digest('hex') })),
      pending: set.pending,
      declined: set.declined,
    });
  }
}

/** `klynge letters --list` */
export async function listLetterRecords(rt: Runtime, opts: WriteOptions): Promise<void> {
  const given: [string, unknown][] = [
    ['--out', opts.out],
    ['--ref', opts.ref],
    ['--format', opts.format],
    ['--date', opts.date],
    ['--accept-by', opts.acceptBy],
    ['--template', opts.template],
    ['--with-comments', opts.withComments],
    ['--force', opts.force],
  ];
  const extra = given.find(([, v]) => v !== undefined);
  if (extra) throw new UsageError('usage.letters_list_alone', { option: extra[0] });
  const ctx = await rt.open({ access: 'read' });
  const call = await resolveCall(ctx, rt.opts.call);
  const { listLetters } = await import('../services/letters.js');
  const records = await listLetters(ctx, call);
  if (rt.out.json) {
    rt.out.data({
      call: call.slug,
      letters: records.map((r) => ({ ref: r.ref, kind: r.kind, run: r.runId, format: r.format, file: r.file, sha256: r.sha256, date: r.letterDate, writtenAt: r.writtenAt, actor: r.actor })),
    });
    return;
  }
  const { t } = rt.out;
  if (records.length === 0) {
    rt.out.info(t('letters.list_empty', { call: call.slug }));
    return;
  }
  const table = renderTable(
    rt.out,
    [
      { header: t('col.ref') },
      { header: t('letters.col.kind'), words: true },
      { header: t('letters.col.run'), align: 'right' },
      { header: t('letters.col.file'), wrap: true },
      { header: t('letters.col.date') },
      { header: t('letters.col.written') },
      { header: t('letters.col.actor') },
      { header: 'sha256' },
    ],
    records.map((r) => [safe(r.ref), t(`letter.kind.${r.kind}`), String(r.runId), safe(r.file), r.letterDate, r.writtenAt.slice(0, 16).replace('T', ' '), safe(r.actor), r.sha256.slice(0, 12)]),
  );
  rt.deps.stdout.write(table.endsWith('\n') ? table : table + '\n');
}

/** `klynge letters template --out FILE.docx` */
export async function writeTemplate(rt: Runtime, opts: { out: string; force?: boolean }): Promise<void> {
  const { defaultTemplate } = await import('../io/docx.js');
  const abs = writeOutFile(opts.out, rt.deps.cwd, defaultTemplate(TEXT_FIELDS, FLAG_FIELDS), { force: opts.force, database: rt.dbPath });
  rt.out.info(rt.out.t('letters.template_written', { file: opts.out, placeholders: '{…}' }));
  if (rt.out.json) rt.out.data({ out: abs });
}

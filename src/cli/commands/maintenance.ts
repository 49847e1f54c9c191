import type { Command } from './typed.js';
import type { Registrar } from '../main.js';

/** What check reports as a finding about the file (exit 1) rather than as an error. */
const FINDINGS = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'db.corrupt', 'db.truncated', 'db.empty']);

/** `klynge check` and `klynge backup FILE`. */
export function registerMaintenance(program: Command, { t, action, examples }: Registrar): void {
  const check = program
    .command('check')
    .description(t('help.check'))
    .action(
      action(async (rt) => {
        const { checkIntegrity } = await import('../../services/maintenance.js');
        let r: Awaited<ReturnType<typeof checkIntegrity>>;
        let ctx: Awaited<ReturnType<typeof rt.open>>;
        try {
          // check looks, it never migrates: an older schema is reported as found
          ctx = await rt.open({ access: 'read', asIs: true });
          r = await checkIntegrity(ctx);
        } catch (e) {
          // a damaged, cut-short or empty file is what check is for: a finding, not a failure to run
          const err = e as { code?: string; params?: Record<string, unknown> };
          const code = err.code ?? '';
          if (!FINDINGS.has(code)) throw e;
          // SQLite's own words for damage; an empty or cut-short file gets our sentence, which says what to do
          const own = code === 'db.empty' || code === 'db.truncated';
          const found = own ? t(code, err.params ?? {}) : String(err.params?.reason ?? (e as Error).message);
          if (rt.out.json) rt.out.data({ ok: false, integrity: [found], foreignKeys: [], version: null, ...(own ? { problem: code } : {}) });
          else if (own) rt.out.line(`${rt.out.c.red('✗')} ${found}`);
          else {
            rt.out.line(`${rt.out.c.red('✗')} ${t('check.integrity', { result: found })}`);
            rt.out.info(t('check.corrupt_hint'));
          }
          return 1;
        }
        const ok = r.integrity.length === 0 && r.foreignKeys.length === 0 && r.version === r.latest;
        // decisions that take an undertaking past the de minimis ceiling (a manual one may): a warning, not a failure
        let over: Awaited<ReturnType<typeof import('../../services/state-aid.js').undertakingsOverCeiling>> = [];
        if (ok) {
          over = await (await import('../../services/state-aid.js')).undertakingsOverCeiling(ctx);
        }
        if (rt.out.json) {
          rt.out.data({ ok, ...r, ...(over.length ? { stateAidOverCeiling: over.map((o) => ({ ...o, ceiling: o.ceiling / 100, other: o.other / 100, own: o.own / 100, thisCall: o.thisCall / 100, total: o.total / 100 })) } : {}) });
        } else {
          const { out } = rt;
          const mark = (good: boolean) => (good ? out.c.green('✓') : out.c.red('✗'));
          out.line(`${mark(r.integrity.length === 0)} ${t('check.integrity', { result: r.integrity.length ? r.integrity.join('; ') : 'ok' })}`);
          out.line(`${mark(r.foreignKeys.length === 0)} ${t('check.foreign_keys', { count: r.foreignKeys.length })}`);
          for (const fk of r.foreignKeys.slice(0, 20)) out.line(`    ${fk.table} #${fk.rowid} → ${fk.parent}`);
          out.line(`${mark(r.version === r.latest)} ${t('check.version', { version: r.version, latest: r.latest })}`);
          if (r.version < r.latest) out.info(t('check.migrate_hint', { file: rt.dbLabel }));
          const { safe } = await import('../../io/text.js');
          for (const o of over) {
            out.warn(
              t('check.state_aid_over', { call: o.call, orgNumber: o.orgNumber, applicant: safe(o.applicant), total: { money: o.total }, ceiling: { money: o.ceiling }, other: { money: o.other }, own: { money: o.own }, thisCall: { money: o.thisCall } }),
            );
          }
        }
        return ok ? 0 : 1;
      }),
    );
  examples(check, 'help.check.examples');

  const backup = program
    .command('backup')
    .description(t('help.backup'))
    .argument('<file>', t('help.backup.file'))
    .option('--force', t('help.backup.force'))
    .action(
      action(async (rt, file, opts) => {
        const ctx = await rt.open({ verify: 'pages' });
        const { backupDatabase } = await import('../../services/maintenance.js');
        const r = await backupDatabase(ctx, file, rt.deps.cwd, !!opts.force);
        if (rt.out.json) rt.out.data(r);
        else rt.out.line(t('backup.done', { file, pages: r.pages }));
      }),
    );
  examples(backup, 'help.backup.examples');
}

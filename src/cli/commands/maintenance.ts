import type { Command } from './typed.js';
import type { Registrar } from '../main.js';

/** `klynge check` and `klynge backup FILE`. */
export function registerMaintenance(program: Command, { t, action, examples }: Registrar): void {
  const check = program
    .command('check')
    .description(t('help.check'))
    .action(
      action(async (rt) => {
        const { checkIntegrity } = await import('../../services/maintenance.js');
        let r: ReturnType<typeof checkIntegrity>;
        try {
          const ctx = await rt.open();
          r = checkIntegrity(ctx);
        } catch (e) {
          // a damaged file is what check is for: report it as a finding, not as a failure to run
          const code = (e as { code?: string }).code;
          if (code !== 'SQLITE_CORRUPT' && code !== 'SQLITE_NOTADB') throw e;
          const reason = (e as Error).message;
          if (rt.out.json) rt.out.data({ ok: false, integrity: [reason], foreignKeys: [], version: null });
          else {
            rt.out.line(`${rt.out.c.red('✗')} ${t('check.integrity', { result: reason })}`);
            rt.out.info(t('check.corrupt_hint'));
          }
          return 1;
        }
        const ok = r.integrity.length === 0 && r.foreignKeys.length === 0 && r.version === r.latest;
        if (rt.out.json) {
          rt.out.data({ ok, ...r });
        } else {
          const { out } = rt;
          const mark = (good: boolean) => (good ? out.c.green('✓') : out.c.red('✗'));
          out.line(`${mark(r.integrity.length === 0)} ${t('check.integrity', { result: r.integrity.length ? r.integrity.join('; ') : 'ok' })}`);
          out.line(`${mark(r.foreignKeys.length === 0)} ${t('check.foreign_keys', { count: r.foreignKeys.length })}`);
          for (const fk of r.foreignKeys.slice(0, 20)) out.line(`    ${fk.table} #${fk.rowid} → ${fk.parent}`);
          out.line(`${mark(r.version === r.latest)} ${t('check.version', { version: r.version, latest: r.latest })}`);
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
        const ctx = await rt.open();
        const { backupDatabase } = await import('../../services/maintenance.js');
        const r = await backupDatabase(ctx, file, rt.deps.cwd, !!opts.force);
        if (rt.out.json) rt.out.data(r);
        else rt.out.line(t('backup.done', { file, pages: r.pages }));
      }),
    );
  examples(backup, 'help.backup.examples');
}

import fs from 'node:fs';
import path from 'node:path';
import type { Command } from './typed.js';
import type { Registrar } from '../main.js';

/** `klynge db copy --from A --to B`: move a database between SQLite and PostgreSQL (issue 17). */
export function registerDb(program: Command, { t, action, examples }: Registrar): void {
  const db = program.command('db').description(t('help.db'));
  const copy = db
    .command('copy')
    .description(t('help.db.copy'))
    .option('--from <db>', t('help.db.copy.from'))
    .requiredOption('--to <db>', t('help.db.copy.to'))
    .action(
      action(async (rt, opts) => {
        const { UserError } = await import('../../core/errors.js');
        const { isPgTarget, parsePgTarget } = await import('../../db/target.js');
        const given = opts.from ?? rt.opts.db ?? rt.deps.env.KLYNGE_DB ?? 'klynge.db';
        const key = (text: string) => (isPgTarget(text) ? parsePgTarget(text, rt.deps.env).label : path.resolve(rt.deps.cwd, text));
        if (key(given) === key(opts.to)) throw new UserError('copy.same', { label: isPgTarget(opts.to) ? parsePgTarget(opts.to, rt.deps.env).label : opts.to });
        if ([given, opts.to].some((text) => isPgTarget(text) && parsePgTarget(text, rt.deps.env).passwordInUrl)) rt.out.warn(t('db.pg_password_in_url'));
        // the source is only read (an older one is refused with what to run); the target is made when new
        const from = await rt.openOther(given, { access: 'read' });
        try {
          const to = await rt.openOther(opts.to, { create: true });
          let kept = false;
          try {
            const { copyDatabase } = await import('../../services/copy.js');
            const r = await copyDatabase(from, to, { from: from.label, to: to.label });
            kept = true;
            if (rt.out.json) {
              rt.out.data({ from: from.label, to: to.label, rows: r.rows, tables: r.tables, calls: r.calls });
              return;
            }
            rt.out.line(t('copy.done', { from: from.label, to: to.label, rows: r.rows, tables: r.tables.length }));
            if (r.calls.length) {
              rt.out.line(t('copy.calls'));
              for (const c of r.calls) rt.out.line(`  ${c.call}  ${c.stored.to ?? t('copy.no_run')}${c.stored.to === c.now.to ? '' : `  (${t('copy.inputs_now')} ${c.now.to})`}`);
            }
          } finally {
            await to.store.close();
            // a file this copy made and could not fill is not left behind (an existing database is left as it was)
            if (!kept && to.created && to.kind === 'sqlite') for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(path.resolve(rt.deps.cwd, opts.to) + suffix, { force: true });
          }
        } finally {
          await from.store.close();
        }
      }),
    );
  examples(copy, 'help.db.copy.examples');
  examples(db, 'help.db.copy.examples');
}


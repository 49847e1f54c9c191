import type { Command } from './typed.js';
import type { Registrar } from '../main.js';

const FORMATS = ['csv', 'json', '360giving', 'state-aid'] as const;
type ExportFormat = (typeof FORMATS)[number];

interface ExportFlags {
  format?: string;
  out?: string;
  force?: boolean;
  includeRejected?: boolean;
  excel?: boolean;
  idPrefix?: string;
}

/** `klynge export --format csv|json|360giving [--out FILE [--force]] [--include-rejected] [--id-prefix PREFIX]` */
export function registerExport(program: Command, { t, action, examples }: Registrar): void {
  const cmd = program
    .command('export')
    .description(t('help.export'))
    .option('--format <format>', t('help.export.format'))
    .option('--out <file>', t('help.export.out'))
    .option('--force', t('help.export.force'))
    .option('--include-rejected', t('help.export.include_rejected'))
    .option('--id-prefix <prefix>', t('help.export.id_prefix'))
    .option('--excel', t('help.report.excel'))
    .action(
      action(async (rt, flags: ExportFlags) => {
        const { UsageError } = await import('../../core/errors.js');
        const format = exportFormat(flags.format, !!rt.opts.json, UsageError);
        if (format !== '360giving' && flags.includeRejected) throw new UsageError('usage.export_360giving_only', { option: '--include-rejected' });
        if (format !== '360giving' && flags.idPrefix !== undefined) throw new UsageError('usage.export_360giving_only', { option: '--id-prefix' });
        // the standard fixes 360Giving's columns and form: an Excel flavour of it would not be 360Giving
        if (format !== 'csv' && flags.excel) throw new UsageError('usage.export_csv_only', { option: '--excel', format });
        const files = await import('../../io/files.js');
        // a target that can never be written is refused before any work
        if (flags.out !== undefined) files.checkOutTarget(flags.out, rt.deps.cwd, { database: rt.dbPath, force: flags.force });
        const ctx = await rt.open({ access: 'read' });
        const { resolveCall } = await import('../../services/calls.js');
        const call = await resolveCall(ctx, rt.opts.call);
        const { readExport } = await import('../../services/export.js');
        await readExport(ctx, call, { scores: format === 'json' }, async (src) => {
          const { warnIfStale } = await import('../render/reports.js');
          warnIfStale(rt.out, src);
          const doc = await import('../render/export.js');
          const count = { rows: 0 };
          const chunks =
            format === 'json'
              ? doc.exportJson(src, count)
              : format === 'csv'
                ? doc.exportCsv(src, { bom: flags.out !== undefined, excel: !!flags.excel, language: flags.excel ? { t, lang: rt.lang } : undefined }, count)
                : format === 'state-aid'
                  ? (await import('../render/export-state-aid.js')).exportStateAid(src, count)
                  : await doc.exportGiving(src, { includeRejected: !!flags.includeRejected, idPrefix: flags.idPrefix }, count);
          if (flags.out === undefined) {
            await files.writeChunks(rt.deps.stdout as Parameters<typeof files.writeChunks>[0], chunks);
            return;
          }
          const abs = await files.writeOutChunks(flags.out, rt.deps.cwd, chunks, { database: ctx.store.maintenance.files[0], force: flags.force });
          rt.out.info(t(format === 'json' ? 'export.written_json' : 'export.written', { count: count.rows, file: flags.out, format }));
          // under --json stdout still holds one document: what was written where
          if (rt.out.json) rt.out.data({ format, out: abs, count: count.rows });
        });
      }),
    );
  examples(cmd, 'help.export.examples');
}

/** --format, or json under the global --json; csv when neither is given. */
function exportFormat(value: string | undefined, json: boolean, UsageError: typeof import('../../core/errors.js').UsageError): ExportFormat {
  const f = value === undefined ? (json ? 'json' : 'csv') : value.toLowerCase();
  if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError('usage.export_format', { format: value, formats: FORMATS.join(', ') });
  if (json && f !== 'json') throw new UsageError('usage.export_json_format', { format: f });
  return f as ExportFormat;
}

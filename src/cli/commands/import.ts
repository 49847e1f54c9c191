import path from 'node:path';
import type { Command } from './typed.js';
import type { Registrar } from '../main.js';
import { csvFileOptions } from './csv-options.js';

/** `klynge import FILE.csv`: applications from the CSV files caseworkers really have. */
export function registerImport(program: Command, { t, action, examples }: Registrar): void {
  const cmd = csvFileOptions(
    program
      .command('import')
      .description(t('help.import'))
      .argument('<file>', t('help.import.file'))
      .option('--dry-run', t('help.import.dry_run'))
      .option('--update', t('help.import.update')),
    t,
  ).action(
      action(async (rt, file, flags) => {
        // SIGINT/SIGTERM: the import stops and rolls back, unless it has committed already, in
        // which case it ends as it would have (its result, exit 0) and says when the signal came
        const stop = new AbortController();
        let signalled: string | undefined;
        rt.onSignal((signal) => {
          signalled ??= signal;
          stop.abort(signal);
          return true;
        });
        // a large file's row reader thread starts first: it loads while the database and the file open
        const { startRowReader } = await import('../../services/import-rows.js');
        const worker = startRowReader(path.resolve(rt.deps.cwd, file));
        let report;
        try {
          const { openCallCsv } = await import('../csv-source.js');
          const { map, ctx, call, src } = await openCallCsv(rt, file, flags);
          const { importApplications } = await import('../../services/import-applications.js');
          const { progressBar } = await import('../../io/progress.js');
          const bar = progressBar(rt.out, t('import.progress'));
          try {
            report = await importApplications(ctx, call, src, { dryRun: !!flags.dryRun, update: !!flags.update, map, onProgress: bar?.update, worker, signal: stop.signal });
          } finally {
            bar?.stop();
          }
        } finally {
          void worker?.worker.terminate(); // done with it, or never got as far as the import
        }
        const { renderImportReport, importReportJson, warningText } = await import('../render/import.js');
        if (rt.out.json) {
          rt.out.data(importReportJson(report));
          for (const w of report.warnings) rt.out.warn(warningText(rt.out, w));
        } else renderImportReport(rt.out, report);
        if (signalled && !report.dryRun) rt.out.info(t('import.signal_after_commit', { signal: signalled }));
      }),
    );
  examples(cmd, 'help.import.examples');
}

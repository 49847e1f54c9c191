import type { Command } from './typed.js';
import type { Registrar } from '../main.js';

export function registerInit(program: Command, { t, action, examples }: Registrar): void {
  const cmd = program
    .command('init')
    .description(t('help.init'))
    .action(
      action(async (rt) => {
        // a file is made, or a PostgreSQL database given its schema; an older schema is brought up to date
        const { migrated, created } = await rt.open({ create: true });
        const { schemaVersion } = await import('../../services/maintenance.js');
        const LATEST_VERSION = schemaVersion();
        if (rt.out.json) rt.out.data({ database: rt.target.kind === 'postgres' ? rt.dbLabel : rt.dbPath, created, migrated, version: LATEST_VERSION });
        else rt.out.line(t(created ? 'init.created' : migrated.length ? 'init.migrated' : 'init.current', { file: rt.dbLabel, version: LATEST_VERSION }));
      }),
    );
  examples(cmd, 'help.init.examples');
}

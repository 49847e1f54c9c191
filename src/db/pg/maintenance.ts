/**
 * `klynge check` and `klynge backup` on PostgreSQL. The server keeps its own pages and foreign
 * keys, so the check is the schema's version and migrations; a backup of a server database is
 * `pg_dump`'s job (the README shows it), and `klynge backup` says so.
 */
import { UserError } from '../../core/errors.js';
import type { MaintenanceStore } from '../store.js';
import type { Q } from './q.js';
import { PG_LATEST_VERSION } from './schema.js';

export function pgMaintenance(q: Q): MaintenanceStore {
  return {
    files: [],
    check: async () => {
      const migrations = await q.rows<{ version: number; name: string; applied_at: string }>('SELECT version, name, applied_at FROM klynge_schema ORDER BY version');
      const version = migrations.reduce((v, m) => Math.max(v, m.version), 0);
      return { integrity: [], foreignKeys: [], version, latest: PG_LATEST_VERSION, migrations };
    },
    backup: async () => {
      throw new UserError('db.pg_backup', {});
    },
  };
}

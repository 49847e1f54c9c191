/** Every command group, in the order `klynge --help` lists them. */
import type { Command } from 'commander';
import type { Registrar } from '../main.js';
import { registerInit } from './init.js';
import { registerCall } from './call.js';
import { registerLog } from './log.js';
import { registerMaintenance } from './maintenance.js';
import { registerImport } from './import.js';
import { registerApplications } from './applications.js';
import { registerScoring } from './scoring.js';
import { registerAllocation } from './allocation.js';
import { registerReport } from './report.js';
import { registerExport } from './export.js';
import { registerDemo } from './demo.js';

export type Register = (program: Command, reg: Registrar) => void;

export const COMMANDS: Register[] = [registerInit, registerCall, registerImport, registerApplications, registerScoring, registerAllocation, registerReport, registerExport, registerDemo, registerLog, registerMaintenance];

/**
 * Which registration brings each top-level command (and alias). A command line that names
 * one of these needs only that group registered: `klynge call list` skips building the
 * other thirty commands. A test checks this against what each registration really adds.
 */
export const COMMAND_OWNERS: Readonly<Record<string, Register>> = {
  init: registerInit,
  call: registerCall,
  import: registerImport,
  applications: registerApplications,
  apps: registerApplications,
  evaluator: registerScoring,
  conflict: registerScoring,
  score: registerScoring,
  rank: registerAllocation,
  allocate: registerAllocation,
  decide: registerAllocation,
  report: registerReport,
  export: registerExport,
  demo: registerDemo,
  log: registerLog,
  check: registerMaintenance,
  backup: registerMaintenance,
};

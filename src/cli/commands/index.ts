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

/**
 * What `klynge --help` lists, in the order of COMMANDS: each top-level command as the
 * help shows it (name, alias, `[options]`, arguments) and its description's message key.
 * Listing these takes a fraction of registering every command with its options; a test
 * checks the help made from them is the help made from the commands themselves.
 */
export const COMMAND_LIST: readonly { name: string; alias?: string; term: string; description: string }[] = [
  { name: 'init', term: 'init', description: 'help.init' },
  { name: 'call', term: 'call', description: 'help.call' },
  { name: 'import', term: 'import [options] <file>', description: 'help.import' },
  { name: 'applications', alias: 'apps', term: 'applications|apps', description: 'help.applications' },
  { name: 'evaluator', term: 'evaluator', description: 'help.evaluator' },
  { name: 'conflict', term: 'conflict', description: 'help.conflict' },
  { name: 'score', term: 'score [options]', description: 'help.score' },
  { name: 'rank', term: 'rank', description: 'help.rank' },
  { name: 'allocate', term: 'allocate [options]', description: 'help.allocate' },
  { name: 'decide', term: 'decide [options] <ref>', description: 'help.decide' },
  { name: 'report', term: 'report', description: 'help.report' },
  { name: 'export', term: 'export [options]', description: 'help.export' },
  { name: 'demo', term: 'demo', description: 'help.demo' },
  { name: 'log', term: 'log [options] [ref]', description: 'help.log' },
  { name: 'check', term: 'check', description: 'help.check' },
  { name: 'backup', term: 'backup [options] <file>', description: 'help.backup' },
];

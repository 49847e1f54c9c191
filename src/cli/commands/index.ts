/** Every command group, in the order `klynge --help` lists them. */
import type { Command } from './typed.js';
import type { Registrar } from '../main.js';
import { registerInit } from './init.js';
import { registerCall } from './call.js';
import { registerLog } from './log.js';
import { registerMaintenance } from './maintenance.js';
import { registerDb } from './db.js';
import { registerImport } from './import.js';
import { registerApplications } from './applications.js';
import { registerScoring } from './scoring.js';
import { registerAllocation } from './allocation.js';
import { registerReport } from './report.js';
import { registerExport } from './export.js';
import { registerLetters } from './letters.js';
import { registerDemo } from './demo.js';
import { registerAid } from './aid.js';
import { registerAssign } from './assign.js';
import { registerOffer } from './offer.js';
import { registerAppeal } from './appeal.js';

export type Register = (program: Command, reg: Registrar) => void;

/** A top-level command as `klynge --help` lists it: name, alias, `[options]` and arguments, description key. */
export interface ListedCommand {
  name: string;
  alias?: string;
  term: string;
  description: string;
}

/**
 * The one table of commands: each registration (a command group) with the top-level
 * commands it brings, in the order `klynge --help` lists them. What start-up needs is
 * derived from it: a command line that names one of these registers only its group
 * (`klynge call list` skips building the other thirty commands), and `klynge --help`
 * lists them without registering any. A test checks it against what each registration adds.
 */
export const COMMAND_TABLE: readonly { register: Register; commands: readonly ListedCommand[] }[] = [
  { register: registerInit, commands: [{ name: 'init', term: 'init', description: 'help.init' }] },
  { register: registerCall, commands: [{ name: 'call', term: 'call', description: 'help.call' }] },
  { register: registerImport, commands: [{ name: 'import', term: 'import [options] <file>', description: 'help.import' }] },
  { register: registerApplications, commands: [{ name: 'applications', alias: 'apps', term: 'applications|apps', description: 'help.applications' }] },
  { register: registerAid, commands: [{ name: 'aid', term: 'aid', description: 'help.aid' }] },
  {
    register: registerScoring,
    commands: [
      { name: 'evaluator', term: 'evaluator', description: 'help.evaluator' },
      { name: 'conflict', term: 'conflict', description: 'help.conflict' },
      { name: 'score', term: 'score [options]', description: 'help.score' },
    ],
  },
  { register: registerAssign, commands: [{ name: 'assign', term: 'assign [options] [ref]', description: 'help.assign' }] },
  {
    register: registerAllocation,
    commands: [
      { name: 'rank', term: 'rank', description: 'help.rank' },
      { name: 'allocate', term: 'allocate [options]', description: 'help.allocate' },
      { name: 'decide', term: 'decide [options] <ref>', description: 'help.decide' },
    ],
  },
  { register: registerOffer, commands: [{ name: 'offer', term: 'offer', description: 'help.offer' }] },
  { register: registerAppeal, commands: [{ name: 'appeal', term: 'appeal', description: 'help.appeal' }] },
  { register: registerReport, commands: [{ name: 'report', term: 'report', description: 'help.report' }] },
  { register: registerExport, commands: [{ name: 'export', term: 'export [options]', description: 'help.export' }] },
  { register: registerLetters, commands: [{ name: 'letters', term: 'letters [options]', description: 'help.letters' }] },
  { register: registerDemo, commands: [{ name: 'demo', term: 'demo', description: 'help.demo' }] },
  { register: registerLog, commands: [{ name: 'log', term: 'log [options] [ref]', description: 'help.log' }] },
  {
    register: registerMaintenance,
    commands: [
      { name: 'check', term: 'check', description: 'help.check' },
      { name: 'backup', term: 'backup [options] <file>', description: 'help.backup' },
    ],
  },
  { register: registerDb, commands: [{ name: 'db', term: 'db', description: 'help.db' }] },
];

/** Every registration, in the order of the table. */
export const COMMANDS: readonly Register[] = COMMAND_TABLE.map((g) => g.register);

/** Which registration brings each top-level command and alias. */
export const COMMAND_OWNERS: Readonly<Record<string, Register>> = Object.fromEntries(
  COMMAND_TABLE.flatMap((g) => g.commands.flatMap((c) => [c.name, ...(c.alias ? [c.alias] : [])].map((n) => [n, g.register] as const))),
);

/** What `klynge --help` lists, in order. */
export const COMMAND_LIST: readonly ListedCommand[] = COMMAND_TABLE.flatMap((g) => g.commands);

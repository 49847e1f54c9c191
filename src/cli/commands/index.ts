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

import { Command } from 'commander';
import { registerAudit } from './audit.ts';
import { registerDb } from './db.ts';
import { registerDemo } from './demo.ts';
import { defaultDeps, type CliDeps } from './deps.ts';
import { registerExport } from './exportCases.ts';
import { registerImport } from './importCases.ts';
import { registerServe } from './serve.ts';
import { registerUsers } from './users.ts';
import { registerCompare } from './compare.ts';
import { registerSensitivity } from './sensitivity.ts';
import { registerSimulate } from './simulate.ts';
import { registerAllocate } from './allocate.ts';
import { registerLedger } from './ledger.ts';

/**
 * The `hubs` program. Each feature registers its commands from its own module in this folder, so
 * this file stays a table of contents.
 */
export function buildProgram(deps: CliDeps = defaultDeps): Command {
  const program = new Command('hubs')
    .description('Return Hubs: casework system of record and policy simulator')
    .version('0.1.0')
    .showHelpAfterError();
  registerSimulate(program);
  registerCompare(program);
  registerSensitivity(program);
  registerServe(program);
  registerDb(program, deps);
  registerDemo(program, deps);
  registerImport(program, deps);
  registerExport(program, deps);
  registerAudit(program, deps);
  registerUsers(program, deps);
  registerAllocate(program, deps);
  registerLedger(program, deps);
  return program;
}

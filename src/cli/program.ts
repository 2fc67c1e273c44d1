import { Command } from 'commander';
import { registerCompare } from './compare.ts';
import { registerSensitivity } from './sensitivity.ts';
import { registerSimulate } from './simulate.ts';

/**
 * The `hubs` program. Each feature registers its commands from its own module in this folder, so
 * this file stays a table of contents.
 */
export function buildProgram(): Command {
  const program = new Command('hubs')
    .description('Return Hubs: casework system of record and policy simulator')
    .version('0.1.0')
    .showHelpAfterError();
  registerSimulate(program);
  registerCompare(program);
  registerSensitivity(program);
  return program;
}

/**
 * The simulator's commands on their own. `hubs simulate`, `compare` and `sensitivity` start from
 * here (see `src/cli.ts`) so that a Monte Carlo run does not load the casework half of the product
 * (services, database drivers, web server): about 75 MB of memory it would never use. They set the
 * simulator's V8 flags (src/sim/DESIGN.md, decision 20), which the web server does not.
 */
import '../sim/v8-flags.ts';
import { Command } from 'commander';
import { registerCompare } from './compare.ts';
import { registerSensitivity } from './sensitivity.ts';
import { registerSimulate } from './simulate.ts';

export function buildSimulatorProgram(): Command {
  const program = new Command('hubs')
    .description('Return Hubs: policy simulator')
    .version('0.1.0')
    .showHelpAfterError();
  registerSimulate(program);
  registerCompare(program);
  registerSensitivity(program);
  return program;
}

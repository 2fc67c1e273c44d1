// Entry point of the `hubs` command: builds the program and runs it. Commands live in src/cli/.
// The simulator's commands are built without the casework half, which they never use.
import { argv } from 'node:process';

const SIMULATOR_COMMANDS = ['simulate', 'compare', 'sensitivity'];

const program = SIMULATOR_COMMANDS.includes(argv[2])
  ? (await import('./cli/simulator.ts')).buildSimulatorProgram()
  : (await import('./cli/program.ts')).buildProgram();
await program.parseAsync(argv);

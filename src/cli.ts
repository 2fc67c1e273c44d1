// Entry point of the `hubs` command: builds the program and runs it. Commands live in src/cli/.
import { buildProgram } from './cli/program.ts';

await buildProgram().parseAsync(process.argv);

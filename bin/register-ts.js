// Loads the TypeScript sources through tsx's ES-module hooks, and only those: the project is all
// ES modules. tsx's CommonJS loader (`--import tsx`) scans CommonJS files with a WebAssembly
// lexer whose memory growth detaches an ArrayBuffer, and one detached buffer anywhere in a thread
// makes V8 check every typed-array access in that thread from then on: the simulator ran 16% more
// instructions (src/sim/DESIGN.md, decision 18).
// Used by the `hubs` command, the simulator's worker threads and the npm scripts that simulate.
import { register } from 'tsx/esm/api';

register();

/**
 * `execArgv` for worker threads that run the TypeScript sources (the simulator's Monte Carlo
 * workers, the allocation solver's worker): tsx's ES-module hooks alone, as `npm start` loads them
 * (`bin/register-ts.js`, by absolute URL so it works from any directory). The full `--import tsx`
 * detaches an ArrayBuffer, which costs every typed-array access in the thread a check
 * (src/sim/DESIGN.md, decision 18).
 */
export const TS_WORKER_EXEC_ARGV = ['--import', new URL('../bin/register-ts.js', import.meta.url).href];

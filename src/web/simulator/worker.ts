import { parentPort, workerData } from 'node:worker_threads';
import { compileScenario } from '../../sim/compile.ts';
import { runReplication } from '../../sim/model.ts';
import { parseScenario } from '../../sim/scenario.ts';
import { summariseReplications } from './summary.ts';

/**
 * Runs one simulation off the request thread: replications one after another, reporting progress
 * after each, then the summary across them.
 */
const { scenario, replications, seed } = workerData as {
  scenario: unknown;
  replications: number;
  seed: number;
};
const config = compileScenario(parseScenario(scenario));
const results: Float64Array[] = [];
for (let r = 0; r < replications; r++) {
  results.push(runReplication(config, seed, r).series);
  parentPort?.postMessage({ kind: 'progress', done: r + 1, of: replications });
}
parentPort?.postMessage({ kind: 'done', result: summariseReplications(results, config.reportDates) });

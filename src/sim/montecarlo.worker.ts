/**
 * Worker-thread entry for Monte Carlo runs: runs a batch of replications of a compiled scenario
 * and hands back each one's series. Which thread runs which replication does not matter: every
 * replication draws from its own stream (root seed, replication index).
 */
import type { ModelConfig } from './compile.ts';
import { runReplication } from './model.ts';

export interface BatchTask {
  config: ModelConfig;
  seed: number;
  replications: number[];
}

export interface BatchResult {
  replications: number[];
  series: Float64Array[];
  events: number;
}

export function runBatch(task: BatchTask): BatchResult {
  const series: Float64Array[] = [];
  let events = 0;
  for (const r of task.replications) {
    const result = runReplication(task.config, task.seed, r);
    series.push(result.series);
    events += result.events;
  }
  return { replications: task.replications, series, events };
}

export default runBatch;

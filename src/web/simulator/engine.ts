import { Worker } from 'node:worker_threads';
import type { RunResult } from './summary.ts';

export interface RunRequest {
  scenario: unknown;
  replications: number;
  seed: number;
}

/** Runs a scenario and reports progress as a fraction; the pages never wait on it. */
export interface SimulationEngine {
  run(request: RunRequest, onProgress: (fraction: number) => void): Promise<RunResult>;
}

/** Each run in its own worker thread, so a long run never blocks a page. */
export const workerEngine: SimulationEngine = {
  run(request, onProgress) {
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
        workerData: request,
      });
      let settled = false;
      worker.on(
        'message',
        (message: { kind: 'progress'; done: number; of: number } | { kind: 'done'; result: RunResult }) => {
          if (message.kind === 'progress') onProgress(message.done / message.of);
          else {
            settled = true;
            resolve(message.result);
            void worker.terminate();
          }
        },
      );
      worker.on('error', (error) => {
        settled = true;
        reject(error);
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new Error(`The simulation stopped unexpectedly (exit code ${code}).`));
      });
    });
  },
};

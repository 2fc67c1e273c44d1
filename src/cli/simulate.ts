/**
 * `hubs simulate`: run a scenario many times and print the summary (MODEL.md "Outputs").
 * Also the shared option handling of `hubs compare` and `hubs sensitivity`.
 */
import { writeFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import {
  applyAssignments,
  formatResult,
  loadScenario,
  REPORT_FORMATS,
  runMonteCarlo,
  ScenarioError,
  setParameter,
} from '../sim/index.ts';
import type { ReportFormat, Scenario } from '../sim/index.ts';

export interface RunOptions {
  years?: number;
  replications: number;
  seed?: number;
  workers?: number;
  set: string[];
  format: ReportFormat;
  out?: string;
}

export const positiveInt = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`${name} must be a whole number of 1 or more.`);
  return n;
};
const seedInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new InvalidArgumentError('the seed must be a whole number from 0 to 4294967295.');
  return n;
};
const collect = (v: string, all: string[]) => [...all, v];
const format = (v: string): ReportFormat => {
  if (!(REPORT_FORMATS as readonly string[]).includes(v))
    throw new InvalidArgumentError(`use one of ${REPORT_FORMATS.join(', ')}.`);
  return v as ReportFormat;
};

/** The options every simulator command takes. */
export function withRunOptions(cmd: Command, defaultReplications: number): Command {
  return cmd
    .option(
      '--years <n>',
      'horizon in years (365 days each), instead of the scenario’s',
      positiveInt('--years'),
    )
    .option('--replications <r>', 'replications', positiveInt('--replications'), defaultReplications)
    .option('--seed <s>', 'root seed (default: the scenario’s)', seedInt)
    .option('--workers <w>', 'worker threads (default: one per core)', positiveInt('--workers'))
    .option('--set <key=value>', 'override a parameter by dotted path; repeatable', collect, [])
    .option('--format <format>', `output: ${REPORT_FORMATS.join(', ')}`, format, 'table')
    .option('--out <file>', 'write the output to a file instead of standard output');
}

/** Load a scenario by name or file and apply --years and --set. */
export function prepareScenario(nameOrPath: string, opts: Pick<RunOptions, 'years' | 'set'>): Scenario {
  let s = loadScenario(nameOrPath);
  if (opts.years !== undefined) s = setParameter(s, 'horizonDays', opts.years * 365);
  return applyAssignments(s, opts.set);
}

/** A progress bar on a terminal; nothing otherwise. */
export function progressBar(label: string): {
  update: (done: number, total: number) => void;
  stop: () => void;
} {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} {eta_formatted}`,
      stream: process.stderr,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done, total) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

export function emit(text: string, out: string | undefined): void {
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

/** Print a scenario problem (every path) and set a failing exit code; rethrow anything else. */
export async function reportingScenarioErrors(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 2;
  }
}

export function registerSimulate(program: Command): void {
  withRunOptions(
    program
      .command('simulate')
      .description('Run a scenario (Monte Carlo) and print the summary at the horizon')
      .requiredOption('--scenario <name|file>', 'scenario name in scenarios/ or path to a JSON file')
      .option('--series', 'include the monthly series (json, csv)'),
    100,
  ).action(async (opts: RunOptions & { scenario: string; series?: boolean }) =>
    reportingScenarioErrors(async () => {
      const scenario = prepareScenario(opts.scenario, opts);
      const bar = progressBar(scenario.name);
      try {
        const result = await runMonteCarlo(scenario, {
          replications: opts.replications,
          seed: opts.seed,
          workers: opts.workers,
          onProgress: bar.update,
        });
        bar.stop();
        emit(formatResult(result, opts.format, { series: opts.series }), opts.out);
      } finally {
        bar.stop();
      }
    }),
  );
}

/** `hubs sensitivity NAME`: a tornado table of each ranged parameter's effect. */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { formatCount, formatPounds, runSensitivity, SENSITIVITY_OUTPUTS } from '../sim/index.ts';
import type { SensitivityResult } from '../sim/index.ts';
import { textTable } from '../sim/report.ts';
import { emit, prepareScenario, progressBar, reportingScenarioErrors, withRunOptions } from './simulate.ts';
import type { RunOptions } from './simulate.ts';

const fraction = (v: string) => {
  const n = Number(v);
  if (!(n > 0 && n < 1))
    throw new InvalidArgumentError('--spread must be a fraction between 0 and 1, e.g. 0.2.');
  return n;
};

export function formatSensitivity(r: SensitivityResult, format: RunOptions['format']): string {
  if (format === 'json') return JSON.stringify(r, null, 2) + '\n';
  if (format === 'csv') {
    const lines = [
      ['parameter', 'low', 'high', ...SENSITIVITY_OUTPUTS.flatMap((o) => [`${o}AtLow`, `${o}AtHigh`])].join(
        ',',
      ),
    ];
    for (const row of r.rows)
      lines.push(
        [
          row.parameter.path,
          row.low,
          row.high,
          ...SENSITIVITY_OUTPUTS.flatMap((o) => [row.atLow[o], row.atHigh[o]]),
        ].join(','),
      );
    return lines.join('\n') + '\n';
  }
  if (r.rows.length === 0)
    return (
      `No parameter of ${r.scenario} has a low–high range. ` +
      'Give ranges in the scenario file, or use --spread 0.2 to vary every parameter by ±20%.\n'
    );
  const rows = r.rows.map((row) => [
    row.parameter.path,
    `${formatCount(row.low)} – ${formatCount(row.high)}`,
    `${formatPounds(row.atLow.totalCost)} – ${formatPounds(row.atHigh.totalCost)}`,
    formatPounds(row.swing),
    `${formatCount(row.atLow.endHotel)} – ${formatCount(row.atHigh.endHotel)}`,
    `${formatCount(row.atLow.endAwaitingDecision)} – ${formatCount(row.atHigh.endAwaitingDecision)}`,
    `${formatCount(row.atLow.endFinallyRefused)} – ${formatCount(row.atHigh.endFinallyRefused)}`,
  ]);
  return (
    `Sensitivity of ${r.scenario}: ${r.replications} replications per run, seed ${r.seed}; ` +
    `central total cost ${formatPounds(r.central.totalCost)}. Means at the low – high value.\n\n` +
    textTable(
      ['parameter', 'low – high', 'total cost', 'swing', 'end hotel', 'end backlog', 'end finally refused'],
      rows,
    ) +
    '\n'
  );
}

export function registerSensitivity(program: Command): void {
  withRunOptions(
    program
      .command('sensitivity')
      .description('Vary each parameter over its low–high range and show the effect (tornado table)')
      .argument('<scenario>', 'scenario name or file')
      .option('--spread <fraction>', 'also vary parameters without a range by ± this fraction', fraction)
      .option(
        '--only <path>',
        'only this parameter; repeatable',
        (v: string, all: string[]) => [...all, v],
        [],
      ),
    20,
  ).action(async (name: string, opts: RunOptions & { spread?: number; only: string[] }) =>
    reportingScenarioErrors(async () => {
      const scenario = prepareScenario(name, opts);
      const bar = progressBar('sensitivity');
      try {
        const result = await runSensitivity(scenario, {
          replications: opts.replications,
          seed: opts.seed,
          workers: opts.workers,
          spread: opts.spread,
          only: opts.only.length ? opts.only : undefined,
          onProgress: bar.update,
        });
        bar.stop();
        emit(formatSensitivity(result, opts.format), opts.out);
      } finally {
        bar.stop();
      }
    }),
  );
}

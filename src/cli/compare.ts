/** `hubs compare NAME...`: schemes side by side, each measure with its p5–p95 range. */
import type { Command } from 'commander';
import { COMPARISON_MEASURES, compareScenarios, formatCount, formatPounds } from '../sim/index.ts';
import type { ComparisonColumn } from '../sim/index.ts';
import { textTable } from '../sim/report.ts';
import { emit, prepareScenario, progressBar, reportingScenarioErrors, withRunOptions } from './simulate.ts';
import type { RunOptions } from './simulate.ts';

export function formatComparison(columns: ComparisonColumn[], format: RunOptions['format']): string {
  if (format === 'json') {
    const doc = columns.map((c) => ({
      scenario: c.scenario,
      title: c.title,
      seed: c.result.seed,
      replications: c.result.replications,
      softwareVersion: c.result.softwareVersion,
      ...c.measures,
    }));
    return JSON.stringify(doc, null, 2) + '\n';
  }
  if (format === 'csv') {
    const lines = ['scenario,measure,mean,p5,p50,p95'];
    for (const c of columns)
      for (const m of COMPARISON_MEASURES) {
        const b = c.measures[m.key];
        lines.push([c.scenario, m.key, b.mean, b.p5, b.p50, b.p95].map((x) => String(x)).join(','));
      }
    return lines.join('\n') + '\n';
  }
  const rows = COMPARISON_MEASURES.map((m) => [
    m.label,
    ...columns.map((c) => {
      const b = c.measures[m.key];
      if (Number.isNaN(b.mean)) return '–';
      const f = m.money ? formatPounds : formatCount;
      return `${f(b.mean)} (${f(b.p5)}–${f(b.p95)})`;
    }),
  ]);
  const r = columns[0]?.result;
  const head = r ? `${r.replications} replications each, seed ${r.seed}; mean (p5–p95)\n\n` : '';
  return head + textTable(['measure', ...columns.map((c) => c.scenario)], rows) + '\n';
}

export function registerCompare(program: Command): void {
  withRunOptions(
    program
      .command('compare')
      .description('Run several scenarios with the same seed and print them side by side')
      .argument('<scenarios...>', 'scenario names or files'),
    100,
  ).action(async (names: string[], opts: RunOptions) =>
    reportingScenarioErrors(async () => {
      const scenarios = names.map((n) => prepareScenario(n, opts));
      const bar = progressBar('compare');
      let finished = 0;
      try {
        const columns = await compareScenarios(scenarios, {
          replications: opts.replications,
          seed: opts.seed,
          workers: opts.workers,
          onProgress: (done, total) => {
            if (done === total) finished++;
            bar.update(finished * total + (done === total ? 0 : done), total * scenarios.length);
          },
        });
        bar.stop();
        emit(formatComparison(columns, opts.format), opts.out);
      } finally {
        bar.stop();
      }
    }),
  );
}

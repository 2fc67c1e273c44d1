/**
 * `npm run bench:sim`: simulator throughput, wall time and peak memory.
 *
 * For each scenario: one replication in this thread (first run, and the median of five warmed
 * runs), then many replications on every core through the Monte Carlo pool. Model events are the
 * events that did something (cancelled timers are not counted). Peak memory is the process's
 * maximum resident set size, which includes the worker threads. The machine's load average is
 * printed because the machine may be shared.
 *
 * Options: --quick (fewer replications), --only NAME (one scenario).
 */
import { existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { listScenarios, loadScenario, runMonteCarlo, setParameter } from '../src/sim/index.ts';
import type { Scenario } from '../src/sim/index.ts';
import { compileScenario } from '../src/sim/compile.ts';
import { runReplication } from '../src/sim/model.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

interface Case {
  label: string;
  scenario: Scenario;
  replications: number;
}

const cases: Case[] = [
  {
    label: 'reference-r1 (5 years)',
    scenario: loadScenario('reference-r1'),
    replications: quick ? 100 : 1000,
  },
  {
    label: 'reference-r2 (5 years)',
    scenario: loadScenario('reference-r2'),
    replications: quick ? 100 : 1000,
  },
];
if (listScenarios().includes('return-hubs'))
  cases.push({
    label: 'return-hubs (10 years)',
    scenario: setParameter(loadScenario('return-hubs'), 'horizonDays', 3650),
    replications: quick ? 20 : 200,
  });
const selected = only ? cases.filter((c) => c.scenario.name === only) : cases;

const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const fmt = (x: number, d = 2) => x.toFixed(d);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

console.log(`# bench:sim — ${new Date().toISOString()}`);
console.log(
  `node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${load()}`,
);
console.log();
console.log(
  '| scenario | run | replications | model events | wall time | model events/s | per core | peak RSS |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|');

for (const c of selected) {
  const config = compileScenario(c.scenario);
  // One replication, cold (first run in this process for this scenario) and warmed.
  let t0 = performance.now();
  const first = runReplication(config, 1, 0);
  const coldMs = performance.now() - t0;
  const warm: number[] = [];
  for (let r = 1; r <= 5; r++) {
    t0 = performance.now();
    runReplication(config, 1, r);
    warm.push(performance.now() - t0);
  }
  warm.sort((a, b) => a - b);
  const warmMs = warm[2];
  console.log(
    `| ${c.label} | 1 replication, cold | 1 | ${first.events.toLocaleString('en-GB')} | ${fmt(coldMs / 1000)} s | ` +
      `${fmt(first.events / coldMs / 1000)} M | ${fmt(first.events / coldMs / 1000)} M | ${mb()} MB |`,
  );
  console.log(
    `| ${c.label} | 1 replication, warm (median of 5) | 1 | ${first.events.toLocaleString('en-GB')} | ` +
      `${fmt(warmMs / 1000)} s | ${fmt(first.events / warmMs / 1000)} M | ${fmt(first.events / warmMs / 1000)} M | ${mb()} MB |`,
  );
  const workers = availableParallelism();
  const result = await runMonteCarlo(c.scenario, { replications: c.replications, seed: 1, workers });
  const rate = result.events / result.wallMs / 1000;
  console.log(
    `| ${c.label} | Monte Carlo, ${workers} workers | ${c.replications} | ${result.events.toLocaleString('en-GB')} | ` +
      `${fmt(result.wallMs / 1000, 1)} s | ${fmt(rate)} M | ${fmt(rate / workers)} M | ${mb()} MB |`,
  );
}
console.log();
console.log(`load average at the end: ${load()}`);
if (!existsSync(new URL('../scenarios/return-hubs.json', import.meta.url)))
  console.log('(scenarios/return-hubs.json is not on this branch yet: its row is missing)');

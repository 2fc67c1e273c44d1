/**
 * `npm run bench:sim`: simulator throughput, wall time and peak memory.
 *
 * For each scenario: one replication in this thread (first run, and the median of five warmed
 * runs), then many replications on every core through the Monte Carlo pool. Model events are the
 * events that did something (cancelled timers are not counted). Peak memory is the process's
 * maximum resident set size, which includes the worker threads. The machine's load average is
 * printed because the machine may be shared; on a shared machine wall time understates the speed,
 * so each row also gives events per CPU-second (user + system time of this process, all threads).
 *
 * Each Monte Carlo run happens in a child process of its own, so its peak memory is its own.
 *
 * Options: --quick (fewer replications), --only NAME (one scenario).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { listScenarios, loadScenario, runMonteCarlo, setParameter } from '../src/sim/index.ts';
import type { Scenario } from '../src/sim/index.ts';
import { compileScenario } from '../src/sim/compile.ts';
import { runReplication } from '../src/sim/model.ts';

const args = process.argv.slice(2);

// Child mode: one Monte Carlo run, reported as a JSON line.
if (args[0] === '--child') {
  const [, name, years, reps] = args;
  let scenario = loadScenario(name);
  if (years !== '0') scenario = setParameter(scenario, 'horizonDays', Number(years) * 365);
  const c0 = process.cpuUsage();
  const r = await runMonteCarlo(scenario, {
    replications: Number(reps),
    seed: 1,
    workers: availableParallelism(),
  });
  const cpu = process.cpuUsage(c0);
  console.log(
    JSON.stringify({
      events: r.events,
      wallMs: r.wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      workers: r.workers,
    }),
  );
  process.exit(0);
}
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

interface Case {
  label: string;
  scenario: Scenario;
  /** Horizon override in years for the child run (0: the scenario's own). */
  years: number;
  replications: number;
}

const cases: Case[] = [
  {
    label: 'reference-r1 (5 years)',
    scenario: loadScenario('reference-r1'),
    years: 0,
    replications: quick ? 100 : 1000,
  },
  {
    label: 'reference-r2 (5 years)',
    scenario: loadScenario('reference-r2'),
    years: 0,
    replications: quick ? 100 : 1000,
  },
];
if (listScenarios().includes('return-hubs'))
  cases.push({
    label: 'return-hubs (10 years)',
    scenario: setParameter(loadScenario('return-hubs'), 'horizonDays', 3650),
    years: 10,
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
  '| scenario | run | replications | model events | wall time | events/s (wall) | per core (wall) | events per CPU-second | peak RSS |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

for (const c of selected) {
  const config = compileScenario(c.scenario);
  // One replication, cold (first run in this process for this scenario) and warmed.
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  const first = runReplication(config, 1, 0);
  const coldMs = performance.now() - t0;
  const coldCpu = cpuMs(c0);
  const warm: { wall: number; cpu: number }[] = [];
  for (let r = 1; r <= 5; r++) {
    t0 = performance.now();
    c0 = process.cpuUsage();
    runReplication(config, 1, r);
    warm.push({ wall: performance.now() - t0, cpu: cpuMs(c0) });
  }
  warm.sort((a, b) => a.wall - b.wall);
  const w = warm[2];
  const ev = first.events;
  const row = (
    run: string,
    reps: number,
    events: number,
    wall: number,
    cpu: number,
    perCore: number,
    rss: number,
  ) =>
    console.log(
      `| ${c.label} | ${run} | ${reps} | ${events.toLocaleString('en-GB')} | ${fmt(wall / 1000, 2)} s | ` +
        `${fmt(events / wall / 1000)} M | ${fmt(events / wall / 1000 / perCore)} M | ` +
        `${fmt(events / cpu / 1000)} M | ${rss} MB |`,
    );
  row('1 replication, cold', 1, ev, coldMs, coldCpu, 1, mb());
  row('1 replication, warm (median of 5)', 1, ev, w.wall, w.cpu, 1, mb());
  const child = JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        '--child',
        c.scenario.name,
        String(c.years),
        String(c.replications),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    ),
  ) as { events: number; wallMs: number; cpuMs: number; rssMb: number; workers: number };
  row(
    `Monte Carlo, ${child.workers} workers (own process)`,
    c.replications,
    child.events,
    child.wallMs,
    child.cpuMs,
    child.workers,
    child.rssMb,
  );
}
console.log();
console.log(`load average at the end: ${load()}`);
if (!existsSync(new URL('../scenarios/return-hubs.json', import.meta.url)))
  console.log('(scenarios/return-hubs.json is not on this branch yet: its row is missing)');

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
 * Many replications run through the CLI (`hubs simulate`, a process of its own under GNU time, so
 * its peak memory is the whole process's: main thread and workers); without /usr/bin/time, in a
 * child process of this script instead.
 *
 * Options: --quick (fewer replications), --only NAME (one scenario).
 */
import '../src/sim/v8-flags.ts';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
const TIME = '/usr/bin/time';
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
  '| scenario | run | replications | model events | wall time | events/s (wall) | per core (wall) | events per CPU-second | peak RSS | load (1 min) |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

interface ManyRun {
  run: string;
  events: number;
  wallMs: number;
  cpuMs: number;
  rssMb: number;
  workers: number;
}

/**
 * Many replications exactly as a user runs them: `hubs simulate … --format json` in a process of
 * its own under GNU time, whose maximum resident set size covers the main thread and the worker
 * threads. The model events come from the JSON document (`modelEvents`).
 */
function throughCli(c: Case): ManyRun {
  const workers = availableParallelism();
  const out = join(mkdtempSync(join(tmpdir(), 'bench-sim-')), 'result.json');
  const hubs = fileURLToPath(new URL('../bin/hubs.js', import.meta.url));
  const args = [hubs, 'simulate', '--scenario', c.scenario.name, '--replications', String(c.replications)];
  if (c.years) args.push('--years', String(c.years));
  args.push('--seed', '1', '--workers', String(workers), '--format', 'json', '--out', out);
  const r = spawnSync(TIME, ['-f', 'BENCH %e %M %U %S', process.execPath, ...args], { encoding: 'utf8' });
  const line = r.stderr.split('\n').find((l) => l.startsWith('BENCH '));
  if (r.status !== 0 || !line) throw new Error(`hubs simulate failed: ${r.stderr}`);
  const [wallS, rssKb, userS, sysS] = line.split(' ').slice(1).map(Number);
  const doc = JSON.parse(readFileSync(out, 'utf8')) as { modelEvents: number };
  rmSync(dirname(out), { recursive: true });
  return {
    run: `hubs simulate, ${workers} workers (CLI process)`,
    events: doc.modelEvents,
    wallMs: wallS * 1000,
    cpuMs: (userS + sysS) * 1000,
    rssMb: Math.round(rssKb / 1024),
    workers,
  };
}

/** Without GNU time: the Monte Carlo run in a child process of this script. */
function inOwnProcess(c: Case): ManyRun {
  const child = JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--import',
        new URL('../bin/register-ts.js', import.meta.url).href,
        fileURLToPath(import.meta.url),
        '--child',
        c.scenario.name,
        String(c.years),
        String(c.replications),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    ),
  ) as { events: number; wallMs: number; cpuMs: number; rssMb: number; workers: number };
  return { run: `Monte Carlo, ${child.workers} workers (own process)`, ...child };
}

for (const c of selected) {
  const config = compileScenario(c.scenario);
  // One replication, cold (first run in this process for this scenario) and warmed.
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  const first = runReplication(config, 1, 0);
  const coldMs = performance.now() - t0;
  const coldCpu = cpuMs(c0);
  const warm: { wall: number; cpu: number; events: number }[] = [];
  for (let r = 1; r <= 5; r++) {
    t0 = performance.now();
    c0 = process.cpuUsage();
    const { events } = runReplication(config, 1, r);
    warm.push({ wall: performance.now() - t0, cpu: cpuMs(c0), events });
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
        `${fmt(events / cpu / 1000)} M | ${rss} MB | ${loadavg()[0].toFixed(2)} |`,
    );
  row('1 replication, cold', 1, ev, coldMs, coldCpu, 1, mb());
  row('1 replication, warm (median of 5)', 1, w.events, w.wall, w.cpu, 1, mb());
  const many = existsSync(TIME) ? throughCli(c) : inOwnProcess(c);
  row(many.run, c.replications, many.events, many.wallMs, many.cpuMs, many.workers, many.rssMb);
}
console.log();
console.log(`load average at the end: ${load()}`);
if (!existsSync(new URL('../scenarios/return-hubs.json', import.meta.url)))
  console.log('(scenarios/return-hubs.json is not on this branch yet: its row is missing)');

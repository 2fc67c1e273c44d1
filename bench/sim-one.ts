/**
 * One scenario, a few replications in this thread: model events, kernel steps and events per
 * CPU-second. For profiling:
 * `node --cpu-prof --import ./bin/register-ts.js bench/sim-one.ts return-hubs 10 3` (not
 * `--import tsx`, whose CommonJS loader slows typed-array code: see `bin/register-ts.js`).
 *
 * Arguments: scenario name, years (0: the scenario's own horizon), replications (default 3).
 */
import '../src/sim/v8-flags.ts';
import { loadScenario, setParameter } from '../src/sim/index.ts';
import { compileScenario } from '../src/sim/compile.ts';
import { runReplication } from '../src/sim/model.ts';

const [name = 'return-hubs', years = '10', reps = '3'] = process.argv.slice(2);
let scenario = loadScenario(name);
if (years !== '0') scenario = setParameter(scenario, 'horizonDays', Number(years) * 365);
const config = compileScenario(scenario);
for (let r = 0; r < Number(reps); r++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = runReplication(config, 1, r);
  const wall = performance.now() - t0;
  const u = process.cpuUsage(c0);
  const cpu = (u.user + u.system) / 1000;
  console.log(
    `${name} rep ${r}: ${out.events} events, ${out.kernelSteps} steps, ${out.people} people, ` +
      `${cpu.toFixed(0)} ms CPU, ${wall.toFixed(0)} ms wall, ${(out.events / cpu / 1000).toFixed(2)} M events/CPU-s`,
  );
}

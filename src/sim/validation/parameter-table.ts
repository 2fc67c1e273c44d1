/**
 * Prints the calibration as a Markdown table (every parameter of the five calibrated scenarios,
 * once, with value, low, high, source and judgement), for scenarios/README.md:
 * `node --import ./bin/register-ts.js src/sim/validation/parameter-table.ts`.
 */
import { parseScenario, scenarioParameters } from '../scenario.ts';
import type { ScenarioParameter } from '../scenario.ts';
import { buildCalibratedScenarios } from './calibration.ts';

/** The Markdown table of every calibrated parameter (one row per distinct value). */
export function parameterTable(): string {
  const seen = new Map<string, { p: ScenarioParameter; scenarios: string[] }>();
  for (const [name, input] of Object.entries(buildCalibratedScenarios())) {
    for (const p of scenarioParameters(parseScenario(input))) {
      if (p.path === 'horizonDays') continue;
      // Hub sites share their values; show the first site's and say it applies to all four.
      const path = p.path.replace(/^hubs\.sites\.[^.]+\./, 'hubs.sites.*.');
      // A parameter that differs between scenarios (the caseworker pool) gets one row per value.
      const key = JSON.stringify({ ...p, path });
      const entry = seen.get(key);
      if (entry) {
        if (!entry.scenarios.includes(name)) entry.scenarios.push(name);
      } else seen.set(key, { p: { ...p, path }, scenarios: [name] });
    }
  }

  const fmt = (x: number | undefined) =>
    x === undefined ? '' : x.toLocaleString('en-GB', { maximumFractionDigits: 4 });
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = [
    '| Parameter | Value | Low | High | Source | Derivation or judgement | Scenarios |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const { p, scenarios } of seen.values()) {
    const source = p.source
      ? `${p.source.publisher}, *${p.source.title}*, ${p.source.date}, <${p.source.url}>`
      : 'none (Judgement)';
    const where = scenarios.length === 5 ? 'all' : scenarios.join(', ');
    rows.push(
      `| \`${p.path}\` | ${fmt(p.value)} | ${fmt(p.low)} | ${fmt(p.high)} | ${cell(source)} | ${cell(p.judgement ?? '')} | ${where} |`,
    );
  }
  return rows.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(parameterTable());

/**
 * One-at-a-time sensitivity (`hubs sensitivity`): each parameter with a low–high range is set to
 * its low and then its high value, everything else central, and the effect on total cost and end
 * populations is reported as a tornado table (largest swing in total cost first). Every run uses
 * the same seed, so differences come from the parameter, not from noise (common random numbers).
 */
import type { MonteCarloOptions } from './montecarlo.ts';
import { runMonteCarlo } from './montecarlo.ts';
import type { Scenario, ScenarioParameter } from './scenario.ts';
import { scenarioParameters, setParameter } from './scenario.ts';

export const SENSITIVITY_OUTPUTS = [
  'totalCost',
  'endHotel',
  'endAwaitingDecision',
  'endFinallyRefused',
  'endInHub',
] as const;
export type SensitivityOutput = (typeof SENSITIVITY_OUTPUTS)[number];

export interface SensitivityRow {
  parameter: ScenarioParameter;
  low: number;
  high: number;
  /** Mean of each output with the parameter at its low and at its high value. */
  atLow: Record<SensitivityOutput, number>;
  atHigh: Record<SensitivityOutput, number>;
  /** |total cost at high − total cost at low|. */
  swing: number;
}

export interface SensitivityResult {
  scenario: string;
  seed: number;
  replications: number;
  central: Record<SensitivityOutput, number>;
  rows: SensitivityRow[];
}

export interface SensitivityOptions extends MonteCarloOptions {
  /**
   * For parameters without a range: vary them by ± this fraction of their value (e.g. 0.2).
   * Omitted: only parameters with a range are varied.
   */
  spread?: number;
  /** Only these parameter paths (default: every one with a range). */
  only?: string[];
}

/** The parameters a sensitivity run will vary, with the values it will use. */
export function sensitivityPlan(
  scenario: Scenario,
  options: Pick<SensitivityOptions, 'spread' | 'only'> = {},
): { parameter: ScenarioParameter; low: number; high: number }[] {
  const plan: { parameter: ScenarioParameter; low: number; high: number }[] = [];
  for (const p of scenarioParameters(scenario)) {
    if (options.only && !options.only.includes(p.path)) continue;
    let low = p.low;
    let high = p.high;
    if ((low === undefined || high === undefined) && options.spread !== undefined && p.value !== 0) {
      low ??= p.value * (1 - options.spread);
      high ??= p.value * (1 + options.spread);
    }
    if (low === undefined || high === undefined || low === high) continue;
    plan.push({ parameter: p, low, high });
  }
  return plan;
}

/** Round where the parameter must be whole (the schema says so); re-validation catches the rest. */
function settable(scenario: Scenario, path: string, x: number): Scenario {
  try {
    return setParameter(scenario, path, x);
  } catch {
    return setParameter(scenario, path, Math.round(x));
  }
}

export async function runSensitivity(
  scenario: Scenario,
  options: SensitivityOptions = {},
): Promise<SensitivityResult> {
  const opts: MonteCarloOptions = {
    ...options,
    replications: options.replications ?? 20,
    onProgress: undefined,
  };
  const means = async (s: Scenario) => {
    const r = await runMonteCarlo(s, opts);
    return Object.fromEntries(SENSITIVITY_OUTPUTS.map((k) => [k, r.summary[k].mean])) as Record<
      SensitivityOutput,
      number
    >;
  };
  const plan = sensitivityPlan(scenario, options);
  const total = plan.length * 2 + 1;
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);
  const central = await means(scenario);
  tick();
  const rows: SensitivityRow[] = [];
  for (const { parameter, low, high } of plan) {
    const atLow = await means(settable(scenario, parameter.path, low));
    tick();
    const atHigh = await means(settable(scenario, parameter.path, high));
    tick();
    rows.push({ parameter, low, high, atLow, atHigh, swing: Math.abs(atHigh.totalCost - atLow.totalCost) });
  }
  rows.sort((a, b) => b.swing - a.swing);
  return {
    scenario: scenario.name,
    seed: opts.seed ?? scenario.seed,
    replications: opts.replications!,
    central,
    rows,
  };
}

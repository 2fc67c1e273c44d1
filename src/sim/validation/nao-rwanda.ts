/**
 * Validation (b): the NAO's cost of the first 300 Rwanda relocations (simulation.md 2.2):
 * GBP 370m fixed + GBP 120m threshold + 300 x (GBP 20,000 + GBP 150,874) = GBP 541.26m. Flights
 * (about GBP 11,000 a person) are not in the NAO figure.
 */
import type { Scenario } from '../scenario.ts';
import { val } from '../scenario.ts';
import { SOURCES } from './sources.ts';

/** The NAO figure, pounds (NAO, Investigation into the costs of the UK-Rwanda Partnership, 1 Mar 2024). */
export const NAO_FIRST_300 = 541_260_000;
export const NAO_FIRST_300_SOURCE = SOURCES.naoRwanda;

export interface RelocationCostBreakdown {
  fixed: number;
  threshold: number;
  perPerson: number;
  processing: number;
  flights: number;
  /** Everything the NAO counted: fixed + threshold + per-person + processing. */
  naoBasis: number;
  /** The NAO basis plus flights: what the model charges to `costRelocation`. */
  total: number;
}

/**
 * What a scenario's payment structure costs once `relocations` people have been relocated and
 * every fixed payment has fallen due (the NAO counted all of the GBP 370m).
 */
export function costOfRelocations(scenario: Scenario, relocations: number): RelocationCostBreakdown {
  const p = scenario.relocation?.payments;
  if (!p) throw new Error(`scenario ${scenario.name} has no relocation scheme`);
  const fixed = p.fixed.reduce((sum, f) => sum + val(f.amount), 0);
  const threshold =
    p.threshold && relocations >= val(p.threshold.afterRelocations) ? val(p.threshold.amount) : 0;
  const perPerson = relocations * val(p.perPerson);
  const processing = relocations * val(p.processingPerPerson);
  const flights = relocations * val(p.flightPerPerson);
  const naoBasis = fixed + threshold + perPerson + processing;
  return { fixed, threshold, perPerson, processing, flights, naoBasis, total: naoBasis + flights };
}

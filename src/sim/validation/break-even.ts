/**
 * Validation (a): the Home Office impact assessment's break-even deterrence (simulation.md 2.1,
 * figures.md 4a). Relocating a person costs C; keeping them in the UK system costs S. Relocation
 * pays for itself only if it deters a share d of arrivals with (1 − d)·C = S, so d* = 1 − S/C.
 */
import type { Scenario } from '../scenario.ts';
import { val } from '../scenario.ts';
import { SOURCES } from './sources.ts';

/** Where the impact assessment's figures were read (figures.md 4a, simulation.md 2.1). */
export const IMPACT_ASSESSMENT_SOURCES = [
  SOURCES.hoImpactAssessmentBbc,
  SOURCES.hoImpactAssessmentKent,
  SOURCES.hansardImpactAssessment,
  SOURCES.naoAccommodationWip,
] as const;

/** The impact assessment's own figures (Home Office, Illegal Migration Bill IA, 26 June 2023). */
export const IMPACT_ASSESSMENT = {
  /** Gross cost of relocating one person to a third country, pounds. */
  relocationCostPerPerson: 169_000,
  /** Cost of one person staying in the UK asylum system (support over about 4 years), pounds. */
  ukCostPerPerson: 106_000,
  /** The same if accommodation costs kept rising, pounds. */
  ukCostPerPersonIfTrendsContinue: 165_000,
  /** Years in the system the IA assumed (3 in its sensitivity run). */
  yearsInSystem: 4,
  /** Break-even deterrence the minister stated (HL Deb 27 June 2023). */
  publishedBreakEven: 0.37,
  publishedBreakEvenIfTrendsContinue: 0.02,
} as const;

/** Share of arrivals relocation must deter to pay for itself: 1 − S/C. */
export function breakEvenDeterrence(relocationCostPerPerson: number, ukCostPerPerson: number): number {
  if (relocationCostPerPerson <= 0) throw new RangeError('relocation cost must be positive');
  return 1 - ukCostPerPerson / relocationCostPerPerson;
}

/**
 * Hotel share of supported people when the IA was written: about 51,000 of about 113,000 people
 * accommodated at end June 2023 (NAO, Asylum accommodation, work in progress).
 */
export const HOTEL_SHARE_JUNE_2023 = 51_000 / 113_000;

/**
 * The cost of keeping one person in the UK system for `years`, from a scenario's own unit costs:
 * a night of support at the given hotel share (hotel and dispersal rates from the scenario), for
 * `years` of 365 days. This is the IA's method (support cost over the time in the system).
 */
export function ukCostPerPersonFromScenario(scenario: Scenario, years: number, hotelShare: number): number {
  const hotel = val(scenario.accommodation.hotelCostPerNight);
  const dispersal = val(scenario.accommodation.dispersalCostPerNight);
  return (hotelShare * hotel + (1 - hotelShare) * dispersal) * 365 * years;
}

/**
 * The marginal cost of relocating one more person in a Rwanda-style scenario: the per-person
 * payment, the processing and operating cost and the flight (fixed and threshold payments
 * excluded, as in the IA's per-person figure).
 */
export function relocationCostPerPersonFromScenario(scenario: Scenario): number {
  const p = scenario.relocation?.payments;
  if (!p) throw new Error(`scenario ${scenario.name} has no relocation scheme`);
  return val(p.perPerson) + val(p.processingPerPerson) + val(p.flightPerPerson);
}

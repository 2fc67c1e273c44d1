import { describe, expect, it } from 'vitest';
import { loadScenario } from '../catalogue.ts';
import {
  breakEvenDeterrence,
  HOTEL_SHARE_JUNE_2023,
  IMPACT_ASSESSMENT as IA,
  relocationCostPerPersonFromScenario,
  ukCostPerPersonFromScenario,
} from './break-even.ts';
import { costOfRelocations, NAO_FIRST_300 } from './nao-rwanda.ts';

describe('validation (a): Home Office break-even deterrence', () => {
  it('reproduces the published 37% from GBP 169,000 against GBP 106,000', () => {
    const d = breakEvenDeterrence(IA.relocationCostPerPerson, IA.ukCostPerPerson);
    expect(d).toBeCloseTo(0.3728, 4);
    expect(Math.round(d * 100) / 100).toBe(IA.publishedBreakEven);
  });

  it('reproduces the published 2% when UK costs keep rising to GBP 165,000', () => {
    const d = breakEvenDeterrence(IA.relocationCostPerPerson, IA.ukCostPerPersonIfTrendsContinue);
    expect(Math.round(d * 100) / 100).toBe(IA.publishedBreakEvenIfTrendsContinue);
  });

  it('gives about half with a 3-year stay instead of 4, as the Kent Law Clinic reading of the IA says', () => {
    const d = breakEvenDeterrence(IA.relocationCostPerPerson, (IA.ukCostPerPerson * 3) / IA.yearsInSystem);
    expect(d).toBeGreaterThan(0.45);
    expect(d).toBeLessThan(0.55);
  });

  it('is zero when relocation costs no more than keeping someone, and negative when it is cheaper', () => {
    expect(breakEvenDeterrence(100, 100)).toBe(0);
    expect(breakEvenDeterrence(100, 150)).toBeLessThan(0);
  });

  it("recovers the IA's GBP 106,000 within 2% from the status-quo scenario's nightly costs, the June 2023 hotel share and 4 years", () => {
    const uk = ukCostPerPersonFromScenario(
      loadScenario('status-quo'),
      IA.yearsInSystem,
      HOTEL_SHARE_JUNE_2023,
    );
    expect(Math.abs(uk - IA.ukCostPerPerson) / IA.ukCostPerPerson).toBeLessThan(0.02);
    expect(breakEvenDeterrence(IA.relocationCostPerPerson, uk)).toBeCloseTo(0.37, 2);
  });

  it("prices a relocation in the rwanda scenario at figures.md's GBP 181,874 per person (NAO structure)", () => {
    expect(relocationCostPerPersonFromScenario(loadScenario('rwanda'))).toBe(181_874);
  });
});

describe('validation (b): NAO cost of the first 300 Rwanda relocations', () => {
  const cost = costOfRelocations(loadScenario('rwanda'), 300);

  it("reproduces GBP 541.26m from the rwanda scenario's payment structure (flights excluded, as the NAO did)", () => {
    expect(Math.abs(cost.naoBasis - NAO_FIRST_300)).toBeLessThan(10_000);
  });

  it('is GBP 370m fixed + GBP 120m threshold + 300 x (GBP 20,000 + GBP 150,874)', () => {
    expect(cost.fixed).toBe(370_000_000);
    expect(cost.threshold).toBe(120_000_000);
    expect(cost.perPerson + cost.processing).toBe(300 * 170_874);
  });

  it('owes no threshold payment at 299 relocations', () => {
    expect(costOfRelocations(loadScenario('rwanda'), 299).threshold).toBe(0);
  });
});

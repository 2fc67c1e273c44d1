import { describe, expect, it } from 'vitest';
import { describeScenarios, listScenarios, loadScenario } from './catalogue.ts';
import { applyAssignments, parseScenario, ScenarioError, scenarioParameters, val } from './scenario.ts';

const r1 = () => structuredClone(loadScenario('reference-r1')) as unknown as Record<string, unknown>;

function problemsOf(input: unknown): string[] {
  try {
    parseScenario(input);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  return [];
}

describe('scenario files', () => {
  it('ships both reference scenarios, valid and loadable by name', () => {
    expect(listScenarios()).toEqual(expect.arrayContaining(['reference-r1', 'reference-r2']));
    expect(loadScenario('reference-r2').hubs?.eligibleGroups).toEqual(['A']);
  });

  it('describes every shipped scenario by name and title, and each one is valid', () => {
    const all = describeScenarios();
    expect(all.find((s) => s.name === 'reference-r1')?.title).toMatch(/R1/);
    expect(all.filter((s) => s.problems)).toEqual([]);
  });

  it('refuses an unknown scenario name and lists the ones that exist', () => {
    expect(() => loadScenario('no-such-scenario')).toThrow(/reference-r1/);
  });

  it('refuses an unknown key, by path', () => {
    const s = r1();
    (s.decisions as Record<string, unknown>).casewrokers = 3;
    expect(problemsOf(s).join('\n')).toMatch(/^decisions: .*casewrokers/m);
  });

  it('refuses shares that do not sum to 1', () => {
    const s = r1();
    (s.groups as Record<string, { share: number }>).A.share = 0.6;
    expect(problemsOf(s)).toContain('groups: group shares must sum to 1 (they sum to 1.1)');
  });

  it('lists every problem, each by path', () => {
    const s = r1();
    (s.removals as Record<string, unknown>).perYear = -5;
    (s.appeals as Record<string, unknown>).allowedRate = 1.5;
    delete s.moveOn;
    (s.accommodation as Record<string, unknown>).hotelCostPerNight = 'lots';
    const problems = problemsOf(s);
    expect(problems).toEqual(
      expect.arrayContaining([
        'removals.perYear: must not be negative',
        'appeals.allowedRate: must be at most 1',
        expect.stringMatching(/^moveOn: /),
        expect.stringMatching(/^accommodation\.hotelCostPerNight: expected a number or a sourced value/),
      ]),
    );
  });

  it('refuses a bad tribunal, every problem by path: a negative capacity, an unknown key, dates out of order', () => {
    const s = r1();
    (s.appeals as Record<string, unknown>).tribunal = {
      capacityPerYear: -1,
      judges: 40,
      schedule: [
        { from: '2026-01-01', capacityPerYear: 30000 },
        { from: '2025-06-01', capacityPerYear: 25000 },
      ],
    };
    const problems = problemsOf(s);
    expect(problems).toEqual(
      expect.arrayContaining([
        'appeals.tribunal.capacityPerYear: must not be negative',
        expect.stringMatching(/^appeals\.tribunal: .*judges/),
      ]),
    );
    (s.appeals as { tribunal: Record<string, unknown> }).tribunal = {
      capacityPerYear: 20000,
      schedule: [
        { from: '2026-01-01', capacityPerYear: 30000 },
        { from: '2025-06-01', capacityPerYear: 25000 },
      ],
    };
    expect(problemsOf(s)).toEqual(['appeals.tribunal.schedule.1.from: schedule dates must be in order']);
  });

  it('accepts absconding from IN_HUB and a grant rate by year, and refuses a bad year key', () => {
    const s = r1();
    (s.absconding as { perYear: Record<string, number> }).perYear.IN_HUB = 0.1;
    (s.groups as Record<string, Record<string, unknown>>).A.grantRateByYear = { '2025': 0.5 };
    expect(parseScenario(s).absconding.perYear.IN_HUB).toBe(0.1);
    (s.groups as Record<string, Record<string, unknown>>).A.grantRateByYear = { next: 0.5, '2026': 2 };
    expect(problemsOf(s)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^groups\.A\.grantRateByYear\.next: /),
        'groups.A.grantRateByYear.2026: must be at most 1',
      ]),
    );
  });

  it('accepts a sourced value and checks low <= value <= high', () => {
    const s = r1();
    (s.decisions as Record<string, unknown>).perCaseworkerPerMonth = {
      value: 6,
      low: 4,
      high: 7,
      source: {
        publisher: 'Home Office',
        title: 'Transparency data',
        date: '2023-10',
        url: 'https://www.gov.uk/',
      },
    };
    expect(val(parseScenario(s).decisions.perCaseworkerPerMonth)).toBe(6);
    (s.decisions as Record<string, { low: number }>).perCaseworkerPerMonth.low = 6.5;
    expect(problemsOf(s)).toContain('decisions.perCaseworkerPerMonth.low: low must not exceed value');
  });
});

describe('parameters by path', () => {
  it('lists numeric parameters by dotted path', () => {
    const paths = scenarioParameters(loadScenario('reference-r2')).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(['decisions.caseworkers', 'groups.A.grantRate', 'hubs.sites.hub-1.places']),
    );
    expect(paths).not.toContain('seed');
  });

  it('sets a parameter with key=value', () => {
    const s = applyAssignments(loadScenario('reference-r1'), [
      'decisions.caseworkers=600',
      'groups.A.grantRate=0.5',
    ]);
    expect(val(s.decisions.caseworkers)).toBe(600);
    expect(val(s.groups.A.grantRate)).toBe(0.5);
  });

  it('refuses an unknown key and says which keys exist', () => {
    expect(() => applyAssignments(loadScenario('reference-r1'), ['decisions.workers=600'])).toThrow(
      /parameters that exist: .*decisions\.caseworkers/,
    );
  });

  it('re-validates after a change', () => {
    expect(() => applyAssignments(loadScenario('reference-r1'), ['groups.A.grantRate=2'])).toThrow(
      /groups\.A\.grantRate: must be at most 1/,
    );
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listScenarios, loadScenario, SCENARIOS_DIR } from '../catalogue.ts';
import { compileScenario } from '../compile.ts';
import { runReplication } from '../model.ts';
import { parseScenario, scenarioParameters, setParameter, val } from '../scenario.ts';
import { SERIES_COUNT, SERIES_INDEX } from '../series.ts';
import { buildCalibratedScenarios, NON_HOTEL_SUPPORTED, peopleInProcess, STOCKS } from './calibration.ts';
import { parameterTable } from './parameter-table.ts';

const CALIBRATED = ['status-quo', 'return-hubs', 'rwanda', 'faster-processing-right-to-work', 'combined'];

/** Parameters that are run settings, not calibrated quantities. */
const NOT_CALIBRATED = new Set(['horizonDays']);

describe('calibrated scenario files', () => {
  it('ships all five calibrated scenarios', () => {
    expect(listScenarios()).toEqual(expect.arrayContaining(CALIBRATED));
  });

  it.each(CALIBRATED)('%s loads through the scenario schema', (name) => {
    expect(() => loadScenario(name)).not.toThrow();
  });

  it.each(CALIBRATED)(
    '%s: every calibrated parameter carries value, low, high and a source or a labelled judgement',
    (name) => {
      const problems: string[] = [];
      for (const p of scenarioParameters(loadScenario(name))) {
        if (NOT_CALIBRATED.has(p.path)) continue;
        if (p.low === undefined || p.high === undefined) problems.push(`${p.path}: no low/high`);
        else if (!(p.low <= p.value && p.value <= p.high)) problems.push(`${p.path}: value outside low-high`);
        if (!p.source && !/^(Judgement|Derived)/.test(p.judgement ?? ''))
          problems.push(`${p.path}: neither a source nor a judgement starting "Judgement" or "Derived"`);
        if (p.source && !/^https?:\/\//.test(p.source.url)) problems.push(`${p.path}: source without a link`);
      }
      expect(problems).toEqual([]);
    },
  );

  it.each(CALIBRATED)(
    '%s matches the calibration table (regenerate with npm run scenarios:write)',
    (name) => {
      const onDisk = JSON.parse(readFileSync(join(SCENARIOS_DIR, `${name}.json`), 'utf8')) as unknown;
      expect(parseScenario(onDisk)).toEqual(parseScenario(buildCalibratedScenarios()[name]));
    },
  );

  it.each(CALIBRATED)('%s starts from the published end-2025 stocks', (name) => {
    const s = loadScenario(name);
    expect(s.startDate).toBe('2026-01-01');
    expect(val(s.initialStocks!.stages.AWAITING_DECISION!)).toBe(64426);
    expect(val(s.initialStocks!.inHotels!)).toBe(30657);
    expect(val(s.initialStocks!.stages.APPEAL_PENDING!)).toBe(78560);
  });
});

describe('the model starts the calibrated scenarios from the published end-2025 stocks', () => {
  it.each(CALIBRATED)('%s: after one day the stocks and accommodation are the published ones', (name) => {
    const s = setParameter(loadScenario(name), 'horizonDays', 1);
    const c = compileScenario(s);
    const run = runReplication(c, 1, 0);
    const at = (key: keyof typeof SERIES_INDEX) => run.series[SERIES_INDEX[key]];
    expect(run.reports).toBe(1);
    expect(run.series.length).toBe(SERIES_COUNT);
    // A day of decisions (about 360), appeals (about 60) and move-on exits (about 150) at most.
    expect(Math.abs(at('awaitingDecision') - 64426)).toBeLessThan(600);
    expect(Math.abs(at('appealPending') - 78560)).toBeLessThan(200);
    expect(Math.abs(at('grantedMoveOn') - 4210)).toBeLessThan(300);
    expect(at('hotel')).toBeGreaterThan(30657 - 300);
    expect(at('hotel')).toBeLessThan(30657 + 800);
    expect(at('dispersal')).toBe(NON_HOTEL_SUPPORTED);
    expect(at('inHub') + at('awaitingTransfer') + at('awaitingRelocation')).toBe(0);
    // The tribunal hears 22,000 a year, each appeal about a year once taken up: 22,000 at once.
    expect(c.tribunal?.hearings).toBe(22000);
  });
});

describe('calibration choices', () => {
  const statusQuo = loadScenario('status-quo');

  it('weights the nationality groups to the published central initial grant rate of 0.45', () => {
    const groups = Object.values(statusQuo.groups);
    const weighted = groups.reduce((sum, g) => sum + val(g.share) * val(g.grantRate), 0);
    expect(weighted).toBeCloseTo(0.45, 2);
  });

  it('accommodates the published supported share of the stock: hotels plus dispersal places make the supported population', () => {
    expect(val(statusQuo.accommodation.dispersalPlaces)).toBe(NON_HOTEL_SUPPORTED);
    const stages = statusQuo.initialStocks!.stages;
    const inProcess =
      val(stages.AWAITING_DECISION!) +
      val(stages.APPEAL_PENDING!) +
      val(stages.GRANTED_MOVE_ON!) +
      val(stages.FINALLY_REFUSED!);
    expect(inProcess).toBe(peopleInProcess());
    const supported = val(statusQuo.accommodation.supportedShare!) * inProcess;
    // 30,657 in hotels + 70,959 in dispersal = 101,616, to the rounding of the share (3 decimals).
    expect(Math.abs(supported - (STOCKS.inHotels.value + NON_HOTEL_SUPPORTED))).toBeLessThan(
      0.0005 * inProcess,
    );
  });

  it('runs the return hubs in the four Western Balkan states, each with its own places and opening date', () => {
    const hubs = loadScenario('return-hubs').hubs!;
    expect(Object.keys(hubs.sites).sort()).toEqual([
      'albania',
      'bosnia-and-herzegovina',
      'north-macedonia',
      'serbia',
    ]);
    expect(hubs.sites.albania.ownGroup).toBe('albanian');
    expect(hubs.directReturnFirst).toBe(true);
  });

  it.each(['return-hubs', 'rwanda', 'combined'])(
    '%s keeps deterrence off and shows the Home Office caveat',
    (name) => {
      const d = loadScenario(name).deterrence!;
      expect(d.enabled).toBe(false);
      expect(d.caveat).toMatch(/little to no evidence/);
    },
  );

  it('combined is return hubs plus faster processing and the right to work', () => {
    const combined = loadScenario('combined');
    expect(combined.hubs).toEqual(loadScenario('return-hubs').hubs);
    expect(combined.decisions).toEqual(loadScenario('faster-processing-right-to-work').decisions);
    expect(combined.rightToWork).toEqual(loadScenario('faster-processing-right-to-work').rightToWork);
  });
});

describe('scenarios/README.md', () => {
  it('lists every calibrated parameter as the calibration has it (regenerate with parameter-table.ts)', () => {
    const readme = readFileSync(join(SCENARIOS_DIR, 'README.md'), 'utf8');
    expect(readme).toContain(parameterTable());
  });
});

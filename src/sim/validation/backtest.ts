/**
 * Validation (c): a backtest of the status quo from mid-2022 to end 2025 against the published
 * backlog (people awaiting an initial decision) and hotel population at each published date.
 *
 * The backtest scenario is the status-quo model with the inputs of 2022-2025 (arrivals by calendar
 * year, the caseworker pool's output by period, each year's grant rate, the tribunal's capacity and
 * removals) started from the published end-June 2022 backlog. One input is partly fitted: the
 * tribunal's capacity was chosen inside its published range (16,350-34,500 a year) as the value
 * that follows the appeal backlog and hotels best. Everything else is a published or derived
 * input; the hotel, backlog and appeal paths are outputs.
 */
import type { ScenarioInput, Source } from '../scenario.ts';
import { SOURCES as S } from './sources.ts';
import {
  ABSCONDING,
  ACCOMMODATION,
  APPEALS,
  FINALLY_REFUSED_ON_SUPPORT,
  MOVE_ON_DAYS,
  REMOVALS,
} from './calibration.ts';

/** A published point: the stock at the end of `date` (ISO, the last day of the period). */
export interface PublishedPoint {
  date: string;
  value: number;
  /** Where the number was read; `url` is absent when figures.md records none. */
  source: Omit<Source, 'url'> & { url?: string };
  note?: string;
}

const hoViaPa = (title: string, date: string, url?: string) => ({
  publisher: 'Home Office via PA',
  title,
  date,
  ...(url ? { url } : {}),
});

/** People awaiting an initial decision (figures.md 1f). People, not cases, throughout. */
export const PUBLISHED_BACKLOG: PublishedPoint[] = [
  { date: '2022-06-30', value: 122_213, source: S.hoBacklogViaCityAm },
  {
    date: '2023-03-31',
    value: 172_000,
    source: { publisher: 'IPPR', title: 'The asylum in-tray in 2025 (Marley Morris)', date: '2023-08' },
    note: 'simulation.md 2.5; about 172,000 people',
  },
  { date: '2023-06-30', value: 175_457, source: S.hoBacklogViaCityAm, note: 'record' },
  {
    date: '2023-12-31',
    value: 128_800,
    source: S.naoAccommodation2024,
    note: '95,300 applications, 128,800 people',
  },
  {
    date: '2024-06-30',
    value: 118_882,
    source: {
      publisher: 'Home Office (reported by UnHerd)',
      title: 'Asylum backlog, end June 2024',
      date: '2024-08-22',
    },
  },
  { date: '2025-03-31', value: 109_536, source: S.hoCasesMar2025, note: '78,745 cases' },
  {
    date: '2025-06-30',
    value: 90_812,
    source: hoViaPa('Asylum key numbers (read on a mirror, ireland-live.ie)', '2025-08'),
    note: 'another report: 90,712',
  },
  { date: '2025-09-30', value: 80_841, source: S.hoCasesSep2025, note: '62,171 cases' },
  { date: '2025-12-31', value: 64_426, source: S.hoAsylumSystemDec2025, note: '48,723 cases' },
];

/** People in asylum hotels (figures.md 2a). */
export const PUBLISHED_HOTELS: PublishedPoint[] = [
  {
    date: '2023-03-31',
    value: 47_500,
    source: {
      publisher: 'House of Commons Library (reported by The National)',
      title: 'Asylum hotels',
      date: '2023-09',
    },
    note: 'about 47,500',
  },
  { date: '2023-06-30', value: 51_000, source: S.naoAccommodationWip, note: 'about 51,000 of about 113,000' },
  {
    date: '2023-09-30',
    value: 56_018,
    source: S.hoHotelsViaIndependentNov2025,
    note: 'peak; one PA report: 56,042',
  },
  { date: '2023-12-31', value: 45_800, source: S.naoAccommodation2024 },
  {
    date: '2024-03-31',
    value: 34_530,
    source: hoViaPa('Asylum hotels (read on a mirror, informereastafrica.com)', '2025-05'),
  },
  {
    date: '2024-06-30',
    value: 29_561,
    source: S.hoHotelsViaIndependentNov2025,
    note: 'another PA report: 29,585',
  },
  { date: '2024-09-30', value: 35_628, source: S.hoHotelsViaIndependentNov2025, note: 'also 35,651' },
  {
    date: '2024-12-31',
    value: 38_079,
    source: hoViaPa('Asylum hotels (reported by nation.cymru)', '2025-02-28'),
  },
  { date: '2025-03-31', value: 32_345, source: hoViaPa('Asylum hotels (read on a mirror)', '2025-05') },
  {
    date: '2025-06-30',
    value: 32_041,
    source: hoViaPa('Asylum hotels (via BBC, read on a mirror)', '2025-08'),
    note: 'also 32,059',
  },
  { date: '2025-09-30', value: 36_273, source: S.hoHotelsViaIndependentNov2025 },
  { date: '2025-12-31', value: 30_657, source: S.hoClaims2025ViaLondonEconomic },
];

/** Start of the backtest: the day after the first published backlog point. */
export const BACKTEST_START = '2022-07-01';
/** Runs to the end of 2025 (the horizon is 2026-01-01, day 1,280). */
export const BACKTEST_END = '2026-01-01';

/**
 * People decided per month in each period, as published or derived (people, including the
 * legacy-backlog drive), and the caseworker pool that yields them at the scenario's 5 decisions
 * per caseworker per month. The model's productivity is one number, so the published swings in
 * productivity (2.5 a month in Dec 2022, 6.8 in Dec 2023) are carried by the pool size.
 */
export const BACKTEST_DECISION_PERIODS = [
  {
    from: '2022-07-01',
    perMonth: 3_280,
    basis: '820 caseworkers (Jun 2022) x about 4 decisions a month ("one a week", Nov 2022)',
  },
  {
    from: '2023-01-01',
    perMonth: 5_100,
    basis:
      '2023: 63,008 granted at a 67% grant rate = about 94,000 decided (Derived); less about 48,000 in Oct-Dec 2023 = about 46,000 over Jan-Sep',
  },
  {
    from: '2023-10-01',
    perMonth: 16_000,
    basis: '15,956 initial decisions in Oct 2023; 16,430 in 4 weeks of Dec 2023 (Home Office)',
  },
  {
    from: '2024-01-01',
    perMonth: 7_020,
    basis: '2024: 39,616 granted at a 47% grant rate = about 84,300 decided (Derived)',
  },
  {
    from: '2025-01-01',
    perMonth: 11_260,
    basis: '2025: 135,151 people received initial decisions (Home Office)',
  },
] as const;

/** Where the decision outputs above were read. */
export const BACKTEST_DECISION_SOURCES = [
  S.hoCaseworkersOct2023,
  S.hoGrantedDec2024,
  S.hoGrantedDec2025,
] as const;

const PER_CASEWORKER = 5;
const pool = (perMonth: number) => Math.round(perMonth / PER_CASEWORKER);

/** The published inputs of the backtest, each with where it comes from. */
export const BACKTEST_INPUTS = {
  arrivals: {
    '2022': {
      value: 91_548,
      basis: 'Derived: 45,774 small-boat arrivals x 0.90 claiming / 0.45 small-boat share of claims',
    },
    '2023': {
      value: 86_400,
      basis: 'Derived: 67,300 applications (NAO) x 1.284 people per case (2024: 108,138 / 84,231)',
    },
    '2024': { value: 108_138, basis: 'Published: people claiming asylum in 2024' },
    '2025': { value: 101_000, basis: 'Published: about 101,000 people claiming asylum in 2025' },
  },
  grantRateByYear: {
    '2022': { value: 0.76, basis: 'Published: 76% initial grant rate (YE Jun 2022; record 76% in 2022)' },
    '2023': { value: 0.67, basis: 'Published: 67% initial grant rate in 2023' },
    '2024': { value: 0.47, basis: 'Published: 47% initial grant rate in 2024' },
    '2025': {
      value: 0.41,
      basis:
        'Derived: 54,887 granted of 135,151 people decided in 2025 = 40.6% (figures.md section 10: about 41%)',
    },
  },
  tribunalCapacityPerYear: {
    value: 22_000,
    basis:
      "The status-quo calibration's central asylum appeals disposed of a year (Derived / Judgement between 16,350 and 34,500 from MoJ tribunal statistics; partly fitted to this backtest)",
  },
  stocks: {
    awaitingDecision: { value: 122_213, basis: 'Published: end June 2022 (Home Office via City AM)' },
    appealPending: {
      value: 20_000,
      basis: 'Judgement: no 2022 appeals backlog in figures.md (41,987 by end 2024)',
    },
    grantedMoveOn: { value: 3_000, basis: 'Judgement: about a month of 2022 grants' },
    finallyRefused: { value: 4_000, basis: 'Judgement: as end 2024 (NAO, about 4,000 on support)' },
    dispersalPlaces: {
      value: 65_500,
      basis:
        'Derived: about 113,000 supported at end Mar 2023 (47,500 in hotels = 42%, House of Commons Library) - 47,500 in hotels; nearest date to mid-2022 (62,000 in Jun 2023, 66,000 in Dec 2024, NAO)',
    },
    inHotels: {
      value: 32_500,
      basis: 'Judgement: interpolated between 25,000 (Feb 2022) and 47,500 (end Mar 2023); no mid-2022 count',
    },
  },
  removalsPerYear: {
    value: 8_146,
    basis: 'Derived: mean of enforced returns 6,361 (2023), 8,164 (2024), 9,914 (2025)',
  },
} as const;

/**
 * Share of the people in the process at mid-2022 who are supported: (32,500 in hotels + 65,500
 * dispersal places) / 149,213 in the starting stages = 0.657 (Derived; the calibration's end-2025
 * share is 0.714).
 */
export function backtestSupportedShare(): number {
  const st = BACKTEST_INPUTS.stocks;
  const inProcess =
    st.awaitingDecision.value + st.appealPending.value + st.grantedMoveOn.value + st.finallyRefused.value;
  return Math.round(((st.inHotels.value + st.dispersalPlaces.value) / inProcess) * 1000) / 1000;
}

/** The backtest scenario. Costs and hazards are the status-quo calibration's. */
export function backtestScenario(): ScenarioInput {
  const st = BACKTEST_INPUTS.stocks;
  const [first, ...rest] = BACKTEST_DECISION_PERIODS;
  return {
    name: 'backtest-2022',
    title: 'Backtest: the status quo from mid-2022 to end 2025',
    description:
      'Status-quo model with 2022-2025 inputs (arrivals by year, decision output by period, the grant rate by year, a capacity-limited tribunal, removals), from the published end-June 2022 backlog. See docs/validation.md.',
    startDate: BACKTEST_START,
    horizonDays: (Date.parse(BACKTEST_END) - Date.parse(BACKTEST_START)) / 86_400_000,
    seed: 1,
    arrivals: {
      perYear: BACKTEST_INPUTS.arrivals['2025'].value,
      perCalendarYear: Object.fromEntries(
        Object.entries(BACKTEST_INPUTS.arrivals).map(([y, a]) => [y, a.value]),
      ),
      smallBoatShare: 0.4,
    },
    groups: {
      all: {
        share: 1,
        grantRate: BACKTEST_INPUTS.grantRateByYear['2025'].value,
        grantRateByYear: Object.fromEntries(
          Object.entries(BACKTEST_INPUTS.grantRateByYear).map(([y, g]) => [y, g.value]),
        ),
        returnableFraction: 0.5,
        onwardReturnRate: 0.3,
        vulnerableShare: 0.2,
      },
    },
    accommodation: {
      // As in the calibrated scenarios: the published non-hotel supported population, and the
      // share of the people in the process who are supported chosen so the run starts with
      // `inHotels` in hotels and every dispersal place taken.
      dispersalPlaces: st.dispersalPlaces.value,
      supportedShare: backtestSupportedShare(),
      dispersalCostPerNight: ACCOMMODATION.dispersalCostPerNight,
      hotelCostPerNight: ACCOMMODATION.hotelCostPerNight,
    },
    decisions: {
      caseworkers: pool(first.perMonth),
      schedule: rest.map((p) => ({ from: p.from, caseworkers: pool(p.perMonth) })),
      perCaseworkerPerMonth: PER_CASEWORKER,
      withdrawalPerYear: 0.15,
    },
    appeals: { ...APPEALS, tribunal: { capacityPerYear: BACKTEST_INPUTS.tribunalCapacityPerYear.value } },
    moveOn: { days: MOVE_ON_DAYS },
    removals: { perYear: BACKTEST_INPUTS.removalsPerYear.value, costPerRemoval: REMOVALS.costPerRemoval },
    support: { finallyRefusedOnSupportShare: FINALLY_REFUSED_ON_SUPPORT },
    absconding: { perYear: { FINALLY_REFUSED: ABSCONDING.FINALLY_REFUSED } },
    initialStocks: {
      stages: {
        AWAITING_DECISION: st.awaitingDecision.value,
        APPEAL_PENDING: st.appealPending.value,
        GRANTED_MOVE_ON: st.grantedMoveOn.value,
        FINALLY_REFUSED: st.finallyRefused.value,
      },
      inHotels: st.inHotels.value,
    },
  };
}

/** The report date that closes a published period: the model reports a month end as the 1st of the next month. */
export function reportDateFor(periodEnd: string): string {
  const d = new Date(`${periodEnd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

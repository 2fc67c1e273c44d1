/**
 * What one replication records at each report (every month end and the horizon). Levels are the
 * state at the report; flows, person-days and costs are cumulative from the start (a month's flow
 * is the difference of two reports). Costs are in pounds; `costTaxReceipts` is negative.
 */
export const LEVEL_SERIES = [
  'awaitingDecision',
  'refused',
  'appealPending',
  'grantedMoveOn',
  'finallyRefused',
  'awaitingTransfer',
  'inHub',
  'awaitingRelocation',
  'hotel',
  'dispersal',
  'selfSupporting',
  'caseworkers',
] as const;

export const FLOW_SERIES = [
  'arrivals',
  'smallBoatArrivals',
  'decisions',
  'grants',
  'refusals',
  'appealsLodged',
  'appealsAllowed',
  'withdrawals',
  'removals',
  'transfers',
  'onwardReturns',
  'returnedToUk',
  'relocations',
  'absconded',
  'grantedExits',
] as const;

/** Person-days spent in each stage (for Little's law and averages). */
export const PERSON_DAY_SERIES = [
  'daysAwaitingDecision',
  'daysRefused',
  'daysAppealPending',
  'daysGrantedMoveOn',
  'daysFinallyRefused',
  'daysAwaitingTransfer',
  'daysInHub',
  'daysAwaitingRelocation',
] as const;

export const COST_SERIES = [
  'costHotel',
  'costDispersal',
  'costCasework',
  'costAppeals',
  'costRemovals',
  'costTransfers',
  'costHubFees',
  'costHubNights',
  'costHubFixed',
  'costRelocation',
  'costTaxReceipts',
  'totalCost',
] as const;

export const SERIES = [...LEVEL_SERIES, ...FLOW_SERIES, ...PERSON_DAY_SERIES, ...COST_SERIES] as const;
export type SeriesName = (typeof SERIES)[number];
export const SERIES_COUNT = SERIES.length;
export const SERIES_INDEX = Object.fromEntries(SERIES.map((s, i) => [s, i])) as Record<SeriesName, number>;

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

/**
 * The summary key of each series at the horizon: levels become `endX` (`endHotel`), everything
 * else keeps its name. Includes every key MODEL.md "Outputs" requires.
 */
export const SUMMARY_KEYS: readonly string[] = SERIES.map((s) =>
  (LEVEL_SERIES as readonly string[]).includes(s) ? `end${cap(s)}` : s,
);

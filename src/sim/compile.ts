/**
 * Turns a validated scenario into the plain numbers the model runs on: rates per day, dates as
 * days from the start, calendar-month segments, cumulative shares. The result is plain data, so it
 * crosses to worker threads by structured clone.
 */
import { SIM_STAGES } from '../domain/stages.ts';
import type { SimStage } from '../domain/stages.ts';
import type { Duration, Param, Scenario } from './scenario.ts';
import { val } from './scenario.ts';

/** A month, for rates quoted per month (MODEL.md). */
export const DAYS_PER_MONTH = 30.4375;
export const DAYS_PER_YEAR = 365;
const MS_PER_DAY = 86_400_000;

/** A duration law: kind 0 exponential, 1 gamma (a = shape), 2 lognormal (a = cv). */
export interface DurationLaw {
  kind: 0 | 1 | 2;
  mean: number;
  a: number;
}

export interface CompiledGroup {
  name: string;
  grantRate: number;
  /** The grant rate in each month segment, when it changes by calendar year; null: `grantRate` throughout. */
  grantRateBySegment: number[] | null;
  returnableFraction: number;
  onwardReturnRate: number;
  vulnerableShare: number;
}

export interface CompiledHubSite {
  name: string;
  places: number;
  openAt: number;
  closeAt: number;
  /** Index of the group this hub will not take, or -1. */
  ownGroup: number;
  fee: number;
  costPerNight: number;
  fixedPerDay: number;
  transferCost: number;
}

export interface ModelConfig {
  name: string;
  startDate: string;
  horizon: number;
  /** Day offsets of calendar month boundaries strictly inside (0, horizon): the month-end reports. */
  monthEnds: number[];
  /** ISO dates of each report (every month end, then the horizon). */
  reportDates: string[];
  /** Arrivals per day in each month segment (segment 0 runs from day 0 to monthEnds[0]). */
  segmentRate: number[];
  smallBoatShare: number;
  groups: CompiledGroup[];
  groupCumShare: number[];
  dispersalPlaces: number;
  dispersalCostPerNight: number;
  hotelCostPerNight: number;
  caseworkers: number;
  caseworkerSchedule: { at: number; caseworkers: number }[];
  decision: DurationLaw;
  withdrawalPerDay: number;
  costPerDecision: number;
  appealRate: number;
  appeal: DurationLaw;
  allowedRate: number;
  windowDays: number;
  costPerAppeal: number;
  /**
   * The tribunal's limit as a number of appeals it works on at once (capacity per day × mean
   * appeal time), with its changes by date; null: unlimited.
   */
  tribunal: null | { hearings: number; schedule: { at: number; hearings: number }[] };
  moveOnDays: number;
  removalsPerDay: number;
  costPerRemoval: number;
  finallyRefusedOnSupportShare: number;
  /** Share of arrivals and initial stocks who take UK asylum accommodation. */
  supportedShare: number;
  /** Absconding hazard per day, indexed like SIM_STAGES. */
  abscondPerDay: number[];
  hubs: null | {
    sites: CompiledHubSite[];
    groupEligible: boolean[];
    directReturnFirst: boolean;
    leadTimeDays: number;
    stay: DurationLaw;
    maxStayDays: number;
    challengesPerDay: number;
    meanPauseDays: number;
  };
  relocation: null | {
    startAt: number;
    perDay: number;
    totalCap: number;
    fixed: { at: number; amount: number }[];
    thresholdAfter: number;
    thresholdAmount: number;
    perPerson: number;
    processAfterDays: number;
  };
  rightToWork: null | { afterDays: number; selfSupportShare: number; taxPerDay: number };
  deterrenceElasticity: number;
  initialStages: number[];
  initialInHotels: number;
}

const dayOf = (start: string, date: string): number => (Date.parse(date) - Date.parse(start)) / MS_PER_DAY;
const isoOf = (start: string, day: number): string =>
  new Date(Date.parse(start) + Math.round(day) * MS_PER_DAY).toISOString().slice(0, 10);

function law(mean: number, d: Duration | undefined): DurationLaw {
  if (!d || d.kind === 'exponential') return { kind: 0, mean, a: 1 };
  if (d.kind === 'gamma') return { kind: 1, mean, a: val(d.shape) };
  return { kind: 2, mean, a: val(d.cv) };
}

const opt = (p: Param | undefined, fallback: number): number => (p === undefined ? fallback : val(p));

export function compileScenario(s: Scenario): ModelConfig {
  const start = s.startDate;
  const horizon = val(s.horizonDays);
  const startMs = Date.parse(start);

  // Calendar month boundaries and the arrival rate in each month segment.
  const monthEnds: number[] = [];
  const segmentRate: number[] = [];
  const segmentYear: string[] = [];
  const season = s.arrivals.seasonality?.map(val);
  const seasonMean = season ? season.reduce((a, b) => a + b, 0) / 12 : 1;
  let cursor = new Date(startMs);
  for (;;) {
    const y = cursor.getUTCFullYear();
    const m = cursor.getUTCMonth();
    const perYear = val(s.arrivals.perCalendarYear?.[String(y)] ?? s.arrivals.perYear);
    const factor = season && seasonMean > 0 ? season[m] / seasonMean : 1;
    segmentRate.push((perYear / DAYS_PER_YEAR) * factor);
    segmentYear.push(String(y));
    const next = new Date(Date.UTC(y, m + 1, 1));
    const day = (next.getTime() - startMs) / MS_PER_DAY;
    if (day >= horizon) break;
    monthEnds.push(day);
    cursor = next;
  }
  const reportDates = [...monthEnds, horizon].map((d) => isoOf(start, d));

  const names = Object.keys(s.groups);
  const groups = names.map((name) => {
    const g = s.groups[name];
    return {
      name,
      grantRate: val(g.grantRate),
      grantRateBySegment: g.grantRateByYear
        ? segmentYear.map((y) => val(g.grantRateByYear?.[y] ?? g.grantRate))
        : null,
      returnableFraction: val(g.returnableFraction),
      onwardReturnRate: val(g.onwardReturnRate),
      vulnerableShare: val(g.vulnerableShare),
    };
  });
  let acc = 0;
  const groupCumShare = names.map((n) => (acc += val(s.groups[n].share)));

  const abscond = s.absconding.perYear as Partial<Record<SimStage, Param>>;
  const abscondPerDay = SIM_STAGES.map((st) => opt(abscond[st], 0) / DAYS_PER_YEAR);

  const hubs = s.hubs
    ? {
        sites: Object.entries(s.hubs.sites).map(([name, h]) => ({
          name,
          places: val(h.places),
          openAt: Math.max(0, dayOf(start, h.opensOn)),
          closeAt: h.closesOn ? dayOf(start, h.closesOn) : Infinity,
          ownGroup: h.ownGroup ? names.indexOf(h.ownGroup) : -1,
          fee: val(h.feePerPerson),
          costPerNight: val(h.costPerNight),
          fixedPerDay: val(h.fixedCostPerYear) / DAYS_PER_YEAR,
          transferCost: opt(h.transferCost, val(s.hubs!.transferCost)),
        })),
        groupEligible: names.map((n) => s.hubs!.eligibleGroups.includes(n)),
        directReturnFirst: s.hubs.directReturnFirst,
        leadTimeDays: val(s.hubs.leadTimeDays),
        stay: law(val(s.hubs.meanStayDays), s.hubs.stayDuration),
        maxStayDays: val(s.hubs.maxStayDays),
        challengesPerDay: s.hubs.legalChallenges ? val(s.hubs.legalChallenges.perYear) / DAYS_PER_YEAR : 0,
        meanPauseDays: s.hubs.legalChallenges ? val(s.hubs.legalChallenges.meanPauseDays) : 0,
      }
    : null;

  const r = s.relocation;
  const relocation = r
    ? {
        startAt: Math.max(0, dayOf(start, r.startDate)),
        perDay: val(r.capacityPerYear) / DAYS_PER_YEAR,
        totalCap: r.totalCap === undefined ? Infinity : val(r.totalCap),
        fixed: r.payments.fixed.map((p) => ({ at: dayOf(start, p.on), amount: val(p.amount) })),
        thresholdAfter: r.payments.threshold ? val(r.payments.threshold.afterRelocations) : Infinity,
        thresholdAmount: r.payments.threshold ? val(r.payments.threshold.amount) : 0,
        perPerson:
          val(r.payments.perPerson) + val(r.payments.processingPerPerson) + val(r.payments.flightPerPerson),
        processAfterDays: r.processIfNotRelocated ? opt(r.processAfterDays, Infinity) : Infinity,
      }
    : null;

  const stocks = (s.initialStocks?.stages ?? {}) as Partial<Record<SimStage, Param>>;

  // A tribunal determining `capacityPerYear` a year when full, each appeal taking `meanDays`,
  // works on capacity × meanDays / 365 appeals at once (Little's law).
  const appealMean = val(s.appeals.meanDays);
  const hearings = (perYear: Param) => Math.round((val(perYear) * appealMean) / DAYS_PER_YEAR);
  const t = s.appeals.tribunal;
  const tribunal = t
    ? {
        hearings: hearings(t.capacityPerYear),
        schedule: (t.schedule ?? []).map((c) => ({
          at: dayOf(start, c.from),
          hearings: hearings(c.capacityPerYear),
        })),
      }
    : null;

  return {
    name: s.name,
    startDate: start,
    horizon,
    monthEnds,
    reportDates,
    segmentRate,
    smallBoatShare: val(s.arrivals.smallBoatShare),
    groups,
    groupCumShare,
    dispersalPlaces: val(s.accommodation.dispersalPlaces),
    dispersalCostPerNight: val(s.accommodation.dispersalCostPerNight),
    hotelCostPerNight: val(s.accommodation.hotelCostPerNight),
    caseworkers: val(s.decisions.caseworkers),
    caseworkerSchedule: (s.decisions.schedule ?? []).map((c) => ({
      at: dayOf(start, c.from),
      caseworkers: val(c.caseworkers),
    })),
    decision: law(DAYS_PER_MONTH / val(s.decisions.perCaseworkerPerMonth), s.decisions.duration),
    withdrawalPerDay: opt(s.decisions.withdrawalPerYear, 0) / DAYS_PER_YEAR,
    costPerDecision: opt(s.decisions.costPerDecision, 0),
    appealRate: val(s.appeals.appealRate),
    appeal: law(appealMean, s.appeals.duration),
    allowedRate: val(s.appeals.allowedRate),
    windowDays: val(s.appeals.windowDays),
    costPerAppeal: opt(s.appeals.costPerAppeal, 0),
    tribunal,
    moveOnDays: val(s.moveOn.days),
    removalsPerDay: val(s.removals.perYear) / DAYS_PER_YEAR,
    costPerRemoval: val(s.removals.costPerRemoval),
    finallyRefusedOnSupportShare: opt(s.support?.finallyRefusedOnSupportShare, 1),
    supportedShare: opt(s.accommodation.supportedShare, 1),
    abscondPerDay,
    hubs,
    relocation,
    rightToWork: s.rightToWork
      ? {
          afterDays: val(s.rightToWork.afterDays),
          selfSupportShare: val(s.rightToWork.selfSupportShare),
          taxPerDay: val(s.rightToWork.taxPerDay),
        }
      : null,
    deterrenceElasticity: s.deterrence?.enabled ? val(s.deterrence.elasticity) : 0,
    initialStages: SIM_STAGES.map((st) => opt(stocks[st], 0)),
    initialInHotels: opt(s.initialStocks?.inHotels, 0),
  };
}

/**
 * What is owed to partners, derived from stay events (issue 5, "Money"): the per-person fee on
 * arrival, the per-night fee for each night resident, and the fixed yearly fee spread over the
 * days the agreement is in force — each under the agreement in force on that date. Pure: the
 * services feed in stays and agreements and store or print the lines.
 *
 * Nights: a person arriving on day A and leaving on day L is resident the nights of A … L−1 (the
 * night of leaving is not charged), and a stay still open is charged to the end of the period.
 */
import { agreementInForce, agreementYear } from './agreements.ts';
import { addDays, addMonths, daysBetween, maxDate, minDate } from './calendar.ts';
import { multiplyPence, sumPence } from './money.ts';
import type { Agreement, IsoDate, Pence } from './types.ts';

/** One person's stay at a hub: from the recorded arrival to the recorded departure (if any). */
export interface HubStay {
  caseId: string;
  partnerId: string;
  hubId: string;
  arrivedOn: IsoDate;
  /** The day the person left the hub (onward return, return to the UK, absconding); null: still there. */
  leftOn: IsoDate | null;
}

export const LEDGER_LINE_KINDS = ['arrival_fee', 'night_fee', 'fixed_fee'] as const;
export type LedgerLineKind = (typeof LEDGER_LINE_KINDS)[number];

export interface LedgerLine {
  partnerId: string;
  agreementId: string;
  kind: LedgerLineKind;
  /** The case the line is for; null for the fixed fee. */
  caseId: string | null;
  /** First day covered (the arrival date for an arrival fee). */
  from: IsoDate;
  /** Day after the last day covered (exclusive). */
  to: IsoDate;
  quantity: number;
  unitPence: Pence;
  amountPence: Pence;
}

/** A calendar month as `YYYY-MM` → its first day and the first day of the next month. */
export function monthBounds(month: string): { from: IsoDate; to: IsoDate } {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`Not a month (YYYY-MM): ${month}`);
  const from = `${month}-01`;
  return { from, to: addMonths(from, 1) };
}

/** Split `[from, to)` into runs of days under the same agreement (or none). */
function agreementRuns(
  agreements: readonly Agreement[],
  partnerId: string,
  from: IsoDate,
  to: IsoDate,
): { agreement: Agreement | null; from: IsoDate; to: IsoDate }[] {
  const runs: { agreement: Agreement | null; from: IsoDate; to: IsoDate }[] = [];
  // Agreements change only at their start and end dates, so only those dates can split a run.
  const cuts = new Set<IsoDate>([from, to]);
  for (const a of agreements) {
    if (a.partnerId !== partnerId) continue;
    for (const d of [a.startsOn, a.endsOn === null ? null : addDays(a.endsOn, 1)]) {
      if (d !== null && d > from && d < to) cuts.add(d);
    }
  }
  const points = [...cuts].sort();
  for (let i = 0; i + 1 < points.length; i += 1) {
    const agreement = agreementInForce(agreements, partnerId, points[i]!);
    const last = runs[runs.length - 1];
    if (last !== undefined && last.agreement === agreement) last.to = points[i + 1]!;
    else runs.push({ agreement, from: points[i]!, to: points[i + 1]! });
  }
  return runs;
}

/** Lines owed for stays and fixed fees in `[from, to)` for one partner. */
export function ledgerLines(
  partnerId: string,
  stays: readonly HubStay[],
  agreements: readonly Agreement[],
  from: IsoDate,
  to: IsoDate,
): LedgerLine[] {
  const lines: LedgerLine[] = [];
  for (const s of stays) {
    if (s.partnerId !== partnerId) continue;
    if (s.arrivedOn >= from && s.arrivedOn < to) {
      const a = agreementInForce(agreements, partnerId, s.arrivedOn);
      if (a !== null && a.perPersonFeePence > 0) {
        lines.push({
          partnerId,
          agreementId: a.id,
          kind: 'arrival_fee',
          caseId: s.caseId,
          from: s.arrivedOn,
          to: addDays(s.arrivedOn, 1),
          quantity: 1,
          unitPence: a.perPersonFeePence,
          amountPence: a.perPersonFeePence,
        });
      }
    }
    const start = maxDate(s.arrivedOn, from);
    const end = s.leftOn === null ? to : minDate(s.leftOn, to);
    if (start >= end) continue;
    for (const run of agreementRuns(agreements, partnerId, start, end)) {
      if (run.agreement === null || run.agreement.perNightFeePence === 0) continue;
      const nights = daysBetween(run.from, run.to);
      lines.push({
        partnerId,
        agreementId: run.agreement.id,
        kind: 'night_fee',
        caseId: s.caseId,
        from: run.from,
        to: run.to,
        quantity: nights,
        unitPence: run.agreement.perNightFeePence,
        amountPence: multiplyPence(run.agreement.perNightFeePence, nights),
      });
    }
  }
  for (const run of agreementRuns(agreements, partnerId, from, to)) {
    const a = run.agreement;
    if (a === null || a.fixedFeePerYearPence === 0) continue;
    // Spread each agreement year's fixed fee over its days, so that twelve months sum to the year.
    for (let d = run.from; d < run.to;) {
      const year = agreementYear(a, d);
      const until = minDate(run.to, year.to);
      const yearDays = daysBetween(year.from, year.to);
      const before = Math.round((a.fixedFeePerYearPence * daysBetween(year.from, d)) / yearDays);
      const after = Math.round((a.fixedFeePerYearPence * daysBetween(year.from, until)) / yearDays);
      lines.push({
        partnerId,
        agreementId: a.id,
        kind: 'fixed_fee',
        caseId: null,
        from: d,
        to: until,
        quantity: daysBetween(d, until),
        unitPence: a.fixedFeePerYearPence,
        amountPence: after - before,
      });
      d = until;
    }
  }
  return lines;
}

export interface MonthlyStatement {
  partnerId: string;
  month: string;
  lines: LedgerLine[];
  arrivalsPence: Pence;
  nightsPence: Pence;
  fixedPence: Pence;
  totalPence: Pence;
  nights: number;
  arrivals: number;
}

/** The statement of what is owed to a partner for one calendar month (`YYYY-MM`). */
export function monthlyStatement(
  partnerId: string,
  month: string,
  stays: readonly HubStay[],
  agreements: readonly Agreement[],
): MonthlyStatement {
  const { from, to } = monthBounds(month);
  const lines = ledgerLines(partnerId, stays, agreements, from, to);
  const of = (kind: LedgerLineKind) => lines.filter((l) => l.kind === kind);
  return {
    partnerId,
    month,
    lines,
    arrivalsPence: sumPence(of('arrival_fee').map((l) => l.amountPence)),
    nightsPence: sumPence(of('night_fee').map((l) => l.amountPence)),
    fixedPence: sumPence(of('fixed_fee').map((l) => l.amountPence)),
    totalPence: sumPence(lines.map((l) => l.amountPence)),
    nights: of('night_fee').reduce((n, l) => n + l.quantity, 0),
    arrivals: of('arrival_fee').length,
  };
}

// ---------------------------------------------------------------------------------------------
// Reconciling a partner's invoice against the events

/** A line as the partner billed it. */
export interface InvoiceLine {
  kind: LedgerLineKind;
  caseId: string | null;
  from: IsoDate;
  to: IsoDate;
  quantity: number;
  amountPence: Pence;
}

export const ANOMALY_KINDS = [
  'night_not_resident',
  'arrival_not_recorded',
  'amount_differs',
  'not_billed',
  'occupancy_over_cap',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface Anomaly {
  kind: AnomalyKind;
  caseId: string | null;
  date: IsoDate;
  explanation: string;
  /** Billed minus owed, in pence (0 for occupancy findings). */
  differencePence: Pence;
}

function residentOn(stays: readonly HubStay[] | undefined, night: IsoDate): boolean {
  return (stays ?? []).some((s) => s.arrivedOn <= night && (s.leftOn === null || night < s.leftOn));
}

/**
 * Compare a partner's invoice for `[from, to)` with what the stay events say is owed, line by
 * line: nights billed for someone not resident (e.g. after they left), arrival fees for arrivals
 * never recorded, amounts that differ, anything owed but not billed, and nights on which the
 * partner held more people than the agreement's cap.
 */
export function reconcileInvoice(
  partnerId: string,
  invoice: readonly InvoiceLine[],
  stays: readonly HubStay[],
  agreements: readonly Agreement[],
  from: IsoDate,
  to: IsoDate,
): Anomaly[] {
  const owed = ledgerLines(partnerId, stays, agreements, from, to);
  const anomalies: Anomaly[] = [];
  const key = (kind: LedgerLineKind, caseId: string | null) => `${kind}|${caseId ?? ''}`;
  const owedBy = new Map<string, { amount: Pence; nights: number }>();
  for (const l of owed) {
    const k = key(l.kind, l.caseId);
    const prev = owedBy.get(k) ?? { amount: 0, nights: 0 };
    owedBy.set(k, {
      amount: prev.amount + l.amountPence,
      nights: prev.nights + (l.kind === 'night_fee' ? l.quantity : 0),
    });
  }
  const staysOf = new Map<string, HubStay[]>();
  for (const s of stays)
    if (s.partnerId === partnerId) staysOf.set(s.caseId, [...(staysOf.get(s.caseId) ?? []), s]);
  const billedBy = new Map<string, Pence>();
  for (const line of invoice) {
    const k = key(line.kind, line.caseId);
    billedBy.set(k, (billedBy.get(k) ?? 0) + line.amountPence);
    if (line.kind === 'night_fee' && line.caseId !== null) {
      for (let d = line.from; d < line.to; d = addDays(d, 1)) {
        if (!residentOn(staysOf.get(line.caseId), d)) {
          anomalies.push({
            kind: 'night_not_resident',
            caseId: line.caseId,
            date: d,
            explanation: `The night of ${d} is billed for case ${line.caseId}, who was not resident that night.`,
            differencePence: 0,
          });
        }
      }
    }
    if (line.kind === 'arrival_fee' && line.caseId !== null) {
      const arrived = (staysOf.get(line.caseId) ?? []).some((s) => s.arrivedOn >= from && s.arrivedOn < to);
      if (!arrived) {
        anomalies.push({
          kind: 'arrival_not_recorded',
          caseId: line.caseId,
          date: line.from,
          explanation: `An arrival fee is billed for case ${line.caseId}, but no arrival in this period was recorded.`,
          differencePence: line.amountPence,
        });
      }
    }
  }
  for (const k of new Set([...owedBy.keys(), ...billedBy.keys()])) {
    const [kind, caseId] = k.split('|') as [LedgerLineKind, string];
    const billed = billedBy.get(k) ?? 0;
    const due = owedBy.get(k)?.amount ?? 0;
    if (billed === due) continue;
    if (kind === 'arrival_fee' && due === 0) continue; // already reported as not recorded
    anomalies.push({
      kind: billed === 0 ? 'not_billed' : 'amount_differs',
      caseId: caseId === '' ? null : caseId,
      date: from,
      explanation:
        billed === 0
          ? `${kind.replace('_', ' ')} of ${due}p is owed${caseId ? ` for case ${caseId}` : ''} but was not billed.`
          : `${kind.replace('_', ' ')}${caseId ? ` for case ${caseId}` : ''}: billed ${billed}p, owed ${due}p.`,
      differencePence: billed - due,
    });
  }
  anomalies.push(...occupancyOverCap(partnerId, stays, agreements, from, to));
  return anomalies;
}

/** Nights in `[from, to)` on which the partner held more residents than its agreement allows. */
export function occupancyOverCap(
  partnerId: string,
  stays: readonly HubStay[],
  agreements: readonly Agreement[],
  from: IsoDate,
  to: IsoDate,
): Anomaly[] {
  const days = daysBetween(from, to);
  if (days <= 0) return [];
  // Difference array: +1 on arrival night, −1 on leaving day, then a running sum.
  const delta = new Int32Array(days + 1);
  for (const s of stays) {
    if (s.partnerId !== partnerId) continue;
    const start = maxDate(s.arrivedOn, from);
    const end = s.leftOn === null ? to : minDate(s.leftOn, to);
    if (start >= end) continue;
    delta[daysBetween(from, start)]! += 1;
    delta[daysBetween(from, end)]! -= 1;
  }
  const out: Anomaly[] = [];
  let residents = 0;
  for (let i = 0; i < days; i += 1) {
    residents += delta[i]!;
    const night = addDays(from, i);
    const cap = agreementInForce(agreements, partnerId, night)?.maxConcurrentResidents;
    if (cap !== undefined && residents > cap) {
      out.push({
        kind: 'occupancy_over_cap',
        caseId: null,
        date: night,
        explanation: `${residents} residents on the night of ${night}; the agreement caps them at ${cap}.`,
        differencePence: 0,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Maximum stay

export const MAX_STAY_WARNING_DAYS = [30, 7] as const;

export interface MaxStayStatus {
  /** The last day the person may stay under the agreement. */
  lastDay: IsoDate;
  daysLeft: number;
  /** `reached` on and after the last day; otherwise a warning within 30 and within 7 days. */
  warning: 'reached' | 'within_7_days' | 'within_30_days' | null;
}

/** Where a resident stands against the agreement's maximum stay (day of arrival is day 1). */
export function maxStayStatus(arrivedOn: IsoDate, maxStayDays: number, date: IsoDate): MaxStayStatus {
  const lastDay = addDays(arrivedOn, maxStayDays - 1);
  const daysLeft = daysBetween(date, lastDay);
  const warning =
    daysLeft <= 0 ? 'reached' : daysLeft <= 7 ? 'within_7_days' : daysLeft <= 30 ? 'within_30_days' : null;
  return { lastDay, daysLeft, warning };
}

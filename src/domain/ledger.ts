/**
 * What is owed to partners, derived only from stay events (issue 5, item 4): the per-person fee on
 * arrival, the per-night fee for each night resident, and the fixed yearly fee in twelve monthly
 * instalments, each under the agreement in force on the date it falls. Monthly invoices are these
 * lines for one partner and one calendar month; a partner's own bill is reconciled against them
 * line by line, and anomalies are flagged. Integer pence throughout; no I/O.
 */
import { agreementInForce } from './agreements.ts';
import { addDays, addMonths, daysBetween, maxDate, minDate } from './calendar.ts';
import { multiplyPence, sumPence } from './money.ts';
import { dailyOccupancy } from './transfers.ts';
import type { Agreement, IsoDate, Pence } from './types.ts';

/** One person's stay at one of the partner's hubs, as recorded by the partner officer. */
export interface StayRecord {
  stayId: string;
  caseId: string;
  hubId: string;
  partnerId: string;
  arrivedOn: IsoDate;
  /** Exclusive: no night is charged for the day of leaving. Null: still resident. */
  departedOn: IsoDate | null;
}

export const LEDGER_KINDS = ['arrival_fee', 'night_fee', 'fixed_fee'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerLine {
  partnerId: string;
  kind: LedgerKind;
  agreementId: string;
  /** The resident's case (null for the fixed fee). */
  caseId: string | null;
  /** The period the line covers, `[from, to)`. */
  from: IsoDate;
  to: IsoDate;
  /** Arrivals (1), nights, or instalments (1). */
  quantity: number;
  unitPence: Pence;
  amountPence: Pence;
}

/** `YYYY-MM` → the month as `[from, to)`. */
export function monthPeriod(month: string): { from: IsoDate; to: IsoDate } {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`Not a month (YYYY-MM): ${month}`);
  const from = `${month}-01`;
  return { from, to: addMonths(from, 1) };
}

interface Segment {
  from: IsoDate;
  to: IsoDate;
  agreement: Agreement;
}

/**
 * Split `[from, to)` into runs of days with the same agreement in force (days with none are left
 * out). Changes can only happen where an agreement starts or ends, so only those days are tried.
 */
export function agreementSegments(
  agreements: readonly Agreement[],
  partnerId: string,
  from: IsoDate,
  to: IsoDate,
): Segment[] {
  const own = agreements.filter((a) => a.partnerId === partnerId);
  const cuts = new Set<IsoDate>([from]);
  for (const a of own) {
    if (a.startsOn > from && a.startsOn < to) cuts.add(a.startsOn);
    if (a.endsOn !== null) {
      const after = addDays(a.endsOn, 1);
      if (after > from && after < to) cuts.add(after);
    }
  }
  const starts = [...cuts].sort();
  const out: Segment[] = [];
  starts.forEach((start, i) => {
    const end = starts[i + 1] ?? to;
    const agreement = agreementInForce(own, partnerId, start);
    if (agreement === null) return;
    const last = out[out.length - 1];
    if (last && last.agreement.id === agreement.id && last.to === start) last.to = end;
    else out.push({ from: start, to: end, agreement });
  });
  return out;
}

/** The instalment of a yearly fee for month `i` (0–11) of an agreement year: they sum exactly. */
export function fixedFeeInstalment(feePerYear: Pence, i: number): Pence {
  return Math.floor((feePerYear * (i + 1)) / 12) - Math.floor((feePerYear * i) / 12);
}

/**
 * Every ledger line for one partner in `[from, to)`: arrival fees for arrivals in the period,
 * night fees for nights in it (split where the agreement changes), and the fixed-fee instalments
 * that fall due in it (one on the first day of each agreement month).
 */
export function partnerLedger(
  partnerId: string,
  stays: readonly StayRecord[],
  agreements: readonly Agreement[],
  from: IsoDate,
  to: IsoDate,
): LedgerLine[] {
  const own = agreements.filter((a) => a.partnerId === partnerId);
  const segments = agreementSegments(own, partnerId, from, to);
  const lines: LedgerLine[] = [];
  for (const s of stays) {
    if (s.partnerId !== partnerId) continue;
    if (s.arrivedOn >= from && s.arrivedOn < to) {
      const a = agreementInForce(own, partnerId, s.arrivedOn);
      if (a !== null) {
        lines.push({
          partnerId,
          kind: 'arrival_fee',
          agreementId: a.id,
          caseId: s.caseId,
          from: s.arrivedOn,
          to: addDays(s.arrivedOn, 1),
          quantity: 1,
          unitPence: a.perPersonFeePence,
          amountPence: a.perPersonFeePence,
        });
      }
    }
    const stayFrom = maxDate(s.arrivedOn, from);
    const stayTo = s.departedOn === null ? to : minDate(s.departedOn, to);
    if (stayFrom >= stayTo) continue;
    for (const seg of segments) {
      const a = maxDate(stayFrom, seg.from);
      const b = minDate(stayTo, seg.to);
      const nights = daysBetween(a, b);
      if (nights <= 0) continue;
      lines.push({
        partnerId,
        kind: 'night_fee',
        agreementId: seg.agreement.id,
        caseId: s.caseId,
        from: a,
        to: b,
        quantity: nights,
        unitPence: seg.agreement.perNightFeePence,
        amountPence: multiplyPence(seg.agreement.perNightFeePence, nights),
      });
    }
  }
  for (const a of own) {
    if (a.fixedFeePerYearPence === 0) continue;
    for (let m = 0; ; m += 1) {
      const due = addMonths(a.startsOn, m);
      if (due >= to || (a.endsOn !== null && due > a.endsOn)) break;
      if (due < from) continue;
      if (agreementInForce(own, partnerId, due)?.id !== a.id) continue;
      const amount = fixedFeeInstalment(a.fixedFeePerYearPence, m % 12);
      lines.push({
        partnerId,
        kind: 'fixed_fee',
        agreementId: a.id,
        caseId: null,
        from: due,
        to: addMonths(a.startsOn, m + 1),
        quantity: 1,
        unitPence: amount,
        amountPence: amount,
      });
    }
  }
  return lines.sort(compareLines);
}

/** Plain code-unit order (ids and ISO dates), not the locale's: stable and fast. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareLines(a: LedgerLine, b: LedgerLine): number {
  return (
    LEDGER_KINDS.indexOf(a.kind) - LEDGER_KINDS.indexOf(b.kind) ||
    byText(a.caseId ?? '', b.caseId ?? '') ||
    byText(a.from, b.from)
  );
}

export interface Invoice {
  partnerId: string;
  month: string;
  from: IsoDate;
  to: IsoDate;
  lines: LedgerLine[];
  totals: Record<LedgerKind, Pence>;
  totalPence: Pence;
}

/** The monthly invoice for a partner: its ledger lines for the calendar month, with totals. */
export function monthlyInvoice(
  partnerId: string,
  month: string,
  stays: readonly StayRecord[],
  agreements: readonly Agreement[],
): Invoice {
  const { from, to } = monthPeriod(month);
  const lines = partnerLedger(partnerId, stays, agreements, from, to);
  const totals = {
    arrival_fee: sumPence(lines.filter((l) => l.kind === 'arrival_fee').map((l) => l.amountPence)),
    night_fee: sumPence(lines.filter((l) => l.kind === 'night_fee').map((l) => l.amountPence)),
    fixed_fee: sumPence(lines.filter((l) => l.kind === 'fixed_fee').map((l) => l.amountPence)),
  };
  return {
    partnerId,
    month,
    from,
    to,
    lines,
    totals,
    totalPence: totals.arrival_fee + totals.night_fee + totals.fixed_fee,
  };
}

// ---------------------------------------------------------------------------------------------
// Reconciling a partner's bill against the events

/** A line of the bill a partner sends. */
export interface BilledLine {
  kind: LedgerKind;
  caseId: string | null;
  /** Arrivals (1), nights, or instalments (1). */
  quantity: number;
  amountPence: Pence;
}

export const RECONCILIATION_OUTCOMES = [
  'matched',
  'amount_differs',
  'under_billed',
  'over_billed',
  'night_after_departure',
  'nights_not_resident',
  'arrival_not_recorded',
  'unknown_resident',
  'not_billed',
] as const;
export type ReconciliationOutcome = (typeof RECONCILIATION_OUTCOMES)[number];

export interface ReconciledLine {
  kind: LedgerKind;
  caseId: string | null;
  outcome: ReconciliationOutcome;
  billed: { quantity: number; amountPence: Pence } | null;
  expected: { quantity: number; amountPence: Pence } | null;
  /** Plain English for the finance officer. */
  note: string;
}

export interface CapBreach {
  date: IsoDate;
  occupied: number;
  cap: number;
}

export interface Reconciliation {
  lines: ReconciledLine[];
  /** Days in the month when residents exceeded the cap of the agreement in force. */
  overCap: CapBreach[];
  billedPence: Pence;
  expectedPence: Pence;
  /** Lines that are not `matched` (an anomaly or a difference to settle). */
  anomalies: number;
}

const lineKey = (kind: LedgerKind, caseId: string | null) => `${kind}|${caseId ?? ''}`;

/**
 * Reconcile a partner's bill against the invoice derived from events. Each billed line is
 * matched with the expected line for the same fee and resident; what cannot be matched says why
 * (a night billed after the person left, an arrival fee with no arrival recorded, someone who was
 * never resident). Expected lines the partner did not bill are listed too, and every day that
 * occupancy went over the agreement's cap is flagged.
 */
export function reconcileInvoice(
  invoice: Invoice,
  billed: readonly BilledLine[],
  stays: readonly StayRecord[],
  agreements: readonly Agreement[],
): Reconciliation {
  const expected = new Map<string, { quantity: number; amountPence: Pence }>();
  for (const l of invoice.lines) {
    const k = lineKey(l.kind, l.caseId);
    const e = expected.get(k) ?? { quantity: 0, amountPence: 0 };
    expected.set(k, { quantity: e.quantity + l.quantity, amountPence: e.amountPence + l.amountPence });
  }
  const billedByKey = new Map<string, { quantity: number; amountPence: Pence }>();
  for (const b of billed) {
    const k = lineKey(b.kind, b.caseId);
    const e = billedByKey.get(k) ?? { quantity: 0, amountPence: 0 };
    billedByKey.set(k, { quantity: e.quantity + b.quantity, amountPence: e.amountPence + b.amountPence });
  }
  const staysByCase = new Map<string, StayRecord[]>();
  for (const s of stays) {
    if (s.partnerId !== invoice.partnerId) continue;
    staysByCase.set(s.caseId, [...(staysByCase.get(s.caseId) ?? []), s]);
  }
  const lines: ReconciledLine[] = [];
  for (const [k, b] of billedByKey) {
    const [kind, rawCase] = k.split('|') as [LedgerKind, string];
    const caseId = rawCase === '' ? null : rawCase;
    const e = expected.get(k) ?? null;
    const own = caseId === null ? [] : (staysByCase.get(caseId) ?? []);
    let outcome: ReconciliationOutcome;
    let note: string;
    if (caseId !== null && own.length === 0) {
      outcome = 'unknown_resident';
      note = 'No stay at this partner’s hubs is recorded for this case.';
    } else if (e === null && kind === 'arrival_fee') {
      outcome = 'arrival_not_recorded';
      note = `No arrival in ${invoice.month} is recorded for this case.`;
    } else if (e === null && kind === 'night_fee') {
      const left = own.find((s) => s.departedOn !== null && s.departedOn <= invoice.from);
      outcome = left ? 'night_after_departure' : 'nights_not_resident';
      note = left
        ? `Nights billed, but the person left on ${left.departedOn}.`
        : `No night in ${invoice.month} is recorded for this case.`;
    } else if (e === null) {
      outcome = 'amount_differs';
      note = `No ${kind.replaceAll('_', ' ')} falls due in ${invoice.month}.`;
    } else if (b.quantity > e.quantity && kind === 'night_fee') {
      const left = own.find((s) => s.departedOn !== null && s.departedOn < invoice.to);
      outcome = left ? 'night_after_departure' : 'nights_not_resident';
      note = left
        ? `${b.quantity} nights billed, ${e.quantity} recorded: the person left on ${left.departedOn}.`
        : `${b.quantity} nights billed, ${e.quantity} recorded as resident.`;
    } else if (b.quantity > e.quantity) {
      outcome = 'over_billed';
      note = `${b.quantity} billed, ${e.quantity} owed (e.g. an arrival fee charged twice).`;
    } else if (b.quantity < e.quantity) {
      outcome = 'under_billed';
      note = `${b.quantity} billed, ${e.quantity} owed.`;
    } else if (b.amountPence !== e.amountPence) {
      outcome = 'amount_differs';
      note = `Billed ${b.amountPence}p, owed ${e.amountPence}p under the agreement in force.`;
    } else {
      outcome = 'matched';
      note = 'Matches the recorded events.';
    }
    lines.push({ kind, caseId, outcome, billed: b, expected: e, note });
  }
  for (const [k, e] of expected) {
    if (billedByKey.has(k)) continue;
    const [kind, rawCase] = k.split('|') as [LedgerKind, string];
    lines.push({
      kind,
      caseId: rawCase === '' ? null : rawCase,
      outcome: 'not_billed',
      billed: null,
      expected: e,
      note: 'Owed under the events but not billed.',
    });
  }
  lines.sort(
    (a, b) =>
      LEDGER_KINDS.indexOf(a.kind) - LEDGER_KINDS.indexOf(b.kind) || byText(a.caseId ?? '', b.caseId ?? ''),
  );
  const partnerStays = stays.filter((s) => s.partnerId === invoice.partnerId);
  const overCap: CapBreach[] = [];
  for (const d of dailyOccupancy(partnerStays, invoice.from, addDays(invoice.to, -1))) {
    const a = agreementInForce(agreements, invoice.partnerId, d.date);
    if (a !== null && d.occupied > a.maxConcurrentResidents) {
      overCap.push({ date: d.date, occupied: d.occupied, cap: a.maxConcurrentResidents });
    }
  }
  return {
    lines,
    overCap,
    billedPence: sumPence(billed.map((b) => b.amountPence)),
    expectedPence: invoice.totalPence,
    anomalies: lines.filter((l) => l.outcome !== 'matched').length + overCap.length,
  };
}

// ---------------------------------------------------------------------------------------------
// The article's question: what does it cost?

export interface UnitCosts {
  partnerPaymentsPence: Pence;
  peopleTransferred: number;
  onwardReturns: number;
  nights: number;
  /** Null when the divisor is zero. Rounded to the nearest penny. */
  perPersonTransferredPence: Pence | null;
  perOnwardReturnPence: Pence | null;
  perNightPence: Pence | null;
}

export function unitCosts(input: {
  partnerPaymentsPence: Pence;
  peopleTransferred: number;
  onwardReturns: number;
  nights: number;
}): UnitCosts {
  const per = (n: number) => (n > 0 ? Math.round(input.partnerPaymentsPence / n) : null);
  return {
    ...input,
    perPersonTransferredPence: per(input.peopleTransferred),
    perOnwardReturnPence: per(input.onwardReturns),
    perNightPence: per(input.nights),
  };
}

// ---------------------------------------------------------------------------------------------
// CSV

const CSV_HEADER = [
  'partner_id',
  'kind',
  'agreement_id',
  'case_id',
  'from',
  'to',
  'quantity',
  'unit_pence',
  'amount_pence',
];

function csvField(value: string | number | null): string {
  const s = value === null ? '' : String(value);
  // Quote anything with a separator, and neutralise spreadsheet formulas.
  const safe = /^[=+\-@]/.test(s) && typeof value === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Ledger lines as CSV (RFC 4180, CRLF line ends), amounts in pence. */
export function ledgerCsv(lines: readonly LedgerLine[]): string {
  const rows = [CSV_HEADER.join(',')];
  for (const l of lines) {
    rows.push(
      [l.partnerId, l.kind, l.agreementId, l.caseId, l.from, l.to, l.quantity, l.unitPence, l.amountPence]
        .map(csvField)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agreementFactory } from '../../test/factories/index.ts';
import { addDays, addMonths, daysBetween } from './calendar.ts';
import type { HubStay, InvoiceLine } from './ledger.ts';
import {
  ledgerLines,
  maxStayStatus,
  monthlyStatement,
  occupancyOverCap,
  reconcileInvoice,
} from './ledger.ts';

const P = 'partner-al';
const agreement = agreementFactory.build({
  id: 'a1',
  partnerId: P,
  startsOn: '2025-07-01',
  endsOn: null,
  perPersonFeePence: 1_000_000,
  perNightFeePence: 9_500,
  fixedFeePerYearPence: 365_000_00,
  maxConcurrentResidents: 2,
});
const stay = (caseId: string, arrivedOn: string, leftOn: string | null): HubStay => ({
  caseId,
  partnerId: P,
  hubId: 'hub-al-1',
  arrivedOn,
  leftOn,
});

describe('ledger', () => {
  it('charges the arrival fee in the month of arrival and each night resident, not the night of leaving', () => {
    const stays = [stay('c1', '2026-01-30', '2026-02-03')];
    const jan = monthlyStatement(P, '2026-01', stays, [agreement]);
    const feb = monthlyStatement(P, '2026-02', stays, [agreement]);
    expect(jan).toMatchObject({ arrivals: 1, nights: 2, arrivalsPence: 1_000_000, nightsPence: 19_000 });
    expect(feb).toMatchObject({ arrivals: 0, nights: 2, nightsPence: 19_000 });
  });

  it('charges each night under the agreement in force that night', () => {
    const old = agreementFactory.build({ ...agreement, id: 'old', endsOn: '2026-03-10' });
    const renewed = agreementFactory.build({
      ...agreement,
      id: 'new',
      startsOn: '2026-03-11',
      perNightFeePence: 12_000,
    });
    const lines = ledgerLines(
      P,
      [stay('c1', '2026-03-01', null)],
      [old, renewed],
      '2026-03-01',
      '2026-04-01',
    ).filter((l) => l.kind === 'night_fee');
    expect(lines.map((l) => [l.agreementId, l.quantity, l.amountPence])).toEqual([
      ['old', 10, 95_000],
      ['new', 21, 252_000],
    ]);
  });

  it('charges nothing for nights with no agreement in force', () => {
    const ended = agreementFactory.build({ ...agreement, endsOn: '2026-01-15' });
    const s = monthlyStatement(P, '2026-01', [stay('c1', '2026-01-10', null)], [ended]);
    expect(s.nights).toBe(6);
  });

  it('spreads the fixed yearly fee so that the months of an agreement year add up to it exactly', () => {
    const months = ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
    const fixed = months.map((m) => monthlyStatement(P, m, [], [agreement]).fixedPence);
    expect(fixed.reduce((a, b) => a + b, 0)).toBe(365_000_00);
    expect(fixed[0]).toBe(31_000_00);
  }); // prettier-ignore

  it('never loses or adds a night when stays are billed month by month', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ start: fc.nat(300), length: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }) }), {
          maxLength: 20,
        }),
        (specs) => {
          const base = '2025-07-01';
          const end = '2026-07-01';
          const stays = specs.map((s, i) =>
            stay(`c${i}`, addDays(base, s.start), s.length === null ? null : addDays(base, s.start + s.length)),
          );
          let nights = 0;
          for (let m = 0; m < 12; m += 1) {
            const month = addMonths(base, m).slice(0, 7);
            nights += monthlyStatement(P, month, stays, [agreement]).nights;
          }
          const expected = stays.reduce((n, s) => n + Math.max(0, daysBetween(s.arrivedOn, s.leftOn === null || s.leftOn > end ? end : s.leftOn)), 0);
          expect(nights).toBe(expected);
        },
      ),
    );
  }); // prettier-ignore

  it('finds nothing wrong with an invoice that bills exactly what the events say', () => {
    const stays = [stay('c1', '2026-01-05', '2026-01-20'), stay('c2', '2026-01-10', null)];
    const invoice: InvoiceLine[] = ledgerLines(P, stays, [agreement], '2026-01-01', '2026-02-01');
    expect(reconcileInvoice(P, invoice, stays, [agreement], '2026-01-01', '2026-02-01')).toEqual([]);
  });

  it.each([
    [
      'a night billed after the person left',
      (inv: InvoiceLine[]): InvoiceLine[] => [...inv, { kind: 'night_fee', caseId: 'c1', from: '2026-01-20', to: '2026-01-22', quantity: 2, amountPence: 19_000 }],
      ['night_not_resident', 'night_not_resident', 'amount_differs'],
    ],
    [
      'an arrival fee for an arrival never recorded',
      (inv: InvoiceLine[]): InvoiceLine[] => [...inv, { kind: 'arrival_fee', caseId: 'c9', from: '2026-01-12', to: '2026-01-13', quantity: 1, amountPence: 1_000_000 }],
      ['arrival_not_recorded'],
    ],
    ['a line owed but not billed', (inv: InvoiceLine[]): InvoiceLine[] => inv.filter((l) => !(l.kind === 'arrival_fee' && l.caseId === 'c2')), ['not_billed']],
    [
      'an overcharged night fee',
      (inv: InvoiceLine[]): InvoiceLine[] => inv.map((l) => (l.kind === 'night_fee' && l.caseId === 'c2' ? { ...l, amountPence: l.amountPence + 100 } : l)),
      ['amount_differs'],
    ],
  ] as const)('flags %s', (_what, change, kinds) => {
    const stays = [stay('c1', '2026-01-05', '2026-01-20'), stay('c2', '2026-01-10', null)];
    const exact: InvoiceLine[] = ledgerLines(P, stays, [agreement], '2026-01-01', '2026-02-01');
    const anomalies = reconcileInvoice(P, change(exact), stays, [agreement], '2026-01-01', '2026-02-01');
    expect(anomalies.map((a) => a.kind).sort()).toEqual([...kinds].sort());
  }); // prettier-ignore

  it('flags nights on which residents exceeded the agreement’s cap', () => {
    const stays = [stay('c1', '2026-01-01', null), stay('c2', '2026-01-01', null), stay('c3', '2026-01-10', '2026-01-12')];
    const over = occupancyOverCap(P, stays, [agreement], '2026-01-01', '2026-02-01');
    expect(over.map((a) => a.date)).toEqual(['2026-01-10', '2026-01-11']);
  }); // prettier-ignore

  it.each([
    ['2026-01-01', 180, '2026-01-01', 179, null],
    ['2026-01-01', 180, '2026-05-30', 30, 'within_30_days'],
    ['2026-01-01', 180, '2026-06-22', 7, 'within_7_days'],
    ['2026-01-01', 180, '2026-06-29', 0, 'reached'],
  ] as const)(
    'arrived %s with a %i-day maximum: on %s, %i days left (%s)',
    (arrived, max, date, left, warning) => {
      expect(maxStayStatus(arrived, max, date)).toMatchObject({
        daysLeft: left,
        warning,
        lastDay: '2026-06-29',
      });
    },
  );
});

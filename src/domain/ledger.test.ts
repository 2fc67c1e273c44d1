import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween } from './calendar.ts';
import {
  agreementSegments,
  fixedFeeInstalment,
  ledgerCsv,
  monthlyInvoice,
  partnerLedger,
  reconcileInvoice,
  unitCosts,
  type BilledLine,
  type StayRecord,
} from './ledger.ts';
import type { Agreement } from './types.ts';

const agreement = (overrides: Partial<Agreement> = {}): Agreement => ({
  id: 'agr-1',
  partnerId: 'p1',
  reference: 'AGR-1',
  startsOn: '2026-01-01',
  endsOn: null,
  perPersonFeePence: 250_000,
  perNightFeePence: 9_000,
  fixedFeePerYearPence: 1_200_000_01,
  maxConcurrentResidents: 2,
  maxTransfersPerYear: 100,
  acceptedNationalities: [],
  excludedNationalities: [],
  acceptedProfiles: [],
  excludedProfiles: [],
  familiesAllowed: false,
  maxStayDays: 365,
  safetyAssessments: [],
  monitoringBody: 'IMB',
  ...overrides,
});

const stay = (
  caseId: string,
  arrivedOn: string,
  departedOn: string | null,
  partnerId = 'p1',
): StayRecord => ({
  stayId: `s-${caseId}`,
  caseId,
  hubId: 'hub-1',
  partnerId,
  arrivedOn,
  departedOn,
});

describe('monthlyInvoice', () => {
  it('charges the arrival fee, each night resident (not the day of leaving) and the month’s fixed instalment', () => {
    const inv = monthlyInvoice('p1', '2026-03', [stay('c1', '2026-03-10', '2026-03-15')], [agreement()]);
    expect(inv.lines.map((l) => [l.kind, l.caseId, l.quantity, l.amountPence])).toEqual([
      ['arrival_fee', 'c1', 1, 250_000],
      ['night_fee', 'c1', 5, 45_000],
      ['fixed_fee', null, 1, fixedFeeInstalment(1_200_000_01, 2)],
    ]);
    expect(inv.totalPence).toBe(250_000 + 45_000 + fixedFeeInstalment(1_200_000_01, 2));
  });

  it('charges each night at the rate of the agreement in force that night', () => {
    const old = agreement({ endsOn: '2026-03-19', fixedFeePerYearPence: 0 });
    const renewed = agreement({
      id: 'agr-2',
      startsOn: '2026-03-20',
      perNightFeePence: 10_000,
      fixedFeePerYearPence: 0,
    });
    const inv = monthlyInvoice('p1', '2026-03', [stay('c1', '2026-02-01', null)], [old, renewed]);
    expect(inv.lines.map((l) => [l.agreementId, l.from, l.to, l.quantity, l.amountPence])).toEqual([
      ['agr-1', '2026-03-01', '2026-03-20', 19, 171_000],
      ['agr-2', '2026-03-20', '2026-04-01', 12, 120_000],
    ]);
  });

  it('charges nothing for stays at another partner’s hubs or with no agreement in force', () => {
    const inv = monthlyInvoice(
      'p1',
      '2025-12',
      [stay('c1', '2025-12-01', null), stay('c2', '2025-12-01', null, 'p2')],
      [agreement()],
    );
    expect(inv.lines).toEqual([]);
  });

  it('splits the fixed yearly fee into twelve instalments that sum to it exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (fee) => {
        let total = 0;
        for (let i = 0; i < 12; i += 1) total += fixedFeeInstalment(fee, i);
        expect(total).toBe(fee);
      }),
    );
  });
});

const isoDay = (offset: number) => addDays('2026-01-01', offset);

describe('invoices recomputed from events (property)', () => {
  const staysArb = fc.array(
    fc.record({
      arrive: fc.integer({ min: -40, max: 400 }),
      nights: fc.option(fc.integer({ min: 0, max: 200 })),
    }),
    { maxLength: 25 },
  );
  const agreementsArb = fc.record({
    split: fc.integer({ min: 1, max: 360 }),
    night1: fc.integer({ min: 0, max: 20_000 }),
    night2: fc.integer({ min: 0, max: 20_000 }),
    fee: fc.integer({ min: 0, max: 500_000 }),
    fixed: fc.integer({ min: 0, max: 100_000_000 }),
  });

  it('twelve monthly invoices add up to the year’s ledger, and every night resident is charged once', () => {
    fc.assert(
      fc.property(staysArb, agreementsArb, (specs, a) => {
        const agreements = [
          agreement({
            endsOn: isoDay(a.split - 1),
            perNightFeePence: a.night1,
            perPersonFeePence: a.fee,
            fixedFeePerYearPence: a.fixed,
          }),
          agreement({
            id: 'agr-2',
            startsOn: isoDay(a.split),
            perNightFeePence: a.night2,
            perPersonFeePence: a.fee,
            fixedFeePerYearPence: 0,
          }),
        ];
        const stays = specs.map((s, i) =>
          stay(`c${i}`, isoDay(s.arrive), s.nights === null ? null : isoDay(s.arrive + s.nights)),
        );
        const year = partnerLedger('p1', stays, agreements, '2026-01-01', '2027-01-01');
        const months = Array.from({ length: 12 }, (_, m) =>
          monthlyInvoice('p1', addMonths('2026-01-01', m).slice(0, 7), stays, agreements),
        );
        const sum = (xs: { amountPence: number }[]) => xs.reduce((n, x) => n + x.amountPence, 0);
        expect(months.reduce((n, inv) => n + inv.totalPence, 0)).toBe(sum(year));
        // Nights: recount day by day from the events.
        let nights = 0;
        let expectedNightPence = 0;
        for (const s of stays) {
          for (let d = s.arrivedOn; d < (s.departedOn ?? '2027-01-01'); d = addDays(d, 1)) {
            if (d < '2026-01-01' || d >= '2027-01-01') continue;
            nights += 1;
            expectedNightPence += d < isoDay(a.split) ? a.night1 : a.night2;
          }
        }
        const nightLines = year.filter((l) => l.kind === 'night_fee');
        expect(nightLines.reduce((n, l) => n + l.quantity, 0)).toBe(nights);
        expect(sum(nightLines)).toBe(expectedNightPence);
        const arrivals = stays.filter(
          (s) => s.arrivedOn >= '2026-01-01' && s.arrivedOn < '2027-01-01',
        ).length;
        expect(year.filter((l) => l.kind === 'arrival_fee')).toHaveLength(arrivals);
        // The fixed fee: the first agreement's months only, in whole instalments.
        const fixedMonths = Math.min(12, Math.ceil(daysBetween('2026-01-01', isoDay(a.split)) / 28));
        expect(year.filter((l) => l.kind === 'fixed_fee').length).toBeLessThanOrEqual(fixedMonths);
      }),
      { numRuns: 60 },
    );
  });
});

describe('agreementSegments', () => {
  it('prefers the most recently started agreement where two overlap', () => {
    const segs = agreementSegments(
      [agreement(), agreement({ id: 'agr-2', startsOn: '2026-02-10', endsOn: '2026-02-19' })],
      'p1',
      '2026-02-01',
      '2026-03-01',
    );
    expect(segs.map((s) => [s.agreement.id, s.from, s.to])).toEqual([
      ['agr-1', '2026-02-01', '2026-02-10'],
      ['agr-2', '2026-02-10', '2026-02-20'],
      ['agr-1', '2026-02-20', '2026-03-01'],
    ]);
  });
});

describe('reconcileInvoice', () => {
  const agreements = [agreement({ fixedFeePerYearPence: 0, maxConcurrentResidents: 1 })];
  const stays = [
    stay('here', '2026-03-01', null),
    stay('left', '2026-02-01', '2026-03-05'),
    stay('gone', '2026-01-01', '2026-02-10'),
  ];
  const invoice = monthlyInvoice('p1', '2026-03', stays, agreements);
  const line = (
    kind: BilledLine['kind'],
    caseId: string | null,
    quantity: number,
    amountPence: number,
  ): BilledLine => ({
    kind,
    caseId,
    quantity,
    amountPence,
  });

  it.each([
    ['a correct line', line('night_fee', 'here', 31, 279_000), 'matched'],
    ['the right nights at the wrong price', line('night_fee', 'here', 31, 280_000), 'amount_differs'],
    ['fewer nights than were spent', line('night_fee', 'here', 30, 270_000), 'under_billed'],
    ['an arrival fee charged twice', line('arrival_fee', 'here', 2, 500_000), 'over_billed'],
    ['nights after the person left', line('night_fee', 'left', 10, 90_000), 'night_after_departure'],
    ['nights for someone who left last month', line('night_fee', 'gone', 3, 27_000), 'night_after_departure'],
    [
      'an arrival fee with no arrival recorded',
      line('arrival_fee', 'left', 1, 250_000),
      'arrival_not_recorded',
    ],
    ['someone never resident', line('night_fee', 'stranger', 1, 9_000), 'unknown_resident'],
  ])('flags %s as %s', (_what, billed, outcome) => {
    const r = reconcileInvoice(invoice, [billed], stays, agreements);
    expect(r.lines.find((l) => l.caseId === billed.caseId && l.kind === billed.kind)!.outcome).toBe(outcome);
  });

  it('lists what is owed but not billed, and the days occupancy was over the cap', () => {
    const r = reconcileInvoice(invoice, [], stays, agreements);
    expect(r.lines.every((l) => l.outcome === 'not_billed')).toBe(true);
    expect(r.lines.map((l) => [l.kind, l.caseId])).toEqual([
      ['arrival_fee', 'here'],
      ['night_fee', 'here'],
      ['night_fee', 'left'],
    ]);
    expect(r.overCap.map((d) => d.date)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']);
    expect(r.anomalies).toBe(3 + 4);
    expect(r.expectedPence).toBe(invoice.totalPence);
  });
});

describe('unitCosts and CSV', () => {
  it('divides payments by people, returns and nights, and leaves a zero divisor empty', () => {
    expect(
      unitCosts({ partnerPaymentsPence: 1_000, peopleTransferred: 3, onwardReturns: 0, nights: 7 }),
    ).toMatchObject({
      perPersonTransferredPence: 333,
      perOnwardReturnPence: null,
      perNightPence: 143,
    });
  });

  it('writes one CSV row per line with a header, CRLF line ends, amounts in pence', () => {
    const csv = ledgerCsv(
      monthlyInvoice(
        'p1',
        '2026-03',
        [stay('c1', '2026-03-30', null)],
        [agreement({ fixedFeePerYearPence: 0 })],
      ).lines,
    );
    expect(csv.split('\r\n')).toEqual([
      'partner_id,kind,agreement_id,case_id,from,to,quantity,unit_pence,amount_pence',
      'p1,arrival_fee,agr-1,c1,2026-03-30,2026-03-31,1,250000,250000',
      'p1,night_fee,agr-1,c1,2026-03-30,2026-04-01,2,9000,18000',
      '',
    ]);
  });
});

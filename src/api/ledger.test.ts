import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { buildTestApp, type TestApp } from '../../test/support/app.ts';
import { hubFor, residentCase } from '../../test/support/factories.ts';
import { emptyDatabase } from '../../test/support/ops.ts';
import { fixedFeeInstalment } from '../domain/ledger.ts';

describe.each(testDrivers())('invoices and costs through the API on $name', (driver) => {
  const db = useTestStore(driver);
  let t: TestApp;
  let caseId: string;
  beforeAll(async () => {
    await emptyDatabase(db());
    t = await buildTestApp(db().store);
    const hubId = (await hubFor(t, t.partnerIds.own)).id;
    ({ caseId } = await residentCase(t, hubId)); // arrived 2026-11-16, still resident
  });
  afterAll(async () => t?.close());

  // The agreement from the factory: £2,500 per arrival, £90 a night, £1,000,000 a year from 1 January.
  const NOVEMBER = {
    arrival: 250_000,
    nights: 15 * 9_000, // 16 to 30 November
    fixed: fixedFeeInstalment(100_000_000, 10),
  };
  const url = () => `/api/partners/${t.partnerIds.own}/invoices/2026-11`;

  it('works out the month’s invoice from the stay events', async () => {
    const res = await t.as('finance', { method: 'GET', url: url() });
    expect(res.statusCode).toBe(200);
    const inv = res.json();
    expect(inv.lines.map((l: { kind: string; quantity: number }) => [l.kind, l.quantity])).toEqual([
      ['arrival_fee', 1],
      ['night_fee', 15],
      ['fixed_fee', 1],
    ]);
    expect(inv.totalPence).toBe(NOVEMBER.arrival + NOVEMBER.nights + NOVEMBER.fixed);
    // The partner sees its own invoice, not another's; caseworkers see none.
    expect((await t.as('partner_officer', { method: 'GET', url: url() })).statusCode).toBe(200);
    expect((await t.as('other_partner_officer', { method: 'GET', url: url() })).statusCode).toBe(404);
    expect((await t.as('caseworker', { method: 'GET', url: url() })).statusCode).toBe(403);
  });

  it('generates the invoice and reconciles the partner’s bill line by line, flagging anomalies', async () => {
    const billed = [
      { kind: 'arrival_fee', caseId, quantity: 1, amountPence: NOVEMBER.arrival },
      { kind: 'night_fee', caseId, quantity: 20, amountPence: 20 * 9_000 },
      { kind: 'night_fee', caseId: '00000000-0000-4000-8000-00000000beef', quantity: 3, amountPence: 27_000 },
    ];
    const res = await t.as('finance', { method: 'POST', url: url(), payload: { billed } });
    expect(res.statusCode).toBe(201);
    const inv = res.json();
    const outcomes = inv.reconciliation.lines.map((l: { kind: string; outcome: string }) => [
      l.kind,
      l.outcome,
    ]);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        ['night_fee', 'nights_not_resident'],
        ['night_fee', 'unknown_resident'],
        ['fixed_fee', 'not_billed'],
      ]),
    );
    expect(outcomes).toHaveLength(3);
    expect(inv.reconciliation.matched).toBe(1); // the arrival fee
    expect(inv.anomalies).toBe(3);
    const again = await t.as('finance', { method: 'POST', url: url(), payload: {} });
    expect(again.json()).toMatchObject({ version: 2, anomalies: 0, reconciliation: null });
    expect((await t.as('partner_officer', { method: 'POST', url: url(), payload: {} })).statusCode).toBe(403);
  });

  it('exports the ledger as CSV and reports cost per person, per night and UK accommodation', async () => {
    const csv = await t.as('finance', {
      method: 'GET',
      url: `/api/ledger.csv?from=2026-11-01&to=2026-12-01`,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csv.body.trim().split('\r\n');
    expect(rows[0]).toBe('partner_id,kind,agreement_id,case_id,from,to,quantity,unit_pence,amount_pence');
    expect(rows).toHaveLength(4);

    const costs = await t.as('finance', { method: 'GET', url: '/api/costs?from=2026-11-01&to=2026-12-01' });
    expect(costs.statusCode).toBe(200);
    const total = NOVEMBER.arrival + NOVEMBER.nights + NOVEMBER.fixed;
    expect(costs.json().hubs).toMatchObject({
      partnerPaymentsPence: total,
      peopleTransferred: 1,
      nights: 15,
      perPersonTransferredPence: total,
      perNightPence: Math.round(total / 15),
      perOnwardReturnPence: null,
    });
    expect(costs.json().uk.byKind).toHaveProperty('hotel');
    expect((await t.as('partner_officer', { method: 'GET', url: '/api/costs' })).statusCode).toBe(403);
  });
});

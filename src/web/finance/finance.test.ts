import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../../test/db.ts';
import type { Actor } from '../../domain/types.ts';
import type { Services } from '../../services/index.ts';
import { hubStays } from '../../store/schema.ts';
import { caseIn, partnerWithHub } from '../fixtures.ts';
import { addUser, buildWebApp, PageClient, textOf } from '../testing.ts';
import { formatPence } from '../views.ts';

describe.each(testDrivers())('the finance page on $name', (driver) => {
  const db = useTestStore(driver);
  let app: FastifyInstance;
  let services: Services;
  let finance: Actor;
  const client = {} as { fin: PageClient };

  beforeAll(async () => {
    ({ app, services } = await buildWebApp(db().store, { now: () => new Date('2026-11-20T12:00:00Z') }));
    const senior = await addUser(services, 'sen', 'senior_caseworker');
    const actor: Actor = { userId: senior.id, role: 'senior_caseworker', partnerId: null };
    const serbia = await partnerWithHub(services, 'RS', 'Serbia');
    await partnerWithHub(services, 'AL', 'Albania');
    const resident = await caseIn(services, actor, 'FINALLY_REFUSED', { familyName: 'Resident' });
    await services.cases.transition(actor, resident.caseId, {
      transition: 'allocateHub',
      hubId: serbia.hub.id,
    });
    // The stay as the flight's arrival leaves it: arrived at the Serbian hub on 2 November.
    await db()
      .store.db.update(hubStays)
      .set({ status: 'arrived', arrivedOn: '2026-11-02' })
      .where(eq(hubStays.caseId, resident.caseId));
    const fin = await addUser(services, 'fin', 'finance');
    finance = { userId: fin.id, role: 'finance', partnerId: null };
    client.fin = new PageClient(app);
    await client.fin.signIn('fin');
  });
  afterAll(() => app.close());

  it('shows what is owed to each partner exactly as the ledger works it out', async () => {
    const report = await services.ledger.costs(finance, { from: '2026-11-01', to: '2026-11-11' });
    const serbia = report.byPartner.find((p) => p.name === 'Serbia')!;
    // One arrival fee (£5,000) and nine nights (2nd to 10th) at £80.
    expect(serbia.totals).toMatchObject({ arrival_fee: 500_000, night_fee: 72_000 });
    const text = textOf((await client.fin.get('/finance?from=2026-11-01&to=2026-11-11')).body);
    for (const p of report.byPartner) {
      expect(text).toContain(
        `${p.name} ${formatPence(p.totals.arrival_fee)} ${formatPence(p.totals.night_fee)} ${formatPence(p.totals.fixed_fee)} ${formatPence(p.totalPence)}`,
      );
    }
    expect(text).toContain(`All partners ${formatPence(report.hubs.partnerPaymentsPence)}`);
    expect(text).toContain(`People transferred 1 ${formatPence(report.hubs.perPersonTransferredPence)}`);
    expect(text).toContain(`Nights in a hub 9 ${formatPence(report.hubs.perNightPence)}`);
  });

  it('shows nothing owed for a period before anyone arrived', async () => {
    const text = textOf((await client.fin.get('/finance?from=2026-10-01&to=2026-10-31')).body);
    expect(text).toContain(`Serbia ${formatPence(0)} ${formatPence(0)} ${formatPence(0)} ${formatPence(0)}`);
    expect(text).toContain('People transferred 0 None yet');
  });
});

import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../../test/db.ts';
import type { Actor } from '../../domain/types.ts';
import { caseloadService } from '../../services/caseload.ts';
import type { Services } from '../../services/index.ts';
import { queryRows } from '../../store/db.ts';
import { caseIn, familyWithChild, partnerWithHub } from '../fixtures.ts';
import { addUser, buildWebApp, PageClient, textOf } from '../testing.ts';
import { PAGE_SIZE } from './routes.ts';

describe.each(testDrivers())('caseworker pages on $name', (driver) => {
  const db = useTestStore(driver);
  let app: FastifyInstance;
  let services: Services;
  let casey: PageClient;
  let actor: Actor;
  let partnerId: string;

  beforeAll(async () => {
    ({ app, services } = await buildWebApp(db().store));
    const user = await addUser(services, 'casey', 'caseworker');
    actor = { userId: user.id, role: 'caseworker', partnerId: null };
    const { partner } = await partnerWithHub(services);
    partnerId = partner.id;
    casey = new PageClient(app);
    await casey.signIn('casey');
  });
  afterAll(() => app.close());

  it('shows the dashboard: people by stage, holds, deadlines and hub occupancy', async () => {
    await caseIn(services, actor, 'REFUSED');
    const page = await casey.get('/dashboard');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('People by stage');
    expect(text).toContain('Refused');
    expect(text).toContain('Appeal window closes');
    expect(text).toContain('Serbia hub');
  });

  it('audits the deadline cases each dashboard shows; dashboards opened together share one transaction', async () => {
    const refused = await caseIn(services, actor, 'REFUSED');
    const caseload = caseloadService(services.context);
    const boards = await Promise.all([actor, actor, actor].map((a) => caseload.dashboard(a)));
    expect(boards[1]).toEqual(boards[0]);
    expect(boards[0]!.deadlines.map((d) => d.caseId)).toContain(refused.caseId);
    expect(boards[0]!.counts.REFUSED).toBeGreaterThan(0);
    expect(boards[0]!.occupancy.map((o) => o.hub.name)).toContain('Serbia hub');
    const events = await queryRows<{ after: { caseIds: string[] }; xmin: string }>(
      db().store.db,
      sql`select after, xmin::text as xmin from audit_events
          where action = 'case.list' and actor_id = ${actor.userId} order by seq desc limit 3`,
    );
    expect(events.map((e) => e.after.caseIds)).toEqual(boards.map((b) => b.deadlines.map((d) => d.caseId)));
    expect(new Set(events.map((e) => e.xmin)).size).toBe(1);
    await expect(caseload.dashboard({ ...actor, role: 'finance' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('finds a case by reference and by stage', async () => {
    const c = await caseIn(services, actor, 'AWAITING_DECISION', { familyName: 'Findable' });
    const byRef = await casey.get(`/cases?reference=${c.reference}`);
    expect(textOf(byRef.body)).toContain('Findable');
    const byStage = await casey.get('/cases?state=AWAITING_DECISION');
    expect(byStage.body).toContain(`/cases/${c.caseId}`);
  });

  it('answers a bad filter with the error summary and keeps the value', async () => {
    const page = await casey.get('/cases?nationality=Iraq');
    expect(page.body).toContain('govuk-error-summary');
    expect(page.body).toContain('href="#nationality"');
    expect(page.body).toContain('value="Iraq"');
  });

  it(`pages the list ${PAGE_SIZE} at a time`, async () => {
    for (let i = 0; i < PAGE_SIZE + 1; i++) {
      await services.people.register(actor, {
        givenNames: 'Many',
        familyName: `Arrival${i}`,
        dateOfBirth: '1990-01-01',
        sex: 'male',
        nationality: 'ER',
        arrivalDate: '2026-01-01',
        route: 'small_boat',
      });
    }
    const first = await casey.get('/cases?nationality=ER');
    expect(first.body.match(/<tr class="govuk-table__row">/g)?.length).toBe(PAGE_SIZE + 1);
    const next = /href="(\/cases\?[^"]*after=[^"]+)"/.exec(first.body)![1].replace(/&amp;/g, '&');
    const second = await casey.get(next);
    expect(second.body.match(/<tr class="govuk-table__row">/g)?.length).toBe(2);
  });

  it('shows the case with a form only for the transitions allowed now', async () => {
    const c = await caseIn(services, actor, 'AWAITING_DECISION');
    const page = await casey.get(`/cases/${c.caseId}`);
    expect(page.body).toContain(`/cases/${c.caseId}/transitions/refuse`);
    expect(page.body).toContain(`/cases/${c.caseId}/transitions/grant`);
    expect(page.body).not.toContain(`/cases/${c.caseId}/transitions/dismissAppeal`);
    expect(textOf(page.body)).toContain('Complete screening');
    expect((await casey.get(`/cases/${c.caseId}/transitions/dismissAppeal`)).statusCode).toBe(404);
    expect((await casey.get(`/cases/${c.caseId}/transitions/teleport`)).statusCode).toBe(404);
  });

  it('refuses to record a refusal without reasons and evidence, keeping what was typed', async () => {
    const c = await caseIn(services, actor, 'AWAITING_DECISION');
    const url = `/cases/${c.caseId}/transitions/refuse`;
    await casey.get(url);
    const first = await casey.follow(await casey.post(url, { rationale: '', evidence: '' }));
    expect(first.body).toContain('govuk-error-summary');
    expect(first.body).toContain('href="#rationale"');
    expect(textOf(first.body)).toContain('Enter the reasons for the decision');
    const second = await casey.follow(await casey.post(url, { rationale: 'Not credible.', evidence: '' }));
    expect(textOf(second.body)).toContain('Write the reasons for the decision in full');
    expect(second.body).toContain('Not credible.');
    const view = await services.cases.get(actor, c.caseId);
    expect(view.case?.state).toBe('AWAITING_DECISION');
  });

  it('rejects an impossible date with a message on the date field', async () => {
    const c = await caseIn(services, actor, 'AWAITING_DECISION');
    const url = `/cases/${c.caseId}/transitions/grant`;
    await casey.get(url);
    const page = await casey.follow(
      await casey.post(url, {
        'on-day': '31',
        'on-month': '2',
        'on-year': '2026',
        rationale: 'Credible account.',
      }),
    );
    expect(page.body).toContain('value="31"');
    expect(page.body).toContain('href="#on-day"');
    expect(textOf(page.body)).toContain('must be a real date');
  });

  it('records a refusal with reasons and evidence, then shows it on the timeline (post/redirect/get)', async () => {
    const c = await caseIn(services, actor, 'AWAITING_DECISION');
    const url = `/cases/${c.caseId}/transitions/refuse`;
    await casey.get(url);
    const response = await casey.post(url, {
      rationale:
        'The claimed political activity is not credible given inconsistencies across two interviews.',
      evidence: 'Asylum interview record | INT-9\nCountry policy note: Iraq, 2025',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/cases/${c.caseId}`);
    const page = await casey.follow(response);
    const text = textOf(page.body);
    expect(text).toContain('Refuse');
    expect(text).toContain('not credible given inconsistencies');
    expect((await services.cases.get(actor, c.caseId)).case?.state).toBe('REFUSED');
  });

  it('records a dismissed appeal', async () => {
    const c = await caseIn(services, actor, 'APPEAL_PENDING');
    const url = `/cases/${c.caseId}/transitions/dismissAppeal`;
    await casey.get(url);
    const response = await casey.post(url, {
      rationale:
        'The tribunal found the appellant’s account not credible and dismissed the appeal on all grounds.',
      evidence: 'Tribunal determination | PA/01234/2026',
    });
    expect(response.headers.location).toBe(`/cases/${c.caseId}`);
    expect((await services.cases.get(actor, c.caseId)).case?.state).toBe('FINALLY_REFUSED');
  });

  it('shows the safeguards panel blocking a transfer for a family with a child, with the basis', async () => {
    const family = await familyWithChild(services, actor);
    const page = await casey.get(`/cases/${family.caseId}`);
    const text = textOf(page.body);
    expect(text).toContain('Safeguards');
    expect(text).toContain('A child is in the household');
    expect(text).toContain('s.55');
    expect(text).toContain('Serbia hub');
  });

  it('answers a case that does not exist with 404, not a stack', async () => {
    const page = await casey.get('/cases/00000000-0000-0000-0000-000000000000');
    expect(page.statusCode).toBe(404);
    expect(textOf(page.body)).toContain('Page not found');
  });

  it.each([
    ['monitor', '/cases'],
    ['finance', '/dashboard'],
    ['analyst', '/cases'],
  ] as const)('refuses a %s on %s with 403', async (role, url) => {
    await addUser(services, `${role}-x`, role);
    const client = new PageClient(app);
    await client.signIn(`${role}-x`);
    expect((await client.get(url)).statusCode).toBe(403);
  });

  it('refuses a partner officer on the case pages', async () => {
    await addUser(services, 'po-cases', 'partner_officer', partnerId);
    const client = new PageClient(app);
    await client.signIn('po-cases');
    expect((await client.get('/dashboard')).statusCode).toBe(403);
  });

  it('sends a signed-out visitor to sign in', async () => {
    const page = await new PageClient(app).get('/dashboard');
    expect(page.headers.location).toBe('/sign-in');
  });
});

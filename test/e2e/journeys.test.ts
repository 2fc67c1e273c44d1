import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/types.ts';
import type { Services } from '../../src/services/index.ts';
import { migrate, openStore, type Store } from '../../src/store/db.ts';
import { caseIn, familyWithChild, partnerWithHub } from '../../src/web/fixtures.ts';
import { addUser, buildWebApp, TEST_PASSWORD } from '../../src/web/testing.ts';
import { axe, haveChromium, launch, type AxeReport } from './browser.ts';

/**
 * The main journeys, in Chromium against the real app listening on a port: sign in, find a case,
 * refuse it, record a dismissed appeal, see the safeguards panel block a transfer for a family with
 * a child, run a scenario and read its chart. axe (WCAG 2.2 AA) runs on every page visited.
 */
describe.skipIf(!haveChromium)('browser journeys', () => {
  let store: Store;
  let app: FastifyInstance;
  let services: Services;
  let base: string;
  let browser: Awaited<ReturnType<typeof launch>>;
  let page: Page;
  const reports: AxeReport[] = [];
  let seniorReader: Actor;
  const data = {} as {
    toRefuse: { caseId: string; reference: string };
    toDismiss: { caseId: string; reference: string };
    family: { caseId: string; reference: string };
    resident: { caseId: string; reference: string };
    toAllocate: { caseId: string; reference: string };
  };

  beforeAll(async () => {
    store = await openStore({ DATA_DIR: 'memory://' });
    await migrate(store);
    ({ app, services } = await buildWebApp(store));
    const cw = await addUser(services, 'casey', 'caseworker');
    await addUser(services, 'ana', 'analyst');
    const actor: Actor = { userId: cw.id, role: 'caseworker', partnerId: null };
    const serbia = await partnerWithHub(services, 'RS', 'Serbia');
    const senior = await addUser(services, 'sen', 'senior_caseworker');
    const seniorActor: Actor = { userId: senior.id, role: 'senior_caseworker', partnerId: null };
    seniorReader = seniorActor;
    data.resident = await caseIn(services, seniorActor, 'FINALLY_REFUSED', { familyName: 'Expected' });
    await services.cases.transition(seniorActor, data.resident.caseId, {
      transition: 'allocateHub',
      hubId: serbia.hub.id,
    });
    data.toAllocate = await caseIn(services, seniorActor, 'FINALLY_REFUSED', { familyName: 'Allocatable' });
    await addUser(services, 'po', 'partner_officer', serbia.partner.id);
    await addUser(services, 'mon', 'monitor');
    await addUser(services, 'fin', 'finance');
    data.toRefuse = await caseIn(services, actor, 'AWAITING_DECISION', { familyName: 'Refusable' });
    data.toDismiss = await caseIn(services, actor, 'APPEAL_PENDING', { familyName: 'Appellant' });
    data.family = await familyWithChild(services, actor);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launch();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  /** Every page visited is checked; the test fails on the first page with a violation. */
  async function checked(): Promise<void> {
    await page.waitForLoadState('load');
    const report = await axe(page);
    reports.push(report);
    expect(report.violations, `axe on ${report.url}`).toEqual([]);
  }

  async function signIn(username: string) {
    await page.goto(`${base}/sign-in`);
    await checked();
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
  }

  it('a caseworker signs in and sees the dashboard', async () => {
    await page.goto(`${base}/sign-in`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await checked();
    await signIn('casey');
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Dashboard');
    await checked();
  });

  it('finds a case and refuses it with reasons and evidence', async () => {
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await checked();
    await page.getByLabel('Case reference').fill(data.toRefuse.reference);
    await page.getByRole('button', { name: 'Search' }).click();
    await checked();
    await page.getByRole('link', { name: data.toRefuse.reference }).click();
    await checked();
    await page.getByRole('link', { name: 'Refuse claim' }).click();
    await checked();
    await page.getByRole('button', { name: 'Refuse claim' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await checked();
    await page
      .getByLabel('Reasons for the decision')
      .fill(
        'The account of political activity is inconsistent across both interviews and with country information.',
      );
    await page
      .getByLabel('Evidence relied on')
      .fill('Asylum interview record | INT-77\nCountry policy note: Iraq, 2025');
    await page.getByRole('button', { name: 'Refuse claim' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe(`/cases/${data.toRefuse.caseId}`);
    await expect.poll(() => page.locator('.govuk-tag').first().textContent()).toContain('Refused');
    await checked();
  });

  it('records a dismissed appeal', async () => {
    await page.goto(`${base}/cases/${data.toDismiss.caseId}`);
    await checked();
    await page.getByRole('link', { name: 'Appeal dismissed' }).click();
    await checked();
    await page
      .getByLabel('Reasons for the decision')
      .fill('The tribunal dismissed the appeal: the account was not credible on any ground.');
    await page.getByLabel('Evidence relied on').fill('Tribunal determination | PA/01234/2026');
    await page.getByRole('button', { name: 'Appeal dismissed' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('.govuk-tag').first().textContent()).toContain('Finally refused');
    await checked();
  });

  it('sees the safeguards panel block a transfer for a family with a child', async () => {
    await page.goto(`${base}/cases/${data.family.caseId}`);
    const panel = page.locator('section[aria-labelledby="safeguards-title"]');
    await expect.poll(() => panel.textContent()).toContain('A child is in the household');
    expect(await panel.textContent()).toContain('s.55');
    await checked();
    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.waitForLoadState('load');
    await checked();
  });

  it('an analyst runs a scenario and reads its chart and table', async () => {
    await signIn('ana');
    expect(new URL(page.url()).pathname).toBe('/simulator');
    await checked();
    await page.getByRole('link', { name: /Reference R2/ }).click();
    await checked();
    await page.getByLabel('Replications').fill('2');
    await page.getByRole('button', { name: 'Run the simulation' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toMatch(/^\/simulator\/runs\//);
    if ((await page.locator('#run-progress').count()) > 0) await checked();
    await page.waitForSelector('text=Results at the horizon', { timeout: 90_000 });
    await checked();
    expect(await page.locator('.app-chart svg').count()).toBeGreaterThanOrEqual(3);
    await page.getByText('Show the numbers as a table').first().click();
    await expect.poll(() => page.locator('details[open] table').count()).toBeGreaterThan(0);
    await checked();
    await page.getByRole('link', { name: 'Compare this run with others' }).click();
    await checked();
  });

  it('a partner officer, a monitor and a finance officer see their pages', async () => {
    await page.getByRole('button', { name: /Sign out/ }).click();
    await signIn('po');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your hubs');
    await checked();
    await page.getByRole('link', { name: data.resident.reference }).click();
    await checked();
    await page.getByRole('link', { name: 'Notifications', exact: true }).click();
    await page.getByLabel('Address').fill('https://hub.example.rs/notify');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Notification deliveries');
    await checked();
    await page.getByRole('button', { name: /Sign out/ }).click();
    await signIn('mon');
    await checked();
    await page.getByRole('button', { name: 'Verify the audit trail' }).click();
    await expect.poll(() => page.getByText('The audit trail is intact').count()).toBe(1);
    await checked();
    await page.getByRole('button', { name: /Sign out/ }).click();
    await signIn('fin');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Finance');
    await checked();
  });

  it('a senior caseworker reviews an allocation proposal and approves part of it', async () => {
    await page.getByRole('button', { name: /Sign out/ }).click();
    await signIn('sen');
    await page.getByRole('link', { name: 'Allocations', exact: true }).click();
    await checked();
    await page.getByRole('button', { name: 'Ask for a proposal' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/^Allocation proposal for /);
    await checked();
    // GOV.UK draws its own box over the input, so the user clicks the label.
    await page.locator('label', { hasText: `${data.toAllocate.reference} to Serbia hub` }).click();
    await page.getByRole('button', { name: 'Approve the selected households' }).click();
    await expect
      .poll(() => page.locator('.app-flash').textContent())
      .toContain('Approved: 1 person is allocated');
    await checked();
    expect((await services.cases.get(seniorReader, data.toAllocate.caseId)).case?.state).toBe(
      'HUB_ALLOCATED',
    );
  });

  it('a senior caseworker plans a flight to the hub', async () => {
    await page.getByRole('link', { name: 'Flights', exact: true }).click();
    await checked();
    await page.getByRole('button', { name: 'Plan a flight' }).click();
    await page.getByRole('button', { name: 'Plan the flight' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await checked();
    await page.getByLabel('Hub').selectOption({ label: 'Serbia hub' });
    await page.locator('label', { hasText: 'Charter' }).click();
    await page.getByLabel('Departure airport').fill('LGW');
    await page.getByLabel('Arrival airport').fill('BEG');
    await page.getByLabel('Day').fill('20');
    await page.getByLabel('Month').fill('12');
    await page.getByLabel('Year').fill('2030');
    await page.getByLabel('Seats for people transferred').fill('10');
    await page.getByLabel('Escorts').fill('4');
    await page.getByRole('button', { name: 'Plan the flight' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Flight LGW to BEG');
    await checked();
  });

  it('ran axe on every page visited, with no violations', () => {
    expect(reports.length).toBeGreaterThanOrEqual(15);
    expect(reports.flatMap((r) => r.violations)).toEqual([]);
  });
});

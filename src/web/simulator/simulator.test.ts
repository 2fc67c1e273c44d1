import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../../test/db.ts';
import type { Services } from '../../services/index.ts';
import { partners } from '../../store/schema.ts';
import { listScenarios, loadScenario } from '../../sim/catalogue.ts';
import { addUser, buildWebApp, PageClient, textOf } from '../testing.ts';
import { readScenarioForm } from './routes.ts';
import { simulationRunRecords } from './runs.ts';

describe('reading the scenario form', () => {
  const scenario = loadScenario('reference-r1');
  const base = { replications: '5', seed: '1' };

  it('keeps the scenario as it is when nothing changed', () => {
    const read = readScenarioForm(scenario, { ...base, 'p-decisions-caseworkers': '450' });
    expect(read).toMatchObject({ replications: 5, seed: 1, changed: {} });
  });

  it('records a changed parameter and applies it', () => {
    const read = readScenarioForm(scenario, { ...base, 'p-decisions-caseworkers': '600' });
    expect('scenario' in read && read.changed).toEqual({ 'decisions.caseworkers': 600 });
  });

  it.each([
    [{ replications: '0' }, 'replications', 'must be a whole number from 1 to 200'],
    [{ replications: '' }, 'replications', 'Enter the number of replications'],
    [
      { 'p-decisions-caseworkers': 'many' },
      'p-decisions-caseworkers',
      'Enter a number for decisions.caseworkers',
    ],
    [{ 'p-appeals-appealRate': '1.5' }, 'p-appeals-appealRate', 'appeals.appealRate'],
  ])('refuses %o with a message on %s', (change, field, message) => {
    const read = readScenarioForm(scenario, { ...base, ...change });
    expect('errors' in read && read.errors[field]).toContain(message);
  });
});

describe.each(testDrivers())('simulator pages on $name', (driver) => {
  const db = useTestStore(driver);
  let app: FastifyInstance;
  let analyst: PageClient;

  beforeAll(async () => {
    let services: Services;
    ({ app, services } = await buildWebApp(db().store));
    const [partner] = await db()
      .store.db.insert(partners)
      .values({ name: 'Partner', countryCode: 'AL' })
      .returning();
    await addUser(services, 'ana', 'analyst');
    await addUser(services, 'pat', 'partner_officer', partner.id);
    analyst = new PageClient(app);
    await analyst.signIn('ana');
  });
  afterAll(() => app.close());

  async function finished(runId: string) {
    const runs = simulationRunRecords(db().store.db);
    for (let i = 0; i < 300; i++) {
      const run = await runs.get(runId);
      if (run && (run.status === 'DONE' || run.status === 'FAILED')) return run;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('run did not finish');
  }

  it('lists the shipped scenarios', async () => {
    const page = await analyst.get('/simulator');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Reference R1');
  });

  it('shows every parameter with its range or says none is recorded', async () => {
    const page = await analyst.get('/simulator/scenarios/reference-r1');
    expect(page.body).toContain('id="p-decisions-caseworkers"');
    expect(textOf(page.body)).toContain('No range recorded');
  });

  it('answers a bad form with the error summary and keeps what was typed', async () => {
    await analyst.get('/simulator/scenarios/reference-r1');
    const response = await analyst.post('/simulator/scenarios/reference-r1', {
      replications: '2',
      seed: '1',
      'p-decisions-caseworkers': 'lots',
    });
    expect(response.statusCode).toBe(303);
    const page = await analyst.follow(response);
    expect(page.body).toContain('govuk-error-summary');
    expect(page.body).toContain('href="#p-decisions-caseworkers"');
    expect(page.body).toContain('value="lots"');
  });

  it('runs a scenario in the background and shows charts, a table alternative and downloads', async () => {
    await analyst.get('/simulator/scenarios/reference-r2');
    const response = await analyst.post('/simulator/scenarios/reference-r2', {
      replications: '2',
      seed: '7',
    });
    const runUrl = String(response.headers.location);
    expect(runUrl).toMatch(/^\/simulator\/runs\/[0-9a-f-]{36}$/);
    const runId = runUrl.split('/').pop()!;
    const run = await finished(runId);
    expect(run.status).toBe('DONE');
    const page = await analyst.get(runUrl);
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('aria-hidden="true"');
    expect(textOf(page.body)).toContain('Show the numbers as a table');
    expect(textOf(page.body)).toContain('Hub occupancy');
    const csv = await analyst.get(`${runUrl}/results.csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toBe('date,series,mean,p5,p50,p95');
    const json = JSON.parse((await analyst.get(`${runUrl}/results.json`)).body);
    expect(json.result.replications).toBe(2);
  });

  it('keeps the result after a reload: a new session finds the same run', async () => {
    const [latest] = await simulationRunRecords(db().store.db).recent(1);
    const other = new PageClient(app);
    await other.signIn('ana');
    const page = await other.get(`/simulator/runs/${latest.id}`);
    expect(textOf(page.body)).toContain('Results at the horizon');
  });

  it('compares two runs side by side', async () => {
    await analyst.get('/simulator/scenarios/reference-r1');
    const r1 = String(
      (await analyst.post('/simulator/scenarios/reference-r1', { replications: '2', seed: '7' })).headers
        .location,
    )
      .split('/')
      .pop()!;
    await finished(r1);
    const [, r2] = (await simulationRunRecords(db().store.db).recent(2)).map((r) => r.id);
    const page = await analyst.get(`/simulator/compare?run=${r1}&run=${r2}`);
    expect(textOf(page.body)).toContain('Side by side');
    expect(textOf(page.body)).toContain('Total cost');
  });

  it('asks for two runs when fewer are chosen', async () => {
    const [latest] = await simulationRunRecords(db().store.db).recent(1);
    const page = await analyst.get(`/simulator/compare?run=${latest.id}`);
    expect(textOf(page.body)).toContain('Select at least two finished runs to compare');
  });

  /** HTML plus every stylesheet it links, in bytes (the budget is 150 KB before images). */
  async function pageWeight(html: string): Promise<number> {
    let bytes = Buffer.byteLength(html);
    for (const [, href] of html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g))
      bytes += Buffer.byteLength((await app.inject(href)).body);
    return bytes;
  }

  it('keeps every scenario form and a results page under 150 KB of HTML and CSS', async () => {
    for (const name of listScenarios()) {
      const page = await analyst.get(`/simulator/scenarios/${name}`);
      expect(await pageWeight(page.body), name).toBeLessThan(150 * 1024);
    }
    const [latest] = (await simulationRunRecords(db().store.db).recent(5)).filter((r) => r.status === 'DONE');
    const results = await analyst.get(`/simulator/runs/${latest.id}`);
    expect(await pageWeight(results.body)).toBeLessThan(150 * 1024);
  });

  it('answers an unknown scenario or run with 404', async () => {
    expect((await analyst.get('/simulator/scenarios/nope')).statusCode).toBe(404);
    expect((await analyst.get('/simulator/runs/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
  });

  it('sends a signed-out visitor to sign in and refuses a partner officer', async () => {
    const anonymous = new PageClient(app);
    expect((await anonymous.get('/simulator')).headers.location).toMatch(/^\/sign-in/);
    const partner = new PageClient(app);
    await partner.signIn('pat');
    expect((await partner.get('/simulator')).statusCode).toBe(403);
  });
});

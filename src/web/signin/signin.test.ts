import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILED_SIGN_INS } from '../../services/passwordSignIn.ts';
import { users, webSessions } from '../../store/schema.ts';
import { testDrivers, useTestStore } from '../../../test/db.ts';
import type { Services } from '../../services/index.ts';
import { SESSION_IDLE_MS } from '../auth.ts';
import { SIGN_IN_RATE_PER_MINUTE } from './routes.ts';
import { addUser, buildWebApp, PageClient, textOf } from '../testing.ts';

describe.each(testDrivers())('signing in on $name', (driver) => {
  const db = useTestStore(driver);
  let app: FastifyInstance;
  let services: Services;

  beforeAll(async () => {
    ({ app, services } = await buildWebApp(db().store));
    for (const name of ['casey', 'casey2', 'casey3', 'casey4', 'casey5', 'casey6'])
      await addUser(services, name, 'caseworker');
  });
  afterAll(() => app.close());

  it('signs a caseworker in and lands them on the dashboard, with the session in the database', async () => {
    const client = new PageClient(app);
    const response = await client.signIn('casey');
    expect(response.headers.location).toBe('/dashboard');
    const rows = await db().store.db.select().from(webSessions);
    expect(rows.some((r) => JSON.stringify(r.data).includes('casey'))).toBe(true);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax', async () => {
    const client = new PageClient(app);
    const response = await client.get('/sign-in');
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('answers a wrong password with the error summary and keeps the username, not the password', async () => {
    const client = new PageClient(app);
    await client.get('/sign-in');
    const page = await client.follow(
      await client.post('/sign-in', { username: 'casey2', password: 'wrong' }),
    );
    expect(page.body).toContain('govuk-error-summary');
    expect(textOf(page.body)).toContain('Enter a correct username and password');
    expect(page.body).toContain('value="casey2"');
    expect(page.body).not.toContain('wrong');
  });

  it('asks for both fields when they are empty, each error linking to its field', async () => {
    const client = new PageClient(app);
    await client.get('/sign-in');
    const page = await client.follow(await client.post('/sign-in', { username: '', password: '' }));
    expect(page.body).toContain('href="#username"');
    expect(page.body).toContain('href="#password"');
    expect(textOf(page.body)).toContain('Enter your password');
  });

  it(`locks the account after ${MAX_FAILED_SIGN_INS} failures, even for the right password`, async () => {
    const client = new PageClient(app);
    await client.get('/sign-in');
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++)
      await client.post('/sign-in', { username: 'casey3', password: 'x' });
    const locked = await client.post('/sign-in', {
      username: 'casey3',
      password: 'correct horse battery staple',
    });
    expect(locked.headers.location).toBe('/sign-in');
    expect(textOf((await client.get('/sign-in')).body)).toContain('This account is locked');
    const [row] = await db().store.db.select().from(users).where(eq(users.username, 'casey3'));
    expect(row.lockedUntil).not.toBeNull();
  });

  it('refuses a form without a CSRF token with the form-expired page, never a stack', async () => {
    const client = new PageClient(app);
    await client.get('/sign-in');
    const response = await client.post('/sign-in', { username: 'casey4', password: 'x' }, { csrf: null });
    expect(response.statusCode).toBe(403);
    expect(textOf(response.body)).toContain('This form has expired');
    expect(response.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses a forged CSRF token', async () => {
    const client = new PageClient(app);
    await client.get('/sign-in');
    const response = await client.post('/sign-in', { username: 'casey4', password: 'x' }, { csrf: 'forged' });
    expect(response.statusCode).toBe(403);
  });

  it('signs out: the session row is gone and the old cookie no longer works', async () => {
    const client = new PageClient(app);
    await client.signIn('casey5');
    await client.get('/sign-in');
    const out = await client.post('/sign-out', {});
    expect(out.headers.location).toBe('/sign-in?signedOut=1');
    const rows = await db().store.db.select().from(webSessions);
    expect(rows.filter((r) => JSON.stringify(r.data).includes('casey5'))).toHaveLength(0);
  });

  it('signs out a session idle for longer than the limit, even if its row is still there', async () => {
    const client = new PageClient(app);
    await client.signIn('casey6');
    const rows = await db().store.db.select().from(webSessions);
    for (const row of rows) {
      const data = row.data as { user?: { username: string }; lastSeen?: number };
      if (data.user?.username === 'casey6') {
        await db()
          .store.db.update(webSessions)
          .set({ data: { ...data, lastSeen: Date.now() - SESSION_IDLE_MS - 1000 } })
          .where(eq(webSessions.sid, row.sid));
      }
    }
    const response = await client.get('/dashboard');
    expect(response.headers.location).toBe('/sign-in?expired=1');
  });

  it('treats a session past its expiry as signed out and says so', async () => {
    const client = new PageClient(app);
    await client.signIn('casey6');
    await db()
      .store.db.update(webSessions)
      .set({ expiresAt: new Date('2000-01-01T00:00:00Z') });
    const response = await client.get('/');
    expect(response.headers.location).toBe('/sign-in');
  });
});

describe('sign-in rate limit', () => {
  const db = useTestStore(testDrivers()[0]);

  it(`answers more than ${SIGN_IN_RATE_PER_MINUTE} attempts a minute at one username from one address with "too many attempts"`, async () => {
    const { app } = await buildWebApp(db().store);
    const client = new PageClient(app);
    await client.get('/sign-in');
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_RATE_PER_MINUTE + 2; i++)
      statuses.push((await client.post('/sign-in', { username: 'nobody', password: 'x' })).statusCode);
    expect(statuses.slice(0, SIGN_IN_RATE_PER_MINUTE).every((s) => s === 303)).toBe(true);
    expect(statuses.slice(SIGN_IN_RATE_PER_MINUTE)).toEqual([429, 429]);
    const page = await client.post('/sign-in', { username: 'nobody', password: 'x' });
    expect(textOf(page.body)).toContain('Too many attempts');
    expect(page.headers['content-type']).toMatch(/text\/html/);
    await app.close();
  });
});

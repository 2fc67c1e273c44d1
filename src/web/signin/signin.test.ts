import Fastify, { type FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../config.ts';
import { MAX_FAILED_SIGN_INS } from '../../services/passwordSignIn.ts';
import { users, webSessions } from '../../store/schema.ts';
import { testDrivers, useTestStore } from '../../../test/db.ts';
import { webPlugin } from '../plugin.ts';
import { addUser, PageClient, textOf } from '../testing.ts';

describe.each(testDrivers())('signing in on $name', (driver) => {
  const db = useTestStore(driver);
  let app: FastifyInstance;

  beforeAll(async () => {
    const store = db().store;
    app = Fastify();
    await app.register(webPlugin, {
      config: testConfig(),
      store,
      signInRatePerMinute: 1000,
    });
    await app.ready();
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await db().truncate();
    await addUser(db().store.db, 'casey', 'caseworker');
  });

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
    const page = await client.follow(await client.post('/sign-in', { username: 'casey', password: 'wrong' }));
    expect(page.body).toContain('govuk-error-summary');
    expect(textOf(page.body)).toContain('Enter a correct username and password');
    expect(page.body).toContain('value="casey"');
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
      await client.post('/sign-in', { username: 'casey', password: 'x' });
    const locked = await client.post('/sign-in', {
      username: 'casey',
      password: 'correct horse battery staple',
    });
    expect(locked.headers.location).toBe('/sign-in');
    expect(textOf((await client.get('/sign-in')).body)).toContain('This account is locked');
    const [row] = await db().store.db.select().from(users).where(eq(users.username, 'casey'));
    expect(row.lockedUntil).not.toBeNull();
  });

  it('refuses a form without a CSRF token with the form-expired page, never a stack', async () => {
    const client = new PageClient(app);
    await client.get('/sign-in');
    const response = await client.post('/sign-in', { username: 'casey', password: 'x' }, { csrf: null });
    expect(response.statusCode).toBe(403);
    expect(textOf(response.body)).toContain('This form has expired');
    expect(response.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses a forged CSRF token', async () => {
    const client = new PageClient(app);
    await client.get('/sign-in');
    const response = await client.post('/sign-in', { username: 'casey', password: 'x' }, { csrf: 'forged' });
    expect(response.statusCode).toBe(403);
  });

  it('signs out: the session row is gone and the old cookie no longer works', async () => {
    const client = new PageClient(app);
    await client.signIn('casey');
    await client.get('/sign-in');
    const out = await client.post('/sign-out', {});
    expect(out.headers.location).toBe('/sign-in?signedOut=1');
    expect(await db().store.db.select().from(webSessions)).toHaveLength(0);
  });

  it('treats a session past its expiry as signed out and says so', async () => {
    const client = new PageClient(app);
    await client.signIn('casey');
    await db()
      .store.db.update(webSessions)
      .set({ expiresAt: new Date('2000-01-01T00:00:00Z') });
    const response = await client.get('/');
    expect(response.headers.location).toBe('/sign-in');
  });
});

describe('sign-in rate limit', () => {
  const db = useTestStore(testDrivers()[0]);

  it('answers too many attempts from one address with the GOV.UK "too many attempts" page', async () => {
    const store = db().store;
    const app = Fastify();
    await app.register(webPlugin, {
      config: testConfig(),
      store,
      signInRatePerMinute: 3,
    });
    const client = new PageClient(app);
    await client.get('/sign-in');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await client.post('/sign-in', { username: 'nobody', password: 'x' })).statusCode);
    expect(statuses).toEqual([303, 303, 303, 429, 429]);
    const page = await client.post('/sign-in', { username: 'nobody', password: 'x' });
    expect(textOf(page.body)).toContain('Too many attempts');
    await app.close();
  });
});

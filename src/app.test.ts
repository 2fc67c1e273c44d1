import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../test/db.ts';
import { buildTestApp, type TestApp } from '../test/support/app.ts';
import { BODY_LIMIT_BYTES, createApp } from './app.ts';
import { testConfig } from './config.ts';

describe.each(testDrivers())('the application on $name', (driver) => {
  const db = useTestStore(driver);
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(db().store);
  });
  afterAll(async () => t?.close());

  it('answers the health probe without a token', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: driver.name });
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const spec = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(spec.statusCode).toBe(200);
    expect(spec.json().openapi).toBe('3.1.0');
    expect(Object.keys(spec.json().paths)).toContain('/api/users');
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
  });

  it.each([
    ['no Authorization header', undefined],
    ['a malformed header', 'Token abc'],
    ['an unknown token', 'Bearer rh_not-a-real-token'],
  ])('refuses an API request with %s with 401', async (_label, authorization) => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/users/me',
      headers: authorization ? { authorization } : {},
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a revoked token', async () => {
    const { id, token } = await t.services.users.issueToken(t.users.admin.actor, t.users.admin.actor.userId);
    const ok = await t.app.inject({ url: '/api/users/me', headers: { authorization: `Bearer ${token}` } });
    expect(ok.statusCode).toBe(200);
    await t.services.users.revokeToken(t.users.admin.actor, id);
    const res = await t.app.inject({ url: '/api/users/me', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(401);
  });

  it('refuses malformed JSON with MALFORMED_JSON', async () => {
    const res = await t.as('admin', {
      method: 'POST',
      url: '/api/users',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "x",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'MALFORMED_JSON' });
  });

  it('refuses an oversized body with 413', async () => {
    const res = await t.as('admin', {
      method: 'POST',
      url: '/api/users',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x'.repeat(BODY_LIMIT_BYTES + 10) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await t.as('admin', {
      method: 'POST',
      url: '/api/users',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('lists every failing field, unknown fields included, and writes nothing', async () => {
    const before = (await t.as('admin', { method: 'GET', url: '/api/users' })).json().items.length;
    const res = await t.as('admin', {
      method: 'POST',
      url: '/api/users',
      payload: { username: 'A', role: 'king', colour: 'blue' },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    const paths = body.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.username', 'body.displayName', 'body.role', 'body.colour']),
    );
    expect((await t.as('admin', { method: 'GET', url: '/api/users' })).json().items.length).toBe(before);
  });

  it.each([
    ['a path id that is not a UUID', '/api/cases/not-a-uuid', 'params.id'],
    ['a query value out of range', '/api/cases?limit=100000', 'query.limit'],
    ['an unknown query parameter', '/api/cases?colour=red', 'query.colour'],
    ['an unknown state', '/api/cases?state=LIMBO', 'query.state'],
  ])('refuses %s with 400 naming the field', async (_label, url, path) => {
    const res = await t.as('caseworker', { method: 'GET', url });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it('never shows a stack trace for an unexpected error in production', async () => {
    const app = await createApp({
      config: testConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) }),
      services: t.services,
    });
    app.get('/api/boom', async () => {
      throw new Error('secret internal detail');
    });
    const res = await app.inject({ method: 'GET', url: '/api/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ code: 'INTERNAL', message: expect.any(String) });
    expect(res.body).not.toMatch(/secret internal detail|at .*\.ts/);
    await app.close();
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await t.as('admin', { method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('replays a retried POST with the same Idempotency-Key instead of acting twice', async () => {
    const request = {
      method: 'POST' as const,
      url: '/api/users',
      headers: { 'idempotency-key': 'create-user-1' },
      payload: { username: 'idem-user', displayName: 'Idem', role: 'analyst' },
    };
    const first = await t.as('admin', request);
    expect(first.statusCode).toBe(201);
    const second = await t.as('admin', request);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    const conflict = await t.as('admin', {
      ...request,
      payload: { ...request.payload, displayName: 'Other' },
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
  });
});

import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { testConfig } from '../config.ts';
import { createServices } from '../services/index.ts';
import { passwordSignIn } from '../services/passwordSignIn.ts';
import { verifyAuditChain } from '../store/audit.ts';
import { queryRows } from '../store/db.ts';
import { isDatabaseEmpty, seedDemo } from './seed.ts';

const now = () => new Date('2026-11-26T12:00:00Z');

describe.each(testDrivers())('seeding the demo on $name', (driver) => {
  const db = useTestStore(driver);

  it('writes the caseload, its users and tokens, and an intact audit chain, in one go', async () => {
    const { store } = db();
    expect(await isDatabaseEmpty(store)).toBe(true);
    const result = await seedDemo(store, { seed: 42, asOf: '2026-11-26', people: 400, now });
    expect(await isDatabaseEmpty(store)).toBe(false);

    const [counts] = await queryRows<Record<string, number>>(
      store.db,
      sql`select (select count(*) from people)::int as people, (select count(*) from cases)::int as cases,
                 (select count(*) from users)::int as users, (select count(*) from audit_events)::int as events`,
    );
    expect(counts).toEqual({
      people: result.counts.people,
      cases: result.counts.cases,
      users: 10,
      events: result.counts.auditEvents,
    });
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, events: result.counts.auditEvents });

    const services = createServices(store, testConfig(), { now });
    const senior = result.accounts.find((a) => a.role === 'senior_caseworker')!;
    expect(await services.users.authenticateToken(senior.token)).toEqual({
      userId: senior.id,
      role: 'senior_caseworker',
      partnerId: null,
    });
    const officer = result.accounts.find((a) => a.role === 'partner_officer')!;
    expect((await services.users.authenticateToken(officer.token))?.partnerId).toBe(officer.partnerId);

    // The printed passwords sign in to the pages; a wrong one does not.
    const pages = passwordSignIn(store.db, now);
    expect(await pages.signIn(senior.username, senior.password)).toMatchObject({ outcome: 'signed_in' });
    expect(await pages.signIn(senior.username, `${senior.password}x`)).toEqual({ outcome: 'invalid' });
    const [stored] = await queryRows<{ n: number }>(
      store.db,
      sql`select count(*)::int as n from audit_events where coalesce(after::text, '') like ${`%${senior.password}%`}`,
    );
    expect(stored).toEqual({ n: 0 });
  });

  it('writes nothing when any part of the seed fails', async () => {
    const { store } = db();
    const before = await queryRows<{ n: number }>(store.db, sql`select count(*)::int as n from audit_events`);
    // The same seed again collides with the existing users and references.
    await expect(seedDemo(store, { seed: 42, asOf: '2026-11-26', people: 400, now })).rejects.toThrow();
    const after = await queryRows<{ n: number }>(store.db, sql`select count(*)::int as n from audit_events`);
    expect(after).toEqual(before);
  });
});

import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { bulkInsert } from './bulk.ts';
import { queryRows } from './db.ts';
import { agreements, partners, people } from './schema.ts';

describe.each(testDrivers())('the store on $name', (driver) => {
  const db = useTestStore(driver);

  it('applies the migrations so every table exists', async () => {
    const rows = await queryRows<{ n: number }>(
      db().store.db,
      sql`select count(*)::int as n from pg_tables where schemaname = 'public'`,
    );
    expect(rows[0]!.n).toBeGreaterThanOrEqual(20);
  });

  it('reads int8 money, jsonb and dates the same way on both drivers', async () => {
    const { db: d } = db().store;
    const [partner] = await d.insert(partners).values({ name: 'Albania', countryCode: 'AL' }).returning();
    await d.insert(agreements).values({
      partnerId: partner!.id,
      reference: 'AGR-1',
      startsOn: '2026-01-01',
      fixedFeePerYearPence: 5_000_000_000,
      maxConcurrentResidents: 100,
      maxTransfersPerYear: 1000,
      maxStayDays: 180,
      monitoringBody: 'Ombudsman',
      acceptedNationalities: ['IQ', 'AF'],
    });
    const [row] = await d.select().from(agreements).where(eq(agreements.reference, 'AGR-1'));
    expect(row!.fixedFeePerYearPence).toBe(5_000_000_000);
    expect(row!.startsOn).toBe('2026-01-01');
    expect(row!.acceptedNationalities).toEqual(['IQ', 'AF']);
    expect(row!.createdAt).toBeInstanceOf(Date);
    const sum = await queryRows<{ total: number }>(
      d,
      sql`select sum(fixed_fee_per_year_pence) as total from agreements`,
    );
    expect(sum[0]!.total).toBe(5_000_000_000);
  });

  it('rolls back every write of a failed transaction', async () => {
    const { db: d } = db().store;
    await expect(
      d.transaction(async (tx) => {
        await tx.insert(people).values({
          reference: 'P-ROLLBACK',
          givenNames: 'A',
          familyName: 'B',
          dateOfBirth: '1990-01-01',
          sex: 'male',
          nationality: 'IQ',
          arrivalDate: '2026-01-01',
          route: 'small_boat',
        });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await d.select().from(people).where(eq(people.reference, 'P-ROLLBACK'));
    expect(rows).toHaveLength(0);
  });

  it('bulk-inserts rows given lazily, chunk by chunk, and a failing later chunk rolls back every chunk', async () => {
    const { db: d } = db().store;
    const person = (i: number) => ({
      reference: `P-BULK-${i}`,
      givenNames: 'Bulk',
      familyName: 'Synthetic',
      dateOfBirth: '1990-01-01',
      sex: 'male',
      nationality: 'IQ',
      arrivalDate: '2026-01-01',
      route: 'small_boat',
    });
    function* lazily(n: number, repeatAt?: number) {
      for (let i = 0; i < n; i++) yield person(i === repeatAt ? 0 : i);
    }
    // 25,000 rows are three chunks; the repeated reference in the third breaks the unique index.
    await expect(d.transaction((tx) => bulkInsert(tx, people, lazily(25_000, 24_000)))).rejects.toThrow();
    const none = await queryRows<{ n: number }>(
      d,
      sql`select count(*)::int as n from people where reference like 'P-BULK-%'`,
    );
    expect(none[0]!.n).toBe(0);
    await d.transaction((tx) => bulkInsert(tx, people, lazily(25_000)));
    const all = await queryRows<{ n: number }>(
      d,
      sql`select count(*)::int as n from people where reference like 'P-BULK-%'`,
    );
    expect(all[0]!.n).toBe(25_000);
  });
});

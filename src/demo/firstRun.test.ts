import { describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { demoToken } from './accounts.ts';
import { seedDemoOnFirstRun } from './firstRun.ts';

const driver = testDrivers()[0]!;

describe(`npm start's first run on ${driver.name}`, () => {
  const db = useTestStore(driver);
  const options = { people: 150, asOf: '2026-11-26' };

  it('does nothing when DEMO_ON_START is off', async () => {
    let printed = '';
    const seeded = await seedDemoOnFirstRun(
      db().store,
      { DEMO_ON_START: false, DEMO_SEED: 7 },
      (t) => void (printed += t),
      options,
    );
    expect(seeded).toBe(false);
    expect(printed).toBe('');
  });

  it('seeds an empty database and prints every demo account with its seed-derived token', async () => {
    let printed = '';
    const seeded = await seedDemoOnFirstRun(
      db().store,
      { DEMO_ON_START: true, DEMO_SEED: 7 },
      (t) => void (printed += t),
      options,
    );
    expect(seeded).toBe(true);
    for (const username of [
      'caseworker',
      'senior',
      'monitor',
      'finance',
      'analyst',
      'admin',
      'partner-al',
      'partner-mk',
    ]) {
      expect(printed).toContain(`${username} `);
    }
    expect(printed).toContain(demoToken(7, 'caseworker'));
    expect(printed).toContain('for the demo only');
  });

  it('leaves a database that already has data alone', async () => {
    const seeded = await seedDemoOnFirstRun(
      db().store,
      { DEMO_ON_START: true, DEMO_SEED: 7 },
      () => undefined,
      options,
    );
    expect(seeded).toBe(false);
  });
});

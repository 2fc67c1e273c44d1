import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { buildTestApp, TEST_NOW, type TestApp } from '../../test/support/app.ts';
import { finallyRefusedCase, hubFor, residentCase } from '../../test/support/factories.ts';
import { emptyDatabase } from '../../test/support/ops.ts';
import { testConfig } from '../config.ts';
import type { Store } from '../store/db.ts';
import type { CliDeps } from './deps.ts';
import { buildProgram } from './program.ts';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function hubs(store: Store, ...args: string[]): Promise<Run> {
  const run: Run = { code: 0, out: '', err: '' };
  const deps: CliDeps = {
    config: () => testConfig(),
    openStore: async () => ({ ...store, close: async () => undefined }),
    out: (t) => void (run.out += t),
    err: (t) => void (run.err += t),
    now: () => TEST_NOW,
    setExitCode: (c) => void (run.code = c),
  };
  await buildProgram(deps)
    .exitOverride()
    .parseAsync(['node', 'hubs', ...args]);
  return run;
}

describe.each(testDrivers())('hubs allocate and hubs ledger on $name', (driver) => {
  const db = useTestStore(driver);
  let t: TestApp;
  let refs: string[];
  beforeAll(async () => {
    await emptyDatabase(db());
    t = await buildTestApp(db().store);
    const hubId = (await hubFor(t, t.partnerIds.own, { places: { single_men: 2 } })).id;
    await residentCase(t, hubId);
    const a = await finallyRefusedCase(t);
    const b = await finallyRefusedCase(t);
    refs = await Promise.all(
      [a, b].map(
        async (x) => (await t.services.cases.get(t.users.caseworker.actor, x.caseId)).case!.reference!,
      ),
    );
  });
  afterAll(async () => t?.close());

  it('prints a dry-run proposal with who is placed where and why the rest are not, storing nothing', async () => {
    const run = await hubs(db().store, 'allocate', '--dry-run');
    expect(run.code).toBe(0);
    expect(run.out).toContain('(dry run, not stored) for 2026-11-26');
    expect(run.out).toContain('1 people placed in 1 households; 1 not placed');
    // Both wait equally long, so either may be the one placed; the other is told why not.
    const [placed, left] = run.out.indexOf(refs[0]!) < run.out.indexOf(refs[1]!) ? refs : [...refs].reverse();
    expect(run.out).toContain(`Placed:\n  ${placed} -> `);
    expect(run.out).toContain(`Not placed:\n  ${left}: Could lawfully go to`);
    expect(await t.services.allocations.list(t.users.caseworker.actor)).toEqual([]);
  });

  it('prints the month’s invoice for a partner', async () => {
    const run = await hubs(
      db().store,
      'ledger',
      'invoice',
      '--partner',
      t.partnerIds.own,
      '--month',
      '2026-11',
    );
    expect(run.code).toBe(0);
    expect(run.out).toContain('arrival fees  £2,500.00');
    expect(run.out).toContain('night fees    £1,350.00'); // 16 to 30 November
  });
});

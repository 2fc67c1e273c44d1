import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { testConfig } from '../config.ts';
import { createServices } from '../services/index.ts';
import { CASE_CSV_COLUMNS, csvLine } from '../services/caseCsv.ts';
import { queryRows } from '../store/db.ts';
import type { Store } from '../store/db.ts';
import type { CliDeps } from './deps.ts';
import { buildProgram } from './program.ts';

const now = () => new Date('2026-11-26T12:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'hubs-cli-'));

interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs `hubs ...args` in-process against the test store. */
async function hubs(store: Store, ...args: string[]): Promise<Run> {
  const run: Run = { code: 0, out: '', err: '' };
  const deps: CliDeps = {
    config: () => testConfig(),
    // The store belongs to the test: commands must not close it.
    openStore: async () => ({ ...store, close: async () => undefined }),
    out: (t) => void (run.out += t),
    err: (t) => void (run.err += t),
    now,
    setExitCode: (c) => void (run.code = c),
  };
  await buildProgram(deps)
    .exitOverride()
    .parseAsync(['node', 'hubs', ...args]);
  return run;
}

const header = CASE_CSV_COLUMNS.map((c) => c.name);
type Row = Partial<Record<(typeof header)[number], string>>;
const row = (r: Row): string => csvLine(header.map((h) => r[h as keyof Row] ?? ''));
const base = (n: number, over: Row = {}): Row => ({
  case_reference: `RH-2026-${String(n).padStart(6, '0')}`,
  person_reference: `P-${String(n).padStart(6, '0')}`,
  given_names: 'Alfa',
  family_name: `Synthetic-${n}`,
  date_of_birth: '1990-01-02',
  sex: 'male',
  nationality: 'AF',
  arrival_date: '2025-06-01',
  route: 'small_boat',
  state: 'AWAITING_DECISION',
  claim_lodged_on: '2025-06-03',
  languages: 'ps;fa',
  ...over,
});
/** A valid file touching every importable state, a household, and a value with a comma and quotes. */
const validFile = (): string =>
  [
    csvLine(header),
    row(base(1, { state: 'ARRIVED', claim_lodged_on: '' })),
    row(base(2, { given_names: 'Bravo, "Jr"', state: 'CLAIM_LODGED' })),
    row(base(3)),
    row(base(4, { state: 'GRANTED', decided_on: '2026-01-10', nationality: 'ER', languages: 'ti' })),
    row(base(5, { state: 'WITHDRAWN' })),
    row(base(6, { state: 'REFUSED', decided_on: '2026-11-20' })),
    row(base(7, { state: 'APPEAL_PENDING', decided_on: '2026-02-01', appeal_lodged_on: '2026-02-10' })),
    row(base(8, { state: 'FINALLY_REFUSED', decided_on: '2025-10-01', finally_refused_on: '2025-10-16' })),
    row(
      base(9, {
        state: 'RETURN_PENDING',
        decided_on: '2025-10-01',
        finally_refused_on: '2025-10-16',
        nationality: 'AL',
        languages: 'sq',
      }),
    ),
    row(
      base(10, {
        state: 'RETURNED',
        decided_on: '2025-10-01',
        finally_refused_on: '2025-10-16',
        nationality: 'IN',
        languages: '',
      }),
    ),
    row(base(11, { state: 'ABSCONDED', absconded_from_state: 'AWAITING_DECISION' })),
    row(
      base(12, {
        household_reference: 'H-000001',
        household_role: 'principal',
        sex: 'female',
        route: 'other',
      }),
    ),
    row(
      base(13, {
        household_reference: 'H-000001',
        household_role: 'child',
        date_of_birth: '2019-05-05',
        sex: 'female',
      }),
    ),
  ].join('');

const count = async (store: Store, table: string): Promise<number> => {
  const [r] = await queryRows<{ n: number }>(store.db, sql.raw(`select count(*)::int as n from ${table}`));
  return Number(r!.n);
};

describe.each(testDrivers())('the hubs CLI on $name', (driver) => {
  const db = useTestStore(driver);
  /** Empties every table, keeping the audit chain's genesis head as the migration leaves it. */
  const reset = async (): Promise<void> => {
    await db().truncate();
    await db().store.db.execute(
      sql`insert into audit_chain_head (id, seq, hash) values (1, 0, ${'0'.repeat(64)}) on conflict do nothing`,
    );
  };

  describe('import cases', () => {
    it.each([
      [
        'a date that does not exist',
        base(3, { date_of_birth: '1990-02-30' }),
        'line 3, column date_of_birth: "1990-02-30" is not a real date',
      ],
      [
        'an unknown nationality',
        base(3, { nationality: 'XX' }),
        'line 3, column nationality: "XX" is not a known nationality',
      ],
      [
        'a duplicate reference',
        base(1, { person_reference: 'P-999' }),
        'line 3, column case_reference: RH-2026-000001 is also on line 2',
      ],
    ])(
      'refuses a file with %s, says where and how to fix it, and writes nothing',
      async (_name, bad, message) => {
        const { store } = db();
        await reset();
        const file = join(dir, 'broken.csv');
        writeFileSync(file, [csvLine(header), row(base(1)), row(bad), row(base(4))].join(''));
        const run = await hubs(store, 'import', 'cases', file);
        expect(run.code).toBe(1);
        expect(run.err).toContain(message);
        expect(run.err).toContain('nothing was imported');
        expect(await count(store, 'people')).toBe(0);
        expect(await count(store, 'audit_events')).toBe(0);
      },
    );

    it('refuses a line with the wrong number of values, as when a comma is not quoted', async () => {
      const { store } = db();
      await reset();
      const file = join(dir, 'columns.csv');
      const unquoted = row(base(2)).replace('Alfa', 'Smith, Jr');
      writeFileSync(file, [csvLine(header), row(base(1)), unquoted].join(''));
      const run = await hubs(store, 'import', 'cases', file);
      expect(run.code).toBe(1);
      expect(run.err).toContain(
        `line 3: the line has ${header.length + 1} values but the header has ${header.length} columns`,
      );
      expect(run.err).toContain('double quotes');
      expect(await count(store, 'cases')).toBe(0);
    });

    it('imports a valid file whole, with quoted commas intact and an audit event per record', async () => {
      const { store } = db();
      await reset();
      const file = join(dir, 'valid.csv');
      writeFileSync(file, validFile());
      const run = await hubs(store, 'import', 'cases', file);
      expect(run).toMatchObject({ code: 0, err: '' });
      expect(run.out).toContain('Imported 13 cases, 13 people and 1 households');
      expect(await count(store, 'cases')).toBe(13);
      expect(await count(store, 'audit_events')).toBe(13 + 1);
      const [bravo] = await queryRows<{ given_names: string }>(
        store.db,
        sql`select given_names from people where reference = 'P-000002'`,
      );
      expect(bravo!.given_names).toBe('Bravo, "Jr"');
      expect((await hubs(store, 'audit', 'verify')).code).toBe(0);
    });

    it('refuses to import references that already exist, and writes nothing more', async () => {
      const { store } = db();
      const file = join(dir, 'valid.csv');
      const before = await count(store, 'audit_events');
      const run = await hubs(store, 'import', 'cases', file);
      expect(run.code).toBe(1);
      expect(run.err).toContain(
        'line 2, column case_reference: a case with reference RH-2026-000001 already exists',
      );
      expect(run.err).toContain(
        'line 13, column household_reference: a household with reference H-000001 already exists',
      );
      expect(await count(store, 'audit_events')).toBe(before);
    });
  });

  it('exports what it imported, and a re-import of the export exports the same again', async () => {
    const { store } = db();
    await reset();
    const input = join(dir, 'round-trip.csv');
    writeFileSync(input, validFile());
    expect((await hubs(store, 'import', 'cases', input)).code).toBe(0);
    const first = join(dir, 'export-1.csv');
    expect((await hubs(store, 'export', 'cases', '--out', first)).code).toBe(0);
    expect(readFileSync(first, 'utf8')).toBe(validFile());

    await reset();
    expect((await hubs(store, 'import', 'cases', first)).code).toBe(0);
    const second = await hubs(store, 'export', 'cases');
    expect(second.out).toBe(validFile());
    expect(await count(store, 'audit_events')).toBe(13 + 1 + 1);
  });

  it('audit verify passes an intact chain and fails, naming the first broken link, once an event is edited', async () => {
    const { store } = db();
    const intact = await hubs(store, 'audit', 'verify');
    expect(intact.code).toBe(0);
    expect(intact.out).toMatch(/^Audit chain intact: 15 events/);

    await store.db.execute(sql`update audit_events set after = '{"tampered": true}'::jsonb where seq = 5`);
    const edited = await hubs(store, 'audit', 'verify');
    expect(edited.code).toBe(1);
    expect(edited.err).toContain('first broken link at event 5');

    await reset();
  });

  it('audit verify catches a deleted event', async () => {
    const { store } = db();
    const input = join(dir, 'for-delete.csv');
    writeFileSync(input, validFile());
    expect((await hubs(store, 'import', 'cases', input)).code).toBe(0);
    await store.db.execute(sql`delete from audit_events where seq = 7`);
    const run = await hubs(store, 'audit', 'verify');
    expect(run.code).toBe(1);
    expect(run.err).toContain('first broken link at event 7');
  });

  it('adds users and issues tokens that authenticate as them', async () => {
    const { store } = db();
    const added = await hubs(store, 'users', 'add', '--username', 'sam', '--role', 'senior_caseworker');
    expect(added.code).toBe(0);
    const issued = await hubs(store, 'users', 'token', 'sam');
    const token = issued.out.trim();
    expect(token).toMatch(/^rh_/);
    const actor = await createServices(store, testConfig(), { now }).users.authenticateToken(token);
    expect(actor?.role).toBe('senior_caseworker');

    const unknown = await hubs(store, 'users', 'token', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('There is no user called nobody');
    const noPartner = await hubs(
      store,
      'users',
      'add',
      '--username',
      'po',
      '--role',
      'partner_officer',
      '--partner',
      'ZZ',
    );
    expect(noPartner.code).toBe(1);
    expect(noPartner.err).toContain('There is no partner ZZ');
  });

  it('acts as a named user only when their role allows it', async () => {
    const { store } = db();
    await hubs(store, 'users', 'add', '--username', 'ana', '--role', 'analyst');
    const run = await hubs(store, 'export', 'cases', '--as', 'ana');
    expect(run.code).toBe(1);
    expect(run.err).toContain('Your role may not');
    expect((await hubs(store, 'export', 'cases', '--as', 'sam')).code).toBe(0);
  });

  it('seeds the demo only into an empty database', async () => {
    const { store } = db();
    const run = await hubs(store, 'demo', 'seed', '--people', '50');
    expect(run.code).toBe(1);
    expect(run.err).toContain('seeds only an empty database');
  });
});

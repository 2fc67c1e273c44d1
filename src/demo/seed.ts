/**
 * Writes the demo caseload into the database: every record through bulk inserts, every record's
 * creation as an audit event, all in one transaction (a failed seed leaves nothing behind).
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../domain/types.ts';
import { SYSTEM_ACTOR } from '../services/context.ts';
import { hashPassword, hashToken } from '../services/users.ts';
import { appendAuditEvents } from '../store/audit.ts';
import type { AuditEventInput } from '../store/audit.ts';
import {
  agreementRow,
  bulkInsert,
  caseRow,
  decisionRow,
  flagRow,
  holdRow,
  householdRow,
  hubRow,
  partnerRow,
  personRow,
  placementRow,
  safetyAssessmentRows,
  transferRow,
} from '../store/bulk.ts';
import type { Store } from '../store/db.ts';
import { queryRows } from '../store/db.ts';
import * as schema from '../store/schema.ts';
import type { DemoUser } from './entities.ts';
import { demoEntities } from './entities.ts';
import { generateDemoCaseload } from './generate.ts';

export interface SeedOptions {
  seed: number;
  /** The demo's "today"; defaults to the real today so assessments and holds look current. */
  asOf?: string;
  people?: number;
  now?: () => Date;
}

export interface SeedResult {
  accounts: DemoUser[];
  counts: Record<string, number>;
}

/** True when nobody and nothing has been recorded yet (no users, no cases). */
export async function isDatabaseEmpty(store: Store): Promise<boolean> {
  const [row] = await queryRows<{ users: number; cases: number }>(
    store.db,
    sql`select (select count(*) from users)::int as users, (select count(*) from cases)::int as cases`,
  );
  return Number(row?.users ?? 0) === 0 && Number(row?.cases ?? 0) === 0;
}

export async function seedDemo(store: Store, options: SeedOptions): Promise<SeedResult> {
  const now = options.now ?? (() => new Date());
  const asOf = options.asOf ?? now().toISOString().slice(0, 10);
  const demo = generateDemoCaseload({ seed: options.seed, asOf, people: options.people });
  const e = demoEntities(demo);
  const actor: Actor = SYSTEM_ACTOR;
  const occurredAt = now();
  const events: AuditEventInput[] = [];
  const created = (
    entityType: string,
    records: readonly { id: string }[],
    view = (r: unknown) => r,
  ): void => {
    for (const r of records) {
      events.push({
        actorId: actor.userId,
        actorRole: actor.role,
        action: `${entityType}.create`,
        entityType,
        entityId: r.id,
        after: { ...(view(r) as object), source: 'demo seed' },
        occurredAt,
      });
    }
  };

  // Hashed before the transaction: argon2 is deliberately slow and holds no database lock.
  const passwordHashes = await Promise.all(e.users.map((u) => hashPassword(u.password)));
  await store.db.transaction(async (tx) => {
    // Partners before users: a partner officer's row points at their partner.
    await bulkInsert(tx, schema.partners, e.partners.map(partnerRow));
    await bulkInsert(
      tx,
      schema.users,
      e.users.map((u, i) => ({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        partnerId: u.partnerId,
        passwordHash: passwordHashes[i]!,
      })),
    );
    await bulkInsert(
      tx,
      schema.apiTokens,
      e.users.map((u) => ({
        userId: u.id,
        tokenHash: hashToken(u.token),
        label: 'demo token (derived from the seed)',
      })),
    );
    await bulkInsert(tx, schema.agreements, e.agreements.map(agreementRow));
    await bulkInsert(tx, schema.safetyAssessments, e.agreements.flatMap(safetyAssessmentRows));
    await bulkInsert(tx, schema.hubs, e.hubs.map(hubRow));
    await bulkInsert(tx, schema.households, e.households.map(householdRow));
    await bulkInsert(tx, schema.people, e.people.map(personRow));
    await bulkInsert(tx, schema.transfers, e.transfers.map(transferRow));
    await bulkInsert(tx, schema.cases, e.cases.map(caseRow));
    await bulkInsert(tx, schema.caseTransitions, e.timeline);
    await bulkInsert(tx, schema.decisions, e.decisions.map(decisionRow));
    await bulkInsert(tx, schema.appeals, e.appeals);
    await bulkInsert(tx, schema.flags, e.flags.map(flagRow));
    await bulkInsert(tx, schema.holds, e.holds.map(holdRow));
    await bulkInsert(tx, schema.hubStays, e.hubStays);
    await bulkInsert(tx, schema.accommodationPlacements, e.placements.map(placementRow));

    created('partner', e.partners);
    // Never put a token or password, even a demo one, into the audit trail.
    created('user', e.users, (u) => {
      const { token: _token, password: _password, ...rest } = u as DemoUser;
      return rest;
    });
    created('agreement', e.agreements);
    created('hub', e.hubs);
    created('household', e.households);
    created('person', e.people);
    created('transfer', e.transfers);
    created('case', e.cases);
    created('case_transition', e.timeline);
    created('decision', e.decisions);
    created('appeal', e.appeals);
    created('flag', e.flags);
    created('hold', e.holds);
    created('hub_stay', e.hubStays);
    created('accommodation_placement', e.placements);
    await appendAuditEvents(tx, events);
  });

  return {
    accounts: e.users,
    counts: {
      people: e.people.length,
      households: e.households.length,
      cases: e.cases.length,
      partners: e.partners.length,
      hubs: e.hubs.length,
      transfers: e.transfers.length,
      placements: e.placements.length,
      auditEvents: events.length,
    },
  };
}

/** The demo accounts as a table for the terminal. */
export function formatDemoAccounts(accounts: readonly DemoUser[]): string {
  const width = Math.max(...accounts.map((a) => a.username.length));
  const roleWidth = Math.max(...accounts.map((a) => a.role.length));
  const passwordWidth = Math.max(...accounts.map((a) => a.password.length));
  return [
    'Demo accounts (passwords and API tokens derived from the demo seed; for the demo only):',
    `  ${'username'.padEnd(width)}  ${'role'.padEnd(roleWidth)}  ${'password'.padEnd(passwordWidth)}  API token`,
    ...accounts.map(
      (a) =>
        `  ${a.username.padEnd(width)}  ${a.role.padEnd(roleWidth)}  ${a.password.padEnd(passwordWidth)}  ${a.token}${a.partnerCountry ? `  (partner ${a.partnerCountry})` : ''}`,
    ),
    'Sign in to the pages with a username and password; call the API with `Authorization: Bearer <token>`.',
  ].join('\n');
}

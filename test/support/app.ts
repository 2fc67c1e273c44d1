/**
 * Builds the real application over a test store, with one user and API token per role, for route
 * tests that go through `app.inject`. Time is pinned (TEST_NOW) unless a clock is passed.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { testConfig, type Config } from '../../src/config.ts';
import { createApp } from '../../src/app.ts';
import { createServices, SYSTEM_ACTOR, type Services } from '../../src/services/index.ts';
import type { Store } from '../../src/store/db.ts';
import { ROLES, type Actor, type Role } from '../../src/domain/types.ts';
import { partners } from '../../src/store/schema.ts';

export const TEST_NOW = new Date('2026-11-26T10:00:00.000Z');

export interface TestUser {
  actor: Actor;
  token: string;
}

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  config: Config;
  /** One user per role; `partner_officer` belongs to `partnerId`, `other_partner_officer` to another. */
  users: Record<Role | 'other_partner_officer', TestUser>;
  /** The two partners the partner officers belong to. */
  partnerIds: { own: string; other: string };
  /** `app.inject` as a role (bearer token set). */
  as(role: Role | 'other_partner_officer', options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

let counter = 0;

export async function buildTestApp(
  store: Store,
  options: { now?: () => Date; config?: Partial<Record<keyof Config, string>> } = {},
): Promise<TestApp> {
  const config = testConfig(options.config);
  const services = createServices(store, config, { now: options.now ?? (() => TEST_NOW) });
  const app = await createApp({ config, services });
  await app.ready();
  const run = `${process.pid}-${++counter}-${Date.now().toString(36)}`;
  const [own, other] = await store.db
    .insert(partners)
    .values([
      { name: `Partner A ${run}`, countryCode: `A${run}` },
      { name: `Partner B ${run}`, countryCode: `B${run}` },
    ])
    .returning({ id: partners.id });
  const partnerIds = { own: own!.id, other: other!.id };
  const users = {} as TestApp['users'];
  for (const role of [...ROLES, 'other_partner_officer'] as const) {
    const isPartner = role === 'partner_officer' || role === 'other_partner_officer';
    const user = await services.users.create(SYSTEM_ACTOR, {
      username: `${role.replace(/_/g, '-')}-${run}`.toLowerCase(),
      displayName: role,
      role: isPartner ? 'partner_officer' : role,
      partnerId:
        role === 'partner_officer'
          ? partnerIds.own
          : role === 'other_partner_officer'
            ? partnerIds.other
            : null,
    });
    const { token } = await services.users.issueToken(SYSTEM_ACTOR, user.id);
    users[role] = { actor: { userId: user.id, role: user.role, partnerId: user.partnerId }, token };
  }
  return {
    app,
    services,
    config,
    users,
    partnerIds,
    as: (role, opts) =>
      app.inject({ ...opts, headers: { ...opts.headers, authorization: `Bearer ${users[role].token}` } }),
    close: () => app.close(),
  };
}

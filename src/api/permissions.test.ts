/**
 * The role × action table (src/domain/permissions.ts), walked cell by cell through the real API.
 * Each action the JSON API exposes has a probe: a request that succeeds when the role holds the
 * action (for a partner officer: on their own partner's resident or hub) and is refused
 * otherwise (403, or 404 where a partner officer must not learn a record exists).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ACTIONS, scopeOf, type Action } from '../domain/permissions.ts';
import { ROLES, type Role } from '../domain/types.ts';
import { WEBHOOK_EVENTS } from '../services/webhooks.ts';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { buildTestApp, type TestApp } from '../../test/support/app.ts';
import {
  allocatedCase,
  DAY,
  finallyRefusedCase,
  hubFor,
  personInput,
  REASONS,
  registeredCase,
} from '../../test/support/factories.ts';

interface ProbeResult {
  res: LightMyRequestResponse;
  /** What success means beyond a 2xx, when the route serves lesser views to other roles. */
  granted?: (res: LightMyRequestResponse) => boolean;
}
type Probe = (t: TestApp, role: Role, world: { hubId: string }) => Promise<ProbeResult>;

const senior = (t: TestApp) => t.users.senior_caseworker.actor;
type Who = Role | 'other_partner_officer';
const post = (t: TestApp, role: Who, url: string, payload: Record<string, unknown>) =>
  t.as(role, { method: 'POST', url, payload });
const transition = (t: TestApp, role: Who, caseId: string, payload: Record<string, unknown>) =>
  post(t, role, `/api/cases/${caseId}/transitions`, payload);
let countrySeq = 0;

const seesNames = (res: LightMyRequestResponse) =>
  res.statusCode === 200 && res.json().person?.givenNames !== undefined;

const probes: Partial<Record<Action, Probe>> = {
  read_person_full: async (t, role) => {
    const { person } = await finallyRefusedCase(t);
    const res = await t.as(role, { method: 'GET', url: `/api/people/${person.id}` });
    return { res, granted: seesNames };
  },
  read_resident_minimised: async (t, role, { hubId }) => {
    const { caseId } = await allocatedCase(t, hubId);
    const res = await t.as(role, { method: 'GET', url: `/api/cases/${caseId}` });
    return { res, granted: seesNames };
  },
  read_person_pseudonymised: async (t, role) => {
    const { caseId } = await finallyRefusedCase(t);
    return { res: await t.as(role, { method: 'GET', url: `/api/cases/${caseId}` }) };
  },
  create_person: async (t, role) => ({ res: await post(t, role, '/api/people', { ...personInput() }) }),
  edit_person: async (t, role) => {
    const { person } = await registeredCase(t);
    return {
      res: await t.as(role, {
        method: 'PATCH',
        url: `/api/people/${person.id}`,
        payload: { languages: ['ku'] },
      }),
    };
  },
  manage_claim: async (t, role) => {
    const { caseId } = await registeredCase(t);
    return {
      res: await transition(t, role, caseId, {
        transition: 'lodgeClaim',
        on: DAY.lodged,
        claimBasis: 'religion',
      }),
    };
  },
  record_decision: async (t, role) => {
    const { caseId } = await registeredCase(t);
    await t.services.cases.transition(senior(t), caseId, {
      transition: 'lodgeClaim',
      on: DAY.lodged,
      claimBasis: 'religion',
    });
    await t.services.cases.transition(senior(t), caseId, {
      transition: 'completeScreening',
      on: DAY.screened,
    });
    return { res: await transition(t, role, caseId, { transition: 'refuse', on: DAY.refused, ...REASONS }) };
  },
  manage_flags: async (t, role) => {
    const { person } = await registeredCase(t);
    return { res: await post(t, role, `/api/people/${person.id}/flags`, { kind: 'torture_survivor' }) };
  },
  manage_holds: async (t, role) => {
    const { caseId } = await registeredCase(t);
    return { res: await post(t, role, `/api/cases/${caseId}/holds`, { kind: 'judicial_review_stay' }) };
  },
  manage_accommodation: async (t, role) => {
    const { person } = await registeredCase(t);
    return {
      res: await post(t, role, '/api/accommodation-placements', {
        personId: person.id,
        kind: 'hotel',
        siteName: 'Airport hotel',
        nightlyCostPence: 14_500,
        startOn: DAY.arrived,
      }),
    };
  },
  manage_return: async (t, role) => {
    const { caseId } = await finallyRefusedCase(t);
    return { res: await transition(t, role, caseId, { transition: 'startReturn', kind: 'voluntary' }) };
  },
  approve_allocation: async (t, role, { hubId }) => {
    const { caseId } = await finallyRefusedCase(t);
    return {
      res: await transition(t, role, caseId, { transition: 'allocateHub', hubId, on: DAY.allocated }),
    };
  },
  propose_allocation: async (t, role) => ({
    res: await post(t, role, '/api/allocation-proposals', { date: DAY.allocated, dryRun: true }),
  }),
  prepare_transfer: async (t, role) => {
    const { caseId } = await finallyRefusedCase(t);
    return {
      res: await transition(t, role, caseId, {
        transition: 'confirmFitnessToTravel',
        assessedBy: 'Dr A',
        on: DAY.fit,
      }),
    };
  },
  schedule_transfer: async (t, role, { hubId }) => {
    const { caseId } = await allocatedCase(t, hubId);
    return {
      res: await transition(t, role, caseId, {
        transition: 'scheduleTransfer',
        on: DAY.scheduled,
        transferId: '00000000-0000-4000-8000-000000000002',
        departureOn: DAY.departure,
      }),
    };
  },
  record_hub_movement: async (t, role, { hubId }) => {
    const { caseId } = await allocatedCase(t, hubId);
    await t.services.cases.transition(senior(t), caseId, {
      transition: 'scheduleTransfer',
      on: DAY.scheduled,
      transferId: '00000000-0000-4000-8000-000000000003',
      departureOn: DAY.departure,
    });
    await t.services.cases.transition(senior(t), caseId, {
      transition: 'recordDeparture',
      on: DAY.departure,
    });
    return {
      res: await transition(t, role, caseId, { transition: 'recordArrivalInHub', on: DAY.arrivedInHub }),
    };
  },
  record_contact: async (t, role, { hubId }) => {
    const { caseId } = await allocatedCase(t, hubId);
    return { res: await transition(t, role, caseId, { transition: 'recordAbscond', on: DAY.scheduled }) };
  },
  read_hubs: async (t, role, { hubId }) => ({
    res: await t.as(role, { method: 'GET', url: `/api/hubs/${hubId}` }),
  }),
  manage_partners: async (t, role) => ({
    res: await post(t, role, '/api/partners', {
      name: 'New partner',
      countryCode: `Q${String.fromCharCode(65 + (countrySeq++ % 26))}`,
    }),
  }),
  record_incident: async (t, role, { hubId }) => ({
    res: await post(t, role, '/api/incidents', {
      hubId,
      kind: 'medical',
      occurredOn: DAY.arrivedInHub,
      description: 'Seen by the hub doctor for a sprained ankle.',
    }),
  }),
  read_incidents: async (t, role, { hubId }) => ({
    res: await t.as(role, { method: 'GET', url: `/api/incidents?hubId=${hubId}` }),
  }),
  read_finance: async (t, role) => ({
    res: await t.as(role, { method: 'GET', url: `/api/partners/${t.partnerIds.own}/invoices/2026-01` }),
  }),
  manage_invoices: async (t, role) => ({
    res: await post(t, role, `/api/partners/${t.partnerIds.own}/invoices/2026-02`, { billed: null }),
  }),
  manage_webhooks: async (t, role) => ({
    res: await post(t, role, '/api/webhooks', {
      partnerId: t.partnerIds.own,
      url: 'http://127.0.0.1:9/hook',
      events: [WEBHOOK_EVENTS[0]],
    }),
  }),
  read_audit: async (t, role) => ({
    res: await t.as(role, { method: 'GET', url: '/api/audit/events?limit=5' }),
  }),
  verify_audit: async (t, role) => ({ res: await t.as(role, { method: 'GET', url: '/api/audit/verify' }) }),
  manage_users: async (t, role) => ({
    res: await post(t, role, '/api/users', {
      username: `made-by-${role.replace(/_/g, '-')}-${countrySeq++}`,
      displayName: 'New user',
      role: 'analyst',
    }),
  }),
};

/** Actions served by other adapters (the CLI, the web pages, the simulator, the ledger). */
const NOT_IN_JSON_API: Action[] = ['read_statistics', 'run_simulations', 'import_cases', 'export_cases'];

const cells = Object.keys(probes).flatMap((action) =>
  ROLES.map((role) => ({
    action: action as Action,
    role,
    granted: scopeOf(role, action as Action) !== false,
  })),
);

it('has a probe for every action the JSON API serves, and names the rest', () => {
  expect([...Object.keys(probes), ...NOT_IN_JSON_API].sort()).toEqual([...ACTIONS].sort());
});

describe.each(testDrivers())('the role × action table through the API on $name', (driver) => {
  const db = useTestStore(driver);
  let t: TestApp;
  let world: { hubId: string };
  beforeAll(async () => {
    t = await buildTestApp(db().store);
    world = { hubId: (await hubFor(t, t.partnerIds.own, { places: { single_men: 1000 } })).id };
  });
  afterAll(async () => t?.close());

  it.each(cells)('$role may $action: $granted', async ({ action, role, granted }) => {
    const { res, granted: isGranted } = await probes[action]!(t, role, world);
    if (granted) {
      expect(res.statusCode, res.body).toBeLessThan(300);
      if (isGranted) expect(isGranted(res)).toBe(true);
    } else if (isGranted && res.statusCode === 200) {
      expect(isGranted(res)).toBe(false);
    } else {
      expect(res.statusCode, res.body).toBe(role === 'partner_officer' && res.statusCode === 404 ? 404 : 403);
    }
  });

  it('gives a partner officer 404, not 403, for another partner’s resident and hub', async () => {
    const { caseId, person } = await allocatedCase(t, world.hubId);
    for (const url of [`/api/cases/${caseId}`, `/api/people/${person.id}`, `/api/hubs/${world.hubId}`]) {
      const res = await t.as('other_partner_officer', { method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
    }
    const arrival = await transition(t, 'other_partner_officer', caseId, {
      transition: 'recordAbscond',
    });
    expect(arrival.statusCode).toBe(404);
  });
});

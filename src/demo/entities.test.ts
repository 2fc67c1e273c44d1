import { describe, expect, it } from 'vitest';
import {
  accommodationPlacementSchema,
  agreementSchema,
  caseSchema,
  decisionRecordSchema,
  flagSchema,
  holdSchema,
  householdSchema,
  hubSchema,
  partnerSchema,
  personSchema,
  transferSchema,
} from '../domain/types.ts';
import { transferBlockers } from '../domain/safeguards.ts';
import { agreementInForce } from '../domain/agreements.ts';
import { demoEntities, demoId } from './entities.ts';
import { generateDemoCaseload } from './generate.ts';

const asOf = '2026-11-26';
const demo = generateDemoCaseload({ seed: 20261126, asOf });
const e = demoEntities(demo);

describe('the demo caseload as domain entities', () => {
  it('derives stable uuids from the seed', () => {
    expect(demoId(1, 'x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(demoId(1, 'x')).toBe(demoId(1, 'x'));
    expect(demoId(1, 'x')).not.toBe(demoId(2, 'x'));
    const ids = [...e.people, ...e.cases, ...e.timeline, ...e.decisions].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ['partners', partnerSchema, e.partners],
    ['agreements', agreementSchema, e.agreements],
    ['hubs', hubSchema, e.hubs],
    ['households', householdSchema, e.households],
    ['people', personSchema, e.people],
    ['cases', caseSchema, e.cases],
    ['decisions', decisionRecordSchema, e.decisions],
    ['flags', flagSchema, e.flags],
    ['holds', holdSchema, e.holds],
    ['transfers', transferSchema, e.transfers],
    ['placements', accommodationPlacementSchema, e.placements],
  ] as const)('gives %s that the domain schema accepts', (_name, schema, records) => {
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(() => (schema as { parse(v: unknown): unknown }).parse(r)).not.toThrow();
  });

  it('names every step of every timeline after a transition in the lifecycle table', () => {
    expect(e.timeline.length).toBeGreaterThan(e.cases.length);
    expect(new Set(e.timeline.map((t) => t.transition))).toContain('allocateHub');
  });

  it('has a demo user for every role, and one partner officer per partner', () => {
    expect(new Set(e.users.map((u) => u.role)).size).toBe(7);
    const officers = e.users.filter((u) => u.role === 'partner_officer');
    expect(officers.map((u) => u.partnerId).sort()).toEqual(e.partners.map((p) => p.id).sort());
  });

  it('leaves no safeguard blocking anyone allocated or scheduled, by the domain’s own transferBlockers', () => {
    const peopleById = new Map(e.people.map((p) => [p.id, p]));
    const hubById = new Map(e.hubs.map((h) => [h.id, h]));
    const onPath = e.cases.filter((c) => c.state === 'HUB_ALLOCATED' || c.state === 'TRANSFER_SCHEDULED');
    expect(onPath.length).toBeGreaterThan(0);
    for (const c of onPath) {
      const person = peopleById.get(c.personId)!;
      const hub = hubById.get(c.allocatedHubId!)!;
      const partner = e.partners.find((p) => p.id === hub.partnerId)!;
      const blockers = transferBlockers({
        person,
        case: c,
        flags: e.flags.filter((f) => f.personId === person.id),
        holds: e.holds.filter((h) => h.caseId === c.id),
        household: [],
        hub,
        partner,
        agreement: agreementInForce(e.agreements, partner.id, asOf),
        date: asOf,
        stage: 'review',
      });
      expect(
        blockers.map((b) => `${b.code}: ${b.explanation}`),
        c.reference,
      ).toEqual([]);
    }
  });
});

/**
 * Invariants under any sequence of API calls (fast-check):
 *  - nobody enters TRANSFER_SCHEDULED or IN_HUB, or departs, while a hold or a safeguarding flag
 *    is active for them (the oracle tracks holds and flags independently of the domain code);
 *  - a hub's residents plus places held never exceed its usable places, even when allocations race
 *    and when everyone's transitions arrive at once (and share a group-commit transaction).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { addDays } from '../domain/calendar.ts';
import { hubUsablePlaces } from '../domain/capacity.ts';
import { UNIT_TYPES } from '../domain/types.ts';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { buildTestApp, type TestApp } from '../../test/support/app.ts';
import { finallyRefusedCase, hubFor } from '../../test/support/factories.ts';
import { cases, hubStays, hubs } from '../store/schema.ts';
import { hubFromRow } from '../store/mappers.ts';

const PEOPLE = 4;
const TRANSITIONS = [
  'allocateHub',
  'cancelAllocation',
  'confirmFitnessToTravel',
  'serveNoticeOfTransfer',
  'scheduleTransfer',
  'withdrawFromTransfer',
  'recordDeparture',
  'recordArrivalInHub',
  'recordOnwardReturn',
  'returnToUk',
  'recordAbscond',
  'recordContactRestored',
  'acceptFreshClaim',
] as const;

type Command =
  | { kind: 'advance'; who: number }
  | { kind: 'transition'; who: number; name: (typeof TRANSITIONS)[number] }
  | { kind: 'raceAllocation'; who: [number, number] }
  /** Everyone takes their next step at once (the transitions share group-commit batches). */
  | { kind: 'burst' }
  | { kind: 'hold'; who: number }
  | { kind: 'liftHold'; who: number }
  | { kind: 'flag'; who: number; flag: 'trafficking_referral' | 'torture_survivor' }
  | { kind: 'closeFlag'; who: number }
  | { kind: 'outOfService'; places: number };

const who = fc.integer({ min: 0, max: PEOPLE - 1 });
const command: fc.Arbitrary<Command> = fc.oneof(
  // Mostly walk one or two people along the transfer path, so sequences reach it often.
  {
    weight: 30,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      who: fc.constantFrom(0, 0, 0, 0, 1, 1, 2, 3),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('transition' as const),
      who,
      name: fc.constantFrom(...TRANSITIONS),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('raceAllocation' as const), who: fc.tuple(who, who) }),
  },
  { weight: 3, arbitrary: fc.constant({ kind: 'burst' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hold' as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('liftHold' as const), who }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('flag' as const),
      who,
      flag: fc.constantFrom('trafficking_referral' as const, 'torture_survivor' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('closeFlag' as const), who }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('outOfService' as const),
      places: fc.integer({ min: 0, max: 2 }),
    }),
  },
);

interface KnownCase {
  state: string;
  fitToTravelConfirmedOn: string | null;
  noticeOfTransferServedOn: string | null;
  departedOn: string | null;
}

/** The next step along the transfer path from what the test last saw of the case. */
function nextStep(c: KnownCase): string {
  switch (c.state) {
    case 'FINALLY_REFUSED':
      return 'allocateHub';
    case 'HUB_ALLOCATED':
      if (!c.fitToTravelConfirmedOn) return 'confirmFitnessToTravel';
      if (!c.noticeOfTransferServedOn) return 'serveNoticeOfTransfer';
      return 'scheduleTransfer';
    case 'TRANSFER_SCHEDULED':
      return c.departedOn ? 'recordArrivalInHub' : 'recordDeparture';
    case 'IN_HUB':
      return 'returnToUk';
    case 'ABSCONDED':
      return 'recordContactRestored';
    default:
      return 'completeScreening';
  }
}

function inputs(name: string, on: string, hubId: string): Record<string, unknown> {
  switch (name) {
    case 'allocateHub':
      return { hubId };
    case 'cancelAllocation':
    case 'withdrawFromTransfer':
      return { reason: 'Property test reason' };
    case 'confirmFitnessToTravel':
      return { assessedBy: 'Dr Property' };
    case 'scheduleTransfer':
      return { transferId: '00000000-0000-4000-8000-00000000000a', departureOn: addDays(on, 8) };
    case 'recordOnwardReturn':
      return { destination: 'IQ', travelDocument: 'passport', kind: 'voluntary' };
    case 'returnToUk':
      return { reason: 'court_order' };
    case 'acceptFreshClaim':
      return { rationale: 'New evidence of risk accepted' };
    default:
      return {};
  }
}

describe.each(testDrivers())('safeguard and capacity invariants on $name', (driver) => {
  const db = useTestStore(driver);
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(db().store);
  });
  afterAll(async () => t?.close());

  async function assertCapacity(hubId: string) {
    const d = db().store.db;
    const [row] = await d.select().from(hubs).where(eq(hubs.id, hubId));
    const usable = hubUsablePlaces(hubFromRow(row!));
    const use = await d
      .select({ unitType: hubStays.unitType, n: sql<number>`count(*)::int` })
      .from(hubStays)
      .where(and(eq(hubStays.hubId, hubId), inArray(hubStays.status, ['allocated', 'arrived'])))
      .groupBy(hubStays.unitType);
    for (const t of UNIT_TYPES) {
      const used = Number(use.find((u) => u.unitType === t)?.n ?? 0);
      expect(used, `${t} places used`).toBeLessThanOrEqual(usable[t]);
    }
    const [resident] = await d
      .select({ n: sql<number>`count(*)::int` })
      .from(cases)
      .where(and(eq(cases.allocatedHubId, hubId), eq(cases.state, 'IN_HUB')));
    expect(Number(resident!.n)).toBeLessThanOrEqual(
      usable.single_men + usable.single_women + usable.families,
    );
  }

  it('holds for any sequence of calls', { timeout: 600_000 }, async () => {
    const reached = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 40 }), async (commands) => {
        const hub = await hubFor(t, t.partnerIds.own, { places: { single_men: 2, single_women: 1 } });
        const world: {
          caseId: string;
          person: { id: string };
          holds: { id: string; version: number }[];
          flags: { id: string; version: number }[];
          known: KnownCase;
        }[] = [];
        for (let i = 0; i < PEOPLE; i++) {
          world.push({
            ...(await finallyRefusedCase(t, { sex: i === 3 ? 'female' : 'male' })),
            holds: [] as { id: string; version: number }[],
            flags: [] as { id: string; version: number }[],
            known: {
              state: 'FINALLY_REFUSED',
              fitToTravelConfirmedOn: null,
              noticeOfTransferServedOn: null,
              departedOn: null,
            },
          });
        }
        let hubVersion = hub.version;
        const send = (
          role: 'senior_caseworker' | 'partner_officer',
          url: string,
          payload: object,
          method = 'POST',
        ) => t.as(role, { method: method as 'POST', url, payload: payload as Record<string, unknown> });
        let day = '2026-11-02';
        for (const cmd of commands) {
          day = addDays(day, 2);
          if (
            cmd.kind === 'transition' ||
            cmd.kind === 'raceAllocation' ||
            cmd.kind === 'advance' ||
            cmd.kind === 'burst'
          ) {
            const movers =
              cmd.kind === 'transition'
                ? [{ who: cmd.who, name: cmd.name as string }]
                : cmd.kind === 'advance'
                  ? [{ who: cmd.who, name: nextStep(world[cmd.who]!.known) }]
                  : cmd.kind === 'burst'
                    ? world.map((w, i) => ({ who: i, name: nextStep(w.known) }))
                    : cmd.who.map((w) => ({ who: w, name: 'allocateHub' }));
            const results = await Promise.all(
              movers.map(({ who: w, name }) =>
                send(
                  name === 'recordArrivalInHub' ? 'partner_officer' : 'senior_caseworker',
                  `/api/cases/${world[w]!.caseId}/transitions`,
                  {
                    transition: name,
                    on: day,
                    ...inputs(name, day, hub.id),
                  },
                ),
              ),
            );
            results.forEach((res, i) => {
              const { who: w, name } = movers[i]!;
              expect([200, 400, 403, 404, 409, 422], res.body).toContain(res.statusCode);
              if (res.statusCode !== 200) return;
              world[w]!.known = res.json().case;
              const state = res.json().case.state as string;
              const entersTransfer =
                name === 'scheduleTransfer' ||
                name === 'recordDeparture' ||
                name === 'recordArrivalInHub' ||
                (name === 'recordContactRestored' && (state === 'TRANSFER_SCHEDULED' || state === 'IN_HUB'));
              if (entersTransfer) reached.add(name);
              if (entersTransfer) {
                expect(world[w]!.holds, `${name} succeeded with a hold active`).toHaveLength(0);
                expect(world[w]!.flags, `${name} succeeded with a safeguarding flag active`).toHaveLength(0);
              }
            });
          } else if (cmd.kind === 'hold') {
            const res = await send('senior_caseworker', `/api/cases/${world[cmd.who]!.caseId}/holds`, {
              kind: 'judicial_review_stay',
              startedOn: day,
            });
            expect(res.statusCode).toBe(201);
            world[cmd.who]!.holds.push({ id: res.json().id, version: res.json().version });
          } else if (cmd.kind === 'liftHold') {
            const hold = world[cmd.who]!.holds.pop();
            if (!hold) continue;
            const res = await send('senior_caseworker', `/api/holds/${hold.id}/lift`, {
              liftedOn: day,
              version: hold.version,
            });
            expect(res.statusCode).toBe(200);
          } else if (cmd.kind === 'flag') {
            const res = await send('senior_caseworker', `/api/people/${world[cmd.who]!.person.id}/flags`, {
              kind: cmd.flag,
              status: 'pending',
              raisedOn: day,
            });
            expect(res.statusCode).toBe(201);
            world[cmd.who]!.flags.push({ id: res.json().id, version: res.json().version });
          } else if (cmd.kind === 'closeFlag') {
            const flag = world[cmd.who]!.flags.pop();
            if (!flag) continue;
            const res = await send(
              'senior_caseworker',
              `/api/flags/${flag.id}`,
              { status: 'negative', closedOn: day, version: flag.version },
              'PATCH',
            );
            expect(res.statusCode).toBe(200);
          } else {
            const res = await t.as('admin', {
              method: 'PATCH',
              url: `/api/hubs/${hub.id}`,
              payload: {
                outOfService: { single_men: cmd.places, single_women: 0, families: 0 },
                version: hubVersion,
              },
            });
            expect([200, 422]).toContain(res.statusCode);
            if (res.statusCode === 200) hubVersion = res.json().version;
          }
          await assertCapacity(hub.id);
        }
      }),
      { numRuns: 12, seed: 20261126 },
    );
    // The sequences must reach the transfer path, or the property says nothing.
    expect([...reached]).toEqual(
      expect.arrayContaining(['recordArrivalInHub', 'recordDeparture', 'scheduleTransfer']),
    );
  });
});

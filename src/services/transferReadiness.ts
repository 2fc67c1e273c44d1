/**
 * The safeguards panel's question: if this person were transferred to each hub today, what would
 * block it? Loads the same facts the lifecycle reads and asks the one pure function,
 * `transferBlockers`, at the allocation stage. (Added for the web pages; the cases service answers
 * only for a hub already allocated.)
 *
 * The case page asks it together with `cases.get` and `cases.timeline`, so all three join the same
 * group-commit batch (src/services/auditedReads.ts): one transaction answers every page waiting, and
 * the panel's statements are shared by the whole batch instead of costing four round trips a page.
 * The panel also answers the case's household (a read of the household, audited as
 * `household.read` like `households.get`). Its blocker checks append no audit event of their own:
 * they are only asked beside `cases.get` for the same page, which records the read of the person's
 * record (and each event takes the chain lock).
 */
import { agreementInForce, agreementYear, type AgreementUse } from '../domain/agreements.ts';
import { NO_PLACES, type HubUse } from '../domain/capacity.ts';
import type { MinimisedRecord } from '../domain/permissions.ts';
import type { Blocker } from '../domain/safeguards.ts';
import { transferBlockers } from '../domain/safeguards.ts';
import type { Actor, Agreement, Case, Hub, Partner, UnitType } from '../domain/types.ts';
import { notFound } from '../errors.ts';
import { loadCaseGraph, subjectsOf, type Subject } from '../store/caseGraph.ts';
import { preparedRows, type Tx } from '../store/db.ts';
import { hubFacts, type HubFacts } from '../store/hubs.ts';
import { caseFromRow, personFromRow } from '../store/mappers.ts';
import type { BatchLoader, ReadOutcome } from './auditedReads.ts';
import { authorise } from './authorise.ts';
import type { ServiceContext } from './context.ts';
import { minimised } from './visibility.ts';

export interface HubReadiness {
  hub: Hub;
  partner: Partner;
  blockers: Blocker[];
}

/** The states in which the safeguards panel is shown: a transfer is the next step. */
export const TRANSFER_PATH_STATES: readonly string[] = [
  'FINALLY_REFUSED',
  'HUB_ALLOCATED',
  'TRANSFER_SCHEDULED',
];

/** What the case page shows beside the case: the household and the safeguards panel. */
export interface CasePanel {
  /** Every member of the person's household (the person too), oldest first; empty without one. */
  household: MinimisedRecord[];
  /** Whether a transfer is the case's next step (only then are hubs checked). */
  onTransferPath: boolean;
  /** Blockers against the allocated hub, or against every open hub before one is allocated. */
  hubChecks: HubReadiness[];
}

interface PanelInput {
  caseId: string;
  /** Check only this hub (open or not) instead of the allocated hub or every open hub. */
  hubId?: string;
  /**
   * The case page's panel: the household too (audited), and hubs only on the transfer path. Without
   * it (`check`), hubs whatever the state and no household.
   */
  page: boolean;
}

/** Case ids are UUIDs: anything else cannot name a case (and must not fail a whole read batch). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Places in use at the hubs and under the partners' agreements in force, in one pass over their
 * stays. Rows are grouped by the person when that person is one of `$5` (the batch's movers), so
 * each case can leave out its own household's stays, exactly as `hubUses`/`agreementUses` with
 * `excludePersonIds` would, without a query per case.
 */
const USES_SQL = `with hs as (
    select hub_id, unit_type, status,
      case when person_id = any($5::uuid[]) then person_id end as mover,
      count(*)::int as n
    from hub_stays
    where hub_id = any($1::uuid[]) and status in ('allocated', 'arrived')
    group by 1, 2, 3, 4
  ), au as (
    select y.partner_id,
      case when s.person_id = any($5::uuid[]) then s.person_id end as mover,
      count(*) filter (where s.status in ('allocated', 'arrived'))::int as residents,
      count(*) filter (where s.status = 'allocated'
        or (s.status in ('arrived', 'departed') and s.arrived_on >= y.f and s.arrived_on < y.t))::int as transfers
    from unnest($2::uuid[], $3::date[], $4::date[]) as y(partner_id, f, t)
    join hubs h on h.partner_id = y.partner_id
    join hub_stays s on s.hub_id = h.id
    group by 1, 2
  )
  select
    (select coalesce(json_agg(hs), '[]') from hs) as "hubs",
    (select coalesce(json_agg(au), '[]') from au) as "agreements"`;

interface UseRows {
  hubs: { hub_id: string; unit_type: string; status: string; mover: string | null; n: number }[];
  agreements: { partner_id: string; mover: string | null; residents: number; transfers: number }[];
}

async function loadUses(
  tx: Tx,
  hubIds: readonly string[],
  inForce: readonly Agreement[],
  date: string,
  movers: readonly string[],
): Promise<UseRows> {
  if (hubIds.length === 0) return { hubs: [], agreements: [] };
  const years = inForce.map((a) => agreementYear(a, date));
  const [row] = await preparedRows<UseRows>(tx, 'readiness_uses_v1', USES_SQL, [
    [...hubIds],
    inForce.map((a) => a.partnerId),
    years.map((y) => y.from),
    years.map((y) => y.to),
    [...movers],
  ]);
  return row!;
}

/**
 * Each case's view of the batch's use rows: everyone's stays but its own movers'. The totals are
 * summed once per batch; a case whose movers hold no place (most) shares them as they are.
 */
function useTables(rows: UseRows) {
  const emptyHub = (): HubUse => ({ occupied: { ...NO_PLACES }, allocatedNotArrived: { ...NO_PLACES } });
  const addHub = (use: HubUse, r: UseRows['hubs'][number], sign: 1 | -1) => {
    const target = r.status === 'arrived' ? use.occupied : use.allocatedNotArrived;
    target[r.unit_type as UnitType] += sign * Number(r.n);
  };
  const addAgreement = (use: AgreementUse, r: UseRows['agreements'][number], sign: 1 | -1) => {
    use.residents += sign * Number(r.residents);
    use.transfersThisYear += sign * Number(r.transfers);
  };
  const hubTotals = new Map<string, HubUse>();
  const agreementTotals = new Map<string, AgreementUse>();
  const moverHubRows = new Map<string, UseRows['hubs']>();
  const moverAgreementRows = new Map<string, UseRows['agreements']>();
  for (const r of rows.hubs) {
    if (!hubTotals.has(r.hub_id)) hubTotals.set(r.hub_id, emptyHub());
    addHub(hubTotals.get(r.hub_id)!, r, 1);
    if (r.mover) moverHubRows.set(r.mover, [...(moverHubRows.get(r.mover) ?? []), r]);
  }
  for (const r of rows.agreements) {
    if (!agreementTotals.has(r.partner_id))
      agreementTotals.set(r.partner_id, { residents: 0, transfersThisYear: 0 });
    addAgreement(agreementTotals.get(r.partner_id)!, r, 1);
    if (r.mover) moverAgreementRows.set(r.mover, [...(moverAgreementRows.get(r.mover) ?? []), r]);
  }
  const copyHub = (use: HubUse): HubUse => ({
    occupied: { ...use.occupied },
    allocatedNotArrived: { ...use.allocatedNotArrived },
  });
  return (movers: readonly string[]) => {
    let hubs = hubTotals;
    let agreements = agreementTotals;
    for (const mover of movers) {
      for (const r of moverHubRows.get(mover) ?? []) {
        if (hubs === hubTotals) hubs = new Map([...hubTotals].map(([k, v]) => [k, copyHub(v)]));
        addHub(hubs.get(r.hub_id)!, r, -1);
      }
      for (const r of moverAgreementRows.get(mover) ?? []) {
        if (agreements === agreementTotals)
          agreements = new Map([...agreementTotals].map(([k, v]) => [k, { ...v }]));
        addAgreement(agreements.get(r.partner_id)!, r, -1);
      }
    }
    return {
      hubUse: (hubId: string): HubUse => hubs.get(hubId) ?? emptyHub(),
      agreementUse: (partnerId: string): AgreementUse =>
        agreements.get(partnerId) ?? { residents: 0, transfersThisYear: 0 },
    };
  };
}

export function transferReadinessService(ctx: ServiceContext) {
  /**
   * Panels, many at once (the batch loader behind `casePanel` and `check`). A handful of statements
   * per batch, whatever its size: the cases' people with households, flags and holds
   * (store/caseGraph.ts); the hubs with partners and agreements; and the places in use.
   */
  const readPanels: BatchLoader<PanelInput, CasePanel> = async (tx, requests) => {
    const date = ctx.today();
    const graph = await loadCaseGraph(tx, [...new Set(requests.map((r) => r.input.caseId))]);
    const found = new Map(graph.cases.map((r) => [r.id, caseFromRow(r)]));
    const subjects = subjectsOf(graph, [...found.values()]);
    const checked = (input: PanelInput, c: Case) =>
      !input.page || TRANSFER_PATH_STATES.includes(c.state ?? '');
    // Which hubs each case is checked against: the one asked for, its allocated hub, or every open hub.
    const hubOf = (input: PanelInput, c: Case) => input.hubId ?? c.allocatedHubId ?? null;
    const wanted = requests.filter((r) => {
      const c = found.get(r.input.caseId);
      return c && subjects.get(c.id) && checked(r.input, c);
    });
    const open = wanted.some((r) => hubOf(r.input, found.get(r.input.caseId)!) === null)
      ? await hubFacts(tx)
      : [];
    const factsById = new Map(open.map((f) => [f.hub.id, f]));
    const single = new Map<string, HubFacts | null>();
    for (const r of wanted) {
      const hubId = hubOf(r.input, found.get(r.input.caseId)!);
      if (hubId === null || single.has(hubId)) continue;
      const known = factsById.get(hubId);
      single.set(hubId, known ?? (UUID.test(hubId) ? ((await hubFacts(tx, hubId))[0] ?? null) : null));
    }
    const factsFor = (input: PanelInput, c: Case): HubFacts[] => {
      const hubId = hubOf(input, c);
      if (hubId === null) return open;
      const f = single.get(hubId);
      return f ? [f] : [];
    };
    const moversOf = (s: Subject) => [s.person.id, ...s.household.map((m) => m.person.id)];
    const allFacts = new Map<string, HubFacts>();
    for (const r of wanted)
      for (const f of factsFor(r.input, found.get(r.input.caseId)!)) allFacts.set(f.hub.id, f);
    const inForce = new Map<string, Agreement | null>();
    for (const f of allFacts.values()) {
      if (!inForce.has(f.partner.id))
        inForce.set(f.partner.id, agreementInForce(f.agreements, f.partner.id, date));
    }
    const usesFor = useTables(
      await loadUses(
        tx,
        [...allFacts.keys()],
        [...inForce.values()].filter((a): a is Agreement => a !== null),
        date,
        [...new Set(wanted.flatMap((r) => moversOf(subjects.get(r.input.caseId)!)))],
      ),
    );
    const peopleByHousehold = new Map<string, ReturnType<typeof personFromRow>[]>();
    for (const row of graph.people) {
      if (!row.householdId) continue;
      const list = peopleByHousehold.get(row.householdId) ?? [];
      list.push(personFromRow(row));
      peopleByHousehold.set(row.householdId, list);
    }

    return requests.map(({ actor, input }): ReadOutcome<CasePanel> => {
      const c = found.get(input.caseId);
      const subject = c ? subjects.get(c.id) : undefined;
      if (!c || !subject) return { error: notFound('case', input.caseId) };
      const householdId = input.page ? subject.person.householdId : null;
      const household = householdId
        ? [...(peopleByHousehold.get(householdId) ?? [])]
            .sort((a, b) => (a.dateOfBirth < b.dateOfBirth ? -1 : a.dateOfBirth > b.dateOfBirth ? 1 : 0))
            .map((person) => minimised(actor, ctx.config, { person }))
        : [];
      const onTransferPath = TRANSFER_PATH_STATES.includes(c.state ?? '');
      let hubChecks: HubReadiness[] = [];
      if (checked(input, c)) {
        const self = { person: subject.person, case: c, flags: subject.flags, holds: subject.holds };
        const { hubUse, agreementUse } = usesFor(moversOf(subject));
        hubChecks = factsFor(input, c).map(({ hub, partner }) => {
          const agreement = inForce.get(partner.id) ?? null;
          const blockers = transferBlockers({
            ...self,
            household: subject.household,
            hub,
            partner,
            agreement,
            date,
            stage: 'allocation',
            use: {
              hub: hubUse(hub.id),
              agreement: agreement ? agreementUse(partner.id) : { residents: 0, transfersThisYear: 0 },
            },
            noticeWorkingDays: ctx.config.NOTICE_WORKING_DAYS,
          });
          return { hub, partner, blockers };
        });
      }
      return {
        value: { household, onTransferPath, hubChecks },
        audit: householdId
          ? { action: 'household.read', entityType: 'household', entityId: householdId }
          : null,
      };
    });
  };

  function read(actor: Actor, input: PanelInput): Promise<CasePanel> {
    authorise(actor, 'read_person_full');
    if (!UUID.test(input.caseId)) return Promise.reject(notFound('case', input.caseId));
    return ctx.auditedRead(readPanels, actor, input);
  }

  return {
    /**
     * The case page's household and safeguards panel, in the same group-commit batch as the
     * `cases.get` and `cases.timeline` asked at the same moment. Reading the household appends
     * `household.read`; the blocker checks append nothing (see the top of this file).
     */
    async casePanel(actor: Actor, caseId: string): Promise<CasePanel> {
      return read(actor, { caseId, page: true });
    },

    /** Blockers against every open hub (or only `hubId`), for a case the actor may read in full. */
    async check(actor: Actor, caseId: string, hubId?: string): Promise<HubReadiness[]> {
      return (await read(actor, { caseId, page: false, ...(hubId ? { hubId } : {}) })).hubChecks;
    },
  };
}

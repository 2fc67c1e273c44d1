/**
 * Hub operations benchmark (`npm run bench:ops`): time to propose an allocation for 2,000 and
 * 20,000 eligible people over 4 partners with 12 hubs (targets: under 2 s and under 15 s).
 * Deterministic instances from a seed; each size is timed in-process (build, the two solver
 * phases) and end to end through the worker thread the API uses.
 */
import type { AllocationHub, AllocationHousehold, AllocationInput } from '../src/domain/allocation.ts';
import { proposalViolations } from '../src/domain/allocation.ts';
import { addDays, addMonths } from '../src/domain/calendar.ts';
import { NO_PLACES } from '../src/domain/capacity.ts';
import type { BilledLine, StayRecord } from '../src/domain/ledger.ts';
import { monthlyInvoice, reconcileInvoice } from '../src/domain/ledger.ts';
import type { TransferSubject } from '../src/domain/safeguards.ts';
import type { Agreement, Case, Partner, Person, Profile } from '../src/domain/types.ts';
import { AllocationSolver, proposeWithHighs } from '../src/services/allocationSolver.ts';
import { RandomStream } from '../src/sim/random.ts';

const DATE = '2026-03-02';
const NATIONALITIES = ['IQ', 'IR', 'ER', 'SD', 'AF', 'SY', 'VN', 'AL', 'RS', 'BA', 'MK'];
const WEIGHTS = [18, 14, 12, 10, 12, 8, 10, 6, 3, 3, 4];

const PARTNERS: Partner[] = [
  { id: 'partner-al', name: 'Albania', countryCode: 'AL' },
  { id: 'partner-rs', name: 'Serbia', countryCode: 'RS' },
  { id: 'partner-ba', name: 'Bosnia and Herzegovina', countryCode: 'BA' },
  { id: 'partner-mk', name: 'North Macedonia', countryCode: 'MK' },
];

function agreementFor(partner: Partner, i: number): Agreement {
  return {
    id: `agreement-${partner.id}`,
    partnerId: partner.id,
    reference: `MOU-${i + 1}`,
    startsOn: '2025-07-01',
    endsOn: null,
    perPersonFeePence: [1_000_000, 850_000, 900_000, 950_000][i]!,
    perNightFeePence: [9_500, 11_000, 10_000, 8_500][i]!,
    fixedFeePerYearPence: 500_000_000,
    maxConcurrentResidents: 100_000,
    maxTransfersPerYear: 100_000,
    acceptedNationalities: [],
    excludedNationalities: i === 1 ? ['VN'] : [],
    acceptedProfiles: [],
    excludedProfiles: ['foreign_national_offender'],
    familiesAllowed: i !== 3,
    maxStayDays: 180,
    safetyAssessments: NATIONALITIES.filter((n) => !(i === 2 && n === 'SY')).flatMap((n) => [
      { nationality: n, profile: null, outcome: 'safe' as const, assessedOn: '2025-06-01', expiresOn: '2026-12-31', reference: null },
      { nationality: n, profile: 'religious_minority' as const, outcome: 'safe' as const, assessedOn: '2025-06-01', expiresOn: '2026-12-31', reference: null },
    ]),
    monitoringBody: 'Independent monitor',
  };
} // prettier-ignore

function pick<T>(rng: RandomStream, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let u = rng.uniform() * total;
  for (let i = 0; i < items.length; i += 1) {
    u -= weights[i]!;
    if (u < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

function subject(id: string, nationality: string, sex: Person['sex'], profiles: Profile[]): TransferSubject {
  const person: Person = {
    id,
    reference: id.toUpperCase(),
    givenNames: 'Given',
    familyName: 'Family',
    dateOfBirth: '1994-01-01',
    sex,
    nationality,
    householdId: null,
    householdRole: null,
    arrivalDate: '2024-05-01',
    route: 'small_boat',
    languages: [],
  };
  const c = {
    id: `case-${id}`,
    reference: `CASE-${id}`,
    personId: id,
    state: 'FINALLY_REFUSED',
    version: 3,
    profiles,
    finallyRefusedOn: '2025-09-01',
    allocatedHubId: null,
    departedOn: null,
    transferScheduledFor: null,
    fitToTravelConfirmedOn: null,
    noticeOfTransferServedOn: null,
    appealWindowEndsOn: '2025-03-17',
  } as unknown as Case;
  return { person, case: c, flags: [], holds: [] };
}

/** `people` eligible people in households (about 1 in 8 a family of 2–4 adults), 12 hubs. */
function instance(people: number, seed: number): AllocationInput {
  const rng = new RandomStream(seed);
  const households: AllocationHousehold[] = [];
  let n = 0;
  while (n < people) {
    const size = Math.min(people - n, rng.uniform() < 0.125 ? 2 + Math.floor(rng.uniform() * 3) : 1);
    const nationality = pick(rng, NATIONALITIES, WEIGHTS);
    const profiles: Profile[] = rng.uniform() < 0.1 ? ['religious_minority'] : [];
    const members = Array.from({ length: size }, (_, m) =>
      subject(
        `p${n + m}`,
        nationality,
        m === 0 ? (rng.uniform() < 0.85 ? 'male' : 'female') : 'female',
        profiles,
      ),
    );
    const month = String(1 + Math.floor(rng.uniform() * 12)).padStart(2, '0');
    households.push({ key: `h${households.length}`, members, priority: `2025-${month}-01` });
    n += size;
  }
  // Room for about three-quarters of them, so capacity binds and the choice matters.
  const perHub = Math.ceil((people * 0.75) / 12);
  const hubs: AllocationHub[] = PARTNERS.flatMap((partner, i) =>
    [0, 1, 2].map((k) => ({
      hub: {
        id: `hub-${partner.countryCode.toLowerCase()}-${k + 1}`,
        partnerId: partner.id,
        name: `${partner.name} ${k + 1}`,
        places: {
          single_men: Math.round(perHub * 0.7),
          single_women: Math.round(perHub * 0.12),
          families: i === 3 ? 0 : Math.round(perHub * 0.18),
        },
        outOfService: { ...NO_PLACES, single_men: k },
        meetsNeeds: [],
        openedOn: '2025-07-01',
        closedOn: null,
      },
      partner,
      agreement: agreementFor(partner, i),
      use: { occupied: NO_PLACES, allocatedNotArrived: NO_PLACES },
    })),
  );
  const agreementUse = Object.fromEntries(
    PARTNERS.map((p) => [p.id, { residents: 0, transfersThisYear: 0 }]),
  );
  return {
    date: DATE,
    households,
    hubs,
    agreementUse,
    transferCostPencePerPerson: {
      'partner-al': 60_000,
      'partner-rs': 75_000,
      'partner-ba': 70_000,
      'partner-mk': 72_000,
    },
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const rows: string[] = [];
const solver = new AllocationSolver();
try {
  // The API keeps one warm solver thread; time its start-up (thread, TypeScript loader, HiGHS
  // WASM) once, apart from the proposals.
  const c0 = performance.now();
  await solver.propose(instance(50, 1));
  const coldStartMs = performance.now() - c0;
  // Warm the JIT in both threads on a different instance, as a long-running service would be.
  await solver.propose(instance(2_000, 2));
  await proposeWithHighs(instance(2_000, 2));
  console.log(`Solver thread cold start (once per process): ${seconds(coldStartMs)}\n`);
  for (const [people, target] of [
    [2_000, 2_000],
    [20_000, 15_000],
  ] as const) {
    const input = instance(people, 20261126);
    const { proposal, model, timings } = await proposeWithHighs(input);
    const inProcess = timings.buildMs + timings.placedMs + timings.costMs;
    const t0 = performance.now();
    const viaWorker = await solver.propose(input);
    const workerMs = performance.now() - t0;
    const problems = proposalViolations(model, proposal);
    if (problems.length > 0) throw new Error(`Proposal breaks limits: ${problems.join('; ')}`);
    if (
      viaWorker.peoplePlaced !== proposal.peoplePlaced ||
      viaWorker.totalCostPence !== proposal.totalCostPence
    ) {
      throw new Error('The worker and in-process proposals differ');
    }
    const variables = model.groups.reduce((k, g) => k + g.options.length, 0);
    rows.push(
      `| ${people.toLocaleString('en-GB')} | ${model.households.length.toLocaleString('en-GB')} | ${model.groups.length} / ${variables} | ` +
        `${seconds(timings.buildMs)} | ${seconds(timings.placedMs)} | ${seconds(timings.costMs)} | ${seconds(inProcess)} | ` +
        `${seconds(workerMs)} | ${workerMs < target ? 'met' : 'MISSED'} (< ${seconds(target)}) | ` +
        `${proposal.peoplePlaced.toLocaleString('en-GB')} placed, £${(proposal.totalCostPence / 100).toLocaleString('en-GB')} |`,
    );
  }
} finally {
  await solver.close();
}

/** A year of monthly statements (and their reconciliation) for 4 partners with 5,000 stays. */
function invoicesBenchmark(): string {
  const rng = new RandomStream(7);
  const agreements = PARTNERS.map((p, i) => agreementFor(p, i));
  const stays: StayRecord[] = Array.from({ length: 5_000 }, (_, i) => {
    const partner = PARTNERS[i % 4]!;
    const arrivedOn = addDays('2025-07-01', Math.floor(rng.uniform() * 365));
    const length = 1 + Math.floor(rng.uniform() * 200);
    return {
      stayId: `s${i}`,
      caseId: `c${i}`,
      partnerId: partner.id,
      hubId: `hub-${partner.countryCode.toLowerCase()}-1`,
      arrivedOn,
      departedOn: rng.uniform() < 0.2 ? null : addDays(arrivedOn, length),
    };
  });
  const t0 = performance.now();
  let lines = 0;
  let total = 0;
  for (const partner of PARTNERS) {
    for (let m = 0; m < 12; m += 1) {
      const month = addMonths('2025-07-01', m).slice(0, 7);
      const statement = monthlyInvoice(partner.id, month, stays, agreements);
      lines += statement.lines.length;
      total += statement.totalPence;
    }
  }
  const t1 = performance.now();
  let anomalies = 0;
  for (const partner of PARTNERS) {
    for (let m = 0; m < 12; m += 1) {
      const month = addMonths('2025-07-01', m).slice(0, 7);
      const invoice = monthlyInvoice(partner.id, month, stays, agreements);
      // The partner's bill as sent: every line as derived, so reconciliation walks every line.
      const billed: BilledLine[] = invoice.lines.map((l) => ({
        kind: l.kind,
        caseId: l.caseId,
        quantity: l.quantity,
        amountPence: l.amountPence,
      }));
      anomalies += reconcileInvoice(invoice, billed, stays, agreements).anomalies;
    }
  }
  const t2 = performance.now();
  return (
    `A year of monthly invoices for 4 partners with 5,000 stays: ${seconds(t1 - t0)} to generate ` +
    `(${lines.toLocaleString('en-GB')} lines, £${(total / 100).toLocaleString('en-GB')}), ${seconds(t2 - t1)} to ` +
    `regenerate and reconcile each against the stay events (${anomalies} anomalies); ` +
    `target under 5 s: ${t1 - t0 < 5_000 ? 'met' : 'MISSED'}.`
  );
}

console.log(
  [
    '| eligible people | households | groups / integer variables | build model | phase 1: most placed | phase 2: least cost | in-process total | via worker (end to end) | target | result |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...rows,
  ].join('\n'),
);

console.log(`\n${invoicesBenchmark()}`);

/**
 * The scenario file: what the simulator is asked to run, as data (MODEL.md "Processes").
 *
 * Every numeric parameter may be written either as a plain number or as a sourced value
 * `{ "value": n, "low": n, "high": n, "source": { publisher, title, date, url }, "judgement": "…" }`.
 * Calibrated scenarios give low, high and source for each parameter; reference scenarios may use
 * plain numbers. Sensitivity runs vary a sourced parameter over its low–high range, the web pages
 * show source and range beside the field, and `--set a.b.c=value` addresses a parameter by its
 * dotted path (see `scenarioParameters`).
 *
 * The schema is strict: an unknown key is refused, shares must sum to 1, rates must not be
 * negative, probabilities must lie in [0, 1], and every problem is reported by its path. Nothing
 * runs on an invalid scenario.
 *
 * Units: time in days unless the name says otherwise (`perYear`, `perMonth`); money in pounds
 * (costs accrue continuously over fractional days, so the simulator keeps pounds as floating point
 * and reports pounds; the casework half keeps integer pence).
 */
import { z } from 'zod';
import type { SimStage } from '../domain/stages.ts';

// ---------------------------------------------------------------------------------------------
// Parameters: a plain number or a sourced value
// ---------------------------------------------------------------------------------------------

/** Where a parameter's value comes from (reference/figures.md). */
export const sourceSchema = z.strictObject({
  /** Who published the figure, e.g. "National Audit Office". */
  publisher: z.string().min(1),
  /** Title of the publication. */
  title: z.string().min(1),
  /** Publication date, ISO `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`). */
  date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD'),
  /** Link to the publication. */
  url: z.url(),
});
export type Source = z.infer<typeof sourceSchema>;

/** A parameter with its central value, optional range and source. */
export const sourcedValueSchema = z.strictObject({
  /** Central value: the one the simulation uses. */
  value: z.number(),
  /** Low end of the plausible range (sensitivity runs use it). */
  low: z.number().optional(),
  /** High end of the plausible range. */
  high: z.number().optional(),
  /** Where the value comes from. */
  source: sourceSchema.optional(),
  /** Set when the value is the modeller's judgement rather than a published figure: says why. */
  judgement: z.string().min(1).optional(),
});
export type SourcedValue = z.infer<typeof sourcedValueSchema>;
export type Param = number | SourcedValue;

interface ParamBounds {
  min?: number;
  max?: number;
  integer?: boolean;
}

/**
 * A numeric parameter with bounds. The bounds apply to value, low and high alike, and
 * low <= value <= high must hold.
 */
export function param(bounds: ParamBounds = { min: 0 }) {
  return z
    .union([z.number(), sourcedValueSchema], {
      error: 'expected a number or a sourced value { value, low?, high?, source?, judgement? }',
    })
    .superRefine((p, ctx) => {
      const check = (x: number, path: (string | number)[]) => {
        if (!Number.isFinite(x)) ctx.addIssue({ code: 'custom', message: 'must be a finite number', path });
        else if (bounds.min !== undefined && x < bounds.min)
          ctx.addIssue({
            code: 'custom',
            message: bounds.min === 0 ? 'must not be negative' : `must be at least ${bounds.min}`,
            path,
          });
        else if (bounds.max !== undefined && x > bounds.max)
          ctx.addIssue({ code: 'custom', message: `must be at most ${bounds.max}`, path });
        else if (bounds.integer && !Number.isInteger(x))
          ctx.addIssue({ code: 'custom', message: 'must be a whole number', path });
      };
      if (typeof p === 'number') return check(p, []);
      check(p.value, ['value']);
      if (p.low !== undefined) check(p.low, ['low']);
      if (p.high !== undefined) check(p.high, ['high']);
      if (p.low !== undefined && p.low > p.value)
        ctx.addIssue({ code: 'custom', message: 'low must not exceed value', path: ['low'] });
      if (p.high !== undefined && p.high < p.value)
        ctx.addIssue({ code: 'custom', message: 'high must not be below value', path: ['high'] });
    });
}

const rate = () => param({ min: 0 });
const share = () => param({ min: 0, max: 1 });
const count = () => param({ min: 0, integer: true });
const money = () => param({ min: 0 });
const isoDate = () => z.iso.date({ error: 'expected a date YYYY-MM-DD' });

/** The value of a parameter, whichever way it was written. */
export const val = (p: Param): number => (typeof p === 'number' ? p : p.value);

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

/**
 * How long a random period lasts, given its mean elsewhere. Exponential unless stated (MODEL.md
 * "Time, randomness, replications"). `gamma` takes a shape (1 = exponential); `lognormal` takes the
 * coefficient of variation (standard deviation / mean).
 */
export const durationSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('exponential') }),
  z.strictObject({ kind: z.literal('gamma'), shape: param({ min: 0.01 }) }),
  z.strictObject({ kind: z.literal('lognormal'), cv: param({ min: 0.01 }) }),
]);
export type Duration = z.infer<typeof durationSchema>;

/** One nationality group (MODEL.md process 1). */
export const groupSchema = z.strictObject({
  /** Share of arrivals in this group; the shares of all groups sum to 1. */
  share: share(),
  /** Probability that an initial decision grants. */
  grantRate: share(),
  /**
   * Optional grant rate per calendar year of the decision, keyed by year ("2024": 0.47); overrides
   * `grantRate` in the years it lists (grant rates move with policy: 76% in 2022, 47% in 2024).
   */
  grantRateByYear: z.record(z.string().regex(/^\d{4}$/, 'expected a year like 2026'), share()).optional(),
  /** Fraction of the group's finally refused people who can be returned home directly from the UK. */
  returnableFraction: share(),
  /** Probability that a hub resident of this group is returned onward from the hub. */
  onwardReturnRate: share(),
  /** Share of the group's arrivals who are vulnerable (never eligible for a hub or relocation). */
  vulnerableShare: share(),
});

/** Arrivals (MODEL.md process 1; deterrence in process 11 scales the small-boat part). */
export const arrivalsSchema = z.strictObject({
  /** People claiming asylum per year (all routes), used when `perCalendarYear` has no entry. */
  perYear: rate(),
  /** Optional rate per calendar year, keyed by year ("2026": 105000); overrides `perYear`. */
  perCalendarYear: z.record(z.string().regex(/^\d{4}$/, 'expected a year like 2026'), rate()).optional(),
  /**
   * Optional 12 monthly multipliers, January first. They are normalised to a mean of 1, so only
   * their shape matters.
   */
  seasonality: z.array(rate()).length(12, 'expected 12 monthly values, January first').optional(),
  /** Share of arrivals who came by small boat (irregular route); the rest came by any other route. */
  smallBoatShare: share(),
});

/** Accommodation (MODEL.md process 2). */
export const accommodationSchema = z.strictObject({
  /** Dispersal places available to people on support. */
  dispersalPlaces: count(),
  /** Cost of a dispersal place per person per night, pounds. */
  dispersalCostPerNight: money(),
  /** Cost of a hotel bed per person per night, pounds. */
  hotelCostPerNight: money(),
  /**
   * Share of people in the asylum process (new arrivals and initial stocks) who take UK asylum
   * accommodation, drawn per person; the rest are in the process but live elsewhere (family,
   * friends), with no hotel or dispersal place and no accommodation cost. 1 if omitted.
   */
  supportedShare: share().optional(),
});

/** One change to the caseworker pool: from this date, this many caseworkers. */
export const caseworkerStepSchema = z.strictObject({
  /** Date the change takes effect. */
  from: isoDate(),
  /** Caseworkers from that date. */
  caseworkers: count(),
});

/** Initial decisions (MODEL.md process 3). */
export const decisionsSchema = z.strictObject({
  /** Caseworkers (decision makers, full-time equivalent) at the start. */
  caseworkers: count(),
  /** Optional changes to the pool by date. A caseworker removed mid-decision finishes it first. */
  schedule: z.array(caseworkerStepSchema).optional(),
  /** Decisions per caseworker per month (a month is 30.4375 days). */
  perCaseworkerPerMonth: param({ min: 0.000001 }),
  /** Distribution of the time one decision takes; exponential if omitted. */
  duration: durationSchema.optional(),
  /** Hazard per year of withdrawing a claim while awaiting a decision (exit WITHDRAWN). */
  withdrawalPerYear: rate().optional(),
  /** Cost of one initial decision, pounds (category `casework`). */
  costPerDecision: money().optional(),
});

/** One change to the tribunal's capacity: from this date, this many determinations a year. */
export const tribunalStepSchema = z.strictObject({
  /** Date the change takes effect. */
  from: isoDate(),
  /** Appeals the tribunal can determine a year from that date. */
  capacityPerYear: rate(),
});

/**
 * A capacity-limited tribunal (First-tier Tribunal, Immigration and Asylum Chamber). It works on
 * at most `capacityPerYear × meanDays / 365` appeals at once, each for a random time of mean
 * `meanDays`, so when it is overloaded it determines `capacityPerYear` appeals a year; appeals
 * beyond that wait in one FIFO queue (still `APPEAL_PENDING`). Omitted: the tribunal has no limit
 * and every appeal simply lasts `meanDays` on average (MODEL.md process 4, as in R1 and R2).
 */
export const tribunalSchema = z.strictObject({
  /** Appeals determined a year when the tribunal is fully loaded (its throughput limit). */
  capacityPerYear: rate(),
  /** Optional changes to the capacity by date. An appeal under way when capacity falls is finished. */
  schedule: z.array(tribunalStepSchema).optional(),
});

/** Appeals (MODEL.md process 4). */
export const appealsSchema = z.strictObject({
  /** Probability that a refused person appeals (lodged at once, at the refusal). */
  appealRate: share(),
  /**
   * Mean time from lodging to determination, days; with a `tribunal`, the time once the tribunal
   * takes the appeal up (waiting in its queue comes on top).
   */
  meanDays: param({ min: 0.000001 }),
  /** Distribution of the appeal time; exponential if omitted. */
  duration: durationSchema.optional(),
  /** Probability that an appeal is allowed (the person is then granted). */
  allowedRate: share(),
  /** Appeal window, days: people who do not appeal become finally refused when it closes. */
  windowDays: rate(),
  /** Cost of one appeal, pounds, charged when lodged (category `appeals`). */
  costPerAppeal: money().optional(),
  /** The tribunal's capacity; omitted: unlimited. */
  tribunal: tribunalSchema.optional(),
});

/** Move-on after a grant (MODEL.md process 5). */
export const moveOnSchema = z.strictObject({
  /** Days a granted person stays on support before leaving it. */
  days: rate(),
});

/** Returns from the UK (MODEL.md process 6). */
export const removalsSchema = z.strictObject({
  /** Removal opportunities per year while anyone is queued (Poisson). */
  perYear: rate(),
  /** Cost of one removal, pounds (category `removals`). */
  costPerRemoval: money(),
});

/** Support rules (MODEL.md "Stages": who is on UK support). */
export const supportSchema = z.strictObject({
  /**
   * Share of people who stay on support when they become finally refused; the rest leave their
   * accommodation at that moment (but stay in the stage). 1 if omitted.
   */
  finallyRefusedOnSupportShare: share().optional(),
});

/**
 * Absconding hazards per year, by stage (MODEL.md process 7): competing with every other event of
 * the stage. Stages not listed: nobody absconds from them.
 */
export const abscondingSchema = z.strictObject({
  perYear: z.strictObject({
    AWAITING_DECISION: rate().optional(),
    REFUSED: rate().optional(),
    APPEAL_PENDING: rate().optional(),
    GRANTED_MOVE_ON: rate().optional(),
    FINALLY_REFUSED: rate().optional(),
    AWAITING_TRANSFER: rate().optional(),
    /** Leaving a hub without trace: the place is freed and hub nights stop. */
    IN_HUB: rate().optional(),
    AWAITING_RELOCATION: rate().optional(),
  } satisfies Record<SimStage, unknown>),
});

/** One partner hub. */
export const hubSiteSchema = z.strictObject({
  /** Places at the hub. */
  places: count(),
  /** Date the hub takes its first transfer. */
  opensOn: isoDate(),
  /** Optional date after which the hub takes no new transfers (residents stay until they leave). */
  closesOn: isoDate().optional(),
  /** Nationality group whose nationals this hub will not take (the hub's own nationals). */
  ownGroup: z.string().optional(),
  /** Fee per person on arrival at the hub, pounds (category `hubFees`). */
  feePerPerson: money(),
  /** Cost per hub night, pounds (category `hubNights`). */
  costPerNight: money(),
  /** Fixed cost per year while open, pounds (category `hubFixed`), accrued daily from opening. */
  fixedCostPerYear: money(),
  /** Transfer (flight and escort) cost per person to this hub, pounds; overrides the scheme's. */
  transferCost: money().optional(),
});

/** Return hubs (MODEL.md process 8). */
export const hubsSchema = z.strictObject({
  /** The partner hubs, by name. A transfer takes the first free place in the order given. */
  sites: z.record(z.string().min(1), hubSiteSchema),
  /** Nationality groups the hubs accept. */
  eligibleGroups: z.array(z.string()).min(1),
  /** When on, people returnable directly from the UK are removed from the UK, not sent to a hub. */
  directReturnFirst: z.boolean(),
  /** Days between a place being found and the transfer (the place is held meanwhile). */
  leadTimeDays: rate(),
  /** Transfer (flight and escort) cost per person, pounds (category `transfers`). */
  transferCost: money(),
  /** Mean stay before the onward-return attempt, days. */
  meanStayDays: param({ min: 0.000001 }),
  /** Distribution of the stay; exponential if omitted. */
  stayDuration: durationSchema.optional(),
  /**
   * Days after arrival at which a person whose onward return failed (or has not happened) is
   * returned to the UK: finally refused, not eligible again.
   */
  maxStayDays: rate(),
  /** Court orders pausing new transfers (Poisson); omitted: none. */
  legalChallenges: z
    .strictObject({
      /** Court orders per year. */
      perYear: rate(),
      /** Mean length of the pause each order causes, days (exponential). */
      meanPauseDays: rate(),
    })
    .optional(),
});

/** Fixed payment on a date (NAO Rwanda structure). */
export const scheduledPaymentSchema = z.strictObject({
  /** Date the payment falls due. */
  on: isoDate(),
  /** Amount, pounds. */
  amount: money(),
});

/** Rwanda-style relocation (MODEL.md process 9). */
export const relocationSchema = z.strictObject({
  /** From this date, non-vulnerable small-boat arrivals are inadmissible and await relocation. */
  startDate: isoDate(),
  /** Relocation slots per year (Poisson while anyone waits). */
  capacityPerYear: rate(),
  /** Optional cap on relocations in total. */
  totalCap: count().optional(),
  /** Payments (category `relocation`). */
  payments: z.strictObject({
    /** Fixed payments on a schedule, due whether or not anyone is relocated. */
    fixed: z.array(scheduledPaymentSchema),
    /** A one-off payment once `afterRelocations` people have been relocated. */
    threshold: z.strictObject({ afterRelocations: count(), amount: money() }).optional(),
    /** Payment to the partner per person relocated. */
    perPerson: money(),
    /** Processing and operating cost per person relocated. */
    processingPerPerson: money(),
    /** Flight (and escort) cost per person relocated. */
    flightPerPerson: money(),
  }),
  /**
   * Whether people never relocated eventually have their claims processed: when true, after
   * `processAfterDays` awaiting relocation they join the decision queue; when false they stay
   * inadmissible indefinitely.
   */
  processIfNotRelocated: z.boolean(),
  /** Days awaiting relocation before the claim is processed (when `processIfNotRelocated`). */
  processAfterDays: rate().optional(),
});

/** Faster processing and the right to work (MODEL.md process 10). */
export const rightToWorkSchema = z.strictObject({
  /** Days awaiting a decision after which a person may work. */
  afterDays: rate(),
  /** Share of those who become self-supporting (leave UK accommodation, stay in the process). */
  selfSupportShare: share(),
  /** Tax paid per self-supporting person per day, pounds (category `taxReceipts`, negative). */
  taxPerDay: money(),
});

export const DETERRENCE_CAVEAT =
  'The Home Office\'s own impact assessment of the Illegal Migration Bill (June 2023) found "little to no evidence" that destination-country policies deter arrivals.';

/** Deterrence (MODEL.md process 11). Off unless `enabled` is true. */
export const deterrenceSchema = z.strictObject({
  /** Whether deterrence is modelled at all. */
  enabled: z.boolean(),
  /** Small-boat arrivals are multiplied by 1 − elasticity × (share of last 12 months' arrivals removed offshore). */
  elasticity: param({ min: 0 }),
  /** The caveat shown beside the lever. */
  caveat: z.string().default(DETERRENCE_CAVEAT),
});

/** People already in the system at the start (MODEL.md process 12). */
export const initialStocksSchema = z.strictObject({
  /** People in each stage at the start; stages not listed start empty. */
  stages: z.strictObject({
    AWAITING_DECISION: count().optional(),
    REFUSED: count().optional(),
    APPEAL_PENDING: count().optional(),
    GRANTED_MOVE_ON: count().optional(),
    FINALLY_REFUSED: count().optional(),
    AWAITING_TRANSFER: count().optional(),
    IN_HUB: count().optional(),
    AWAITING_RELOCATION: count().optional(),
  } satisfies Record<SimStage, unknown>),
  /**
   * How many of the people on support start in hotels; the rest take dispersal places (and any
   * excess over the dispersal places goes to hotels). Omitted: dispersal first.
   */
  inHotels: count().optional(),
});

// ---------------------------------------------------------------------------------------------
// The scenario
// ---------------------------------------------------------------------------------------------

const scenarioObject = z.strictObject({
  /** JSON Schema pointer or comment; ignored. */
  $schema: z.string().optional(),
  /** Short name, as used on the command line (`reference-r1`). */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens'),
  /** Title for people. */
  title: z.string().min(1),
  /** What the scenario is and what it is for. */
  description: z.string().optional(),
  /** Calendar date of day 0. */
  startDate: isoDate(),
  /** Length of the run, days (a year is 365 days). */
  horizonDays: param({ min: 1, integer: true }),
  /** Default root seed (a whole number); `--seed` overrides it. */
  seed: z.number().int().min(0).max(0xffffffff).default(1),
  arrivals: arrivalsSchema,
  /** Nationality groups by name. */
  groups: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _'), groupSchema),
  accommodation: accommodationSchema,
  decisions: decisionsSchema,
  appeals: appealsSchema,
  moveOn: moveOnSchema,
  removals: removalsSchema,
  support: supportSchema.optional(),
  absconding: abscondingSchema,
  /** Return hubs; omitted: none. */
  hubs: hubsSchema.optional(),
  /** Rwanda-style relocation; omitted: none. */
  relocation: relocationSchema.optional(),
  /** Right to work; omitted: none. */
  rightToWork: rightToWorkSchema.optional(),
  /** Deterrence; omitted: off. */
  deterrence: deterrenceSchema.optional(),
  /** People in the system at the start; omitted: start empty. */
  initialStocks: initialStocksSchema.optional(),
});

/** The scenario schema, with the checks that span fields. */
export const scenarioSchema = scenarioObject.superRefine((s, ctx) => {
  const groups = Object.keys(s.groups);
  if (groups.length === 0) ctx.addIssue({ code: 'custom', message: 'at least one group', path: ['groups'] });
  const total = groups.reduce((sum, g) => sum + val(s.groups[g].share), 0);
  if (groups.length > 0 && Math.abs(total - 1) > 1e-6)
    ctx.addIssue({
      code: 'custom',
      message: `group shares must sum to 1 (they sum to ${Number(total.toFixed(6))})`,
      path: ['groups'],
    });
  if (s.hubs) {
    s.hubs.eligibleGroups.forEach((g, i) => {
      if (!groups.includes(g))
        ctx.addIssue({
          code: 'custom',
          message: `unknown group "${g}"; groups are ${groups.join(', ')}`,
          path: ['hubs', 'eligibleGroups', i],
        });
    });
    for (const [name, site] of Object.entries(s.hubs.sites)) {
      if (site.ownGroup !== undefined && !groups.includes(site.ownGroup))
        ctx.addIssue({
          code: 'custom',
          message: `unknown group "${site.ownGroup}"; groups are ${groups.join(', ')}`,
          path: ['hubs', 'sites', name, 'ownGroup'],
        });
      if (site.closesOn !== undefined && site.closesOn < site.opensOn)
        ctx.addIssue({
          code: 'custom',
          message: 'closesOn must not be before opensOn',
          path: ['hubs', 'sites', name, 'closesOn'],
        });
    }
    if (Object.keys(s.hubs.sites).length === 0)
      ctx.addIssue({ code: 'custom', message: 'at least one hub site', path: ['hubs', 'sites'] });
  }
  if (s.relocation?.processIfNotRelocated && s.relocation.processAfterDays === undefined)
    ctx.addIssue({
      code: 'custom',
      message: 'processAfterDays is required when processIfNotRelocated is true',
      path: ['relocation', 'processAfterDays'],
    });
  const inOrder = (sched: readonly { from: string }[], path: string[]) => {
    for (let i = 1; i < sched.length; i++)
      if (sched[i].from < sched[i - 1].from)
        ctx.addIssue({
          code: 'custom',
          message: 'schedule dates must be in order',
          path: [...path, i, 'from'],
        });
  };
  inOrder(s.decisions.schedule ?? [], ['decisions', 'schedule']);
  inOrder(s.appeals.tribunal?.schedule ?? [], ['appeals', 'tribunal', 'schedule']);
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** A scenario that failed validation: `problems` lists each one as `path: message`. */
export class ScenarioError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(problems.length ? `${message}\n  - ${problems.join('\n  - ')}` : message);
    this.name = 'ScenarioError';
  }
}

const formatPath = (path: readonly PropertyKey[]): string =>
  path.length === 0 ? '(scenario)' : path.map((p) => String(p)).join('.');

/** Validate a parsed JSON value as a scenario; throws `ScenarioError` listing every problem. */
export function parseScenario(input: unknown, origin = 'scenario'): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
  throw new ScenarioError(`${origin} is not a valid scenario; nothing was run.`, problems);
}

// ---------------------------------------------------------------------------------------------
// Parameters by path
// ---------------------------------------------------------------------------------------------

/** One numeric parameter of a scenario, found by its dotted path. */
export interface ScenarioParameter {
  path: string;
  value: number;
  low?: number;
  high?: number;
  source?: Source;
  judgement?: string;
}

const isSourced = (x: unknown): x is SourcedValue =>
  typeof x === 'object' &&
  x !== null &&
  !Array.isArray(x) &&
  typeof (x as { value?: unknown }).value === 'number';

/** Every numeric parameter of a scenario, in document order (the seed is not a parameter). */
export function scenarioParameters(scenario: Scenario): ScenarioParameter[] {
  const out: ScenarioParameter[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (typeof node === 'number') {
      out.push({ path: path.join('.'), value: node });
    } else if (isSourced(node)) {
      const p: ScenarioParameter = { path: path.join('.'), value: node.value };
      if (node.low !== undefined) p.low = node.low;
      if (node.high !== undefined) p.high = node.high;
      if (node.source) p.source = node.source;
      if (node.judgement) p.judgement = node.judgement;
      out.push(p);
    } else if (Array.isArray(node)) {
      node.forEach((x, i) => walk(x, [...path, String(i)]));
    } else if (typeof node === 'object' && node !== null) {
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
    }
  };
  for (const [k, v] of Object.entries(scenario)) if (k !== 'seed') walk(v, [k]);
  return out;
}

/**
 * A copy of the scenario with the parameter at `path` set to `value` (keeping its source and
 * range, and widening the range if the new value falls outside it). Throws `ScenarioError` naming
 * the keys that exist when the path is unknown, and re-validates the result.
 */
export function setParameter(scenario: Scenario, path: string, value: number): Scenario {
  const known = scenarioParameters(scenario).map((p) => p.path);
  if (!known.includes(path))
    throw new ScenarioError(`Unknown parameter "${path}".`, [`parameters that exist: ${known.join(', ')}`]);
  const copy = structuredClone(scenario) as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  const current = node[last];
  if (isSourced(current)) {
    const next: SourcedValue = { ...current, value };
    if (next.low !== undefined && next.low > value) next.low = value;
    if (next.high !== undefined && next.high < value) next.high = value;
    node[last] = next;
  } else node[last] = value;
  return parseScenario(copy, `scenario with ${path}=${value}`);
}

/** Apply `key=value` assignments (from `--set`), in order. */
export function applyAssignments(scenario: Scenario, assignments: readonly string[]): Scenario {
  let s = scenario;
  for (const a of assignments) {
    const eq = a.indexOf('=');
    const key = eq < 0 ? a : a.slice(0, eq).trim();
    const raw = eq < 0 ? '' : a.slice(eq + 1).trim();
    const value = Number(raw);
    if (eq < 0 || raw === '' || !Number.isFinite(value))
      throw new ScenarioError(`Cannot read "${a}".`, [
        `write key=value with a number, e.g. decisions.caseworkers=600`,
      ]);
    s = setParameter(s, key, value);
  }
  return s;
}

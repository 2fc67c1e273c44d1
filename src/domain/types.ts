/**
 * The entity types every part of Return Hubs shares (DOMAIN.md). Each is a Zod schema (plain data,
 * no I/O) with its inferred type, so the API, the store and the CLI validate with the same
 * declaration the domain computes with.
 *
 * Conventions: ids are opaque strings; dates are ISO `YYYY-MM-DD` strings (`IsoDate`), instants
 * ISO timestamps; money is integer pence; nationalities and partner countries are ISO 3166-1
 * alpha-2 codes in upper case. Changes to these types are additive.
 */
import { z } from 'zod';
import { CASE_STATES } from './stages.ts';

// ---------------------------------------------------------------------------------------------
// Scalars

export const isoDateSchema = z.iso.date();
/** A calendar date, `YYYY-MM-DD`. Compare with `<`/`>` (lexicographic order is date order). */
export type IsoDate = string;

export const isoDateTimeSchema = z.iso.datetime({ offset: true });
export type IsoDateTime = string;

/** ISO 3166-1 alpha-2, upper case (`AL`, `GB`). */
export const countryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'Use the two-letter ISO 3166-1 alpha-2 country code in capitals, e.g. AL');
export type CountryCode = string;

/** Integer pence, never a float. */
export const penceSchema = z.number().int();
export type Pence = number;

export const idSchema = z.string().min(1);

export const caseStateSchema = z.enum(CASE_STATES);

// ---------------------------------------------------------------------------------------------
// Users

export const ROLES = [
  'caseworker',
  'senior_caseworker',
  'partner_officer',
  'monitor',
  'finance',
  'analyst',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/** Who is acting. A partner officer always has a partnerId; every other role has null. */
export const actorSchema = z.object({
  userId: idSchema,
  role: roleSchema,
  partnerId: idSchema.nullable(),
});
export type Actor = z.infer<typeof actorSchema>;

// ---------------------------------------------------------------------------------------------
// People and households

export const SEXES = ['female', 'male'] as const;
export type Sex = (typeof SEXES)[number];

export const ROUTES = ['small_boat', 'other'] as const;
export type Route = (typeof ROUTES)[number];

export const HOUSEHOLD_ROLES = ['principal', 'partner', 'child', 'other_dependant'] as const;
export type HouseholdRole = (typeof HOUSEHOLD_ROLES)[number];

export const personSchema = z.object({
  id: idSchema,
  /** Home Office style reference, e.g. `RH-2025-000123`. */
  reference: z.string().min(1),
  givenNames: z.string().min(1),
  familyName: z.string().min(1),
  dateOfBirth: isoDateSchema,
  sex: z.enum(SEXES),
  nationality: countryCodeSchema,
  /** Null for someone travelling alone (a household of one). */
  householdId: idSchema.nullable(),
  householdRole: z.enum(HOUSEHOLD_ROLES).nullable(),
  arrivalDate: isoDateSchema,
  route: z.enum(ROUTES),
  /** Languages spoken, free text codes (`ar`, `ku`); needed by hubs to care for the person. */
  languages: z.array(z.string()).default([]),
});
export type Person = z.infer<typeof personSchema>;

export const householdSchema = z.object({
  id: idSchema,
  reference: z.string().min(1),
  principalPersonId: idSchema,
});
export type Household = z.infer<typeof householdSchema>;

// ---------------------------------------------------------------------------------------------
// Risk profiles: used by agreements (accepted/excluded) and by safety assessments

/**
 * A person's profile as far as safety assessments and agreements care. `single_adult` and
 * `family` are derived from the household; the rest are recorded on the case (special-category
 * data: never shown to partner officers).
 */
export const PROFILES = [
  'single_adult',
  'family',
  'lgbtqi',
  'religious_minority',
  'ethnic_minority',
  'political_opponent',
  'woman_at_risk',
  'foreign_national_offender',
] as const;
export type Profile = (typeof PROFILES)[number];
export const profileSchema = z.enum(PROFILES);

// ---------------------------------------------------------------------------------------------
// The case: the claim and its lifecycle

/** Refugee Convention reasons (and "other") for the basis of claim. */
export const CLAIM_BASES = [
  'race',
  'religion',
  'nationality',
  'political_opinion',
  'particular_social_group',
  'article_3_only',
  'other',
] as const;
export type ClaimBasis = (typeof CLAIM_BASES)[number];

export const RETURN_KINDS = ['voluntary', 'enforced'] as const;
export type ReturnKind = (typeof RETURN_KINDS)[number];

export const RETURN_TO_UK_REASONS = [
  'max_stay_reached',
  'court_order',
  'failed_onward_return',
  'other',
] as const;
export type ReturnToUkReason = (typeof RETURN_TO_UK_REASONS)[number];

export const caseSchema = z.object({
  id: idSchema,
  reference: z.string().min(1),
  personId: idSchema,
  state: caseStateSchema,
  /** Optimistic concurrency: bumped by every transition; a write with a stale version is refused. */
  version: z.number().int().min(0),

  // The claim (narrative and persecution detail: never shown to partner officers or monitors)
  claimBasis: z.enum(CLAIM_BASES).nullable(),
  claimNarrative: z.string().nullable(),
  /** Recorded risk profiles (see PROFILES); `single_adult`/`family` are derived, not stored. */
  profiles: z.array(profileSchema).default([]),

  // Dates the lifecycle needs (null until the event happens)
  claimLodgedOn: isoDateSchema.nullable(),
  /** Initial decision date (grant or refusal). */
  decidedOn: isoDateSchema.nullable(),
  grantedOn: isoDateSchema.nullable(),
  withdrawnOn: isoDateSchema.nullable(),
  refusedOn: isoDateSchema.nullable(),
  /** Last day on which an appeal may be lodged against the refusal. */
  appealWindowEndsOn: isoDateSchema.nullable(),
  appealLodgedOn: isoDateSchema.nullable(),
  appealDecidedOn: isoDateSchema.nullable(),
  finallyRefusedOn: isoDateSchema.nullable(),
  /** A fresh claim or further submissions accepted as a fresh claim (Immigration Rules para 353). */
  freshClaimAcceptedOn: isoDateSchema.nullable(),
  fitToTravelConfirmedOn: isoDateSchema.nullable(),
  noticeOfTransferServedOn: isoDateSchema.nullable(),
  allocatedHubId: idSchema.nullable(),
  allocatedOn: isoDateSchema.nullable(),
  transferId: idSchema.nullable(),
  transferScheduledFor: isoDateSchema.nullable(),
  /** The day the person actually departed the UK for the hub. */
  departedOn: isoDateSchema.nullable().default(null),
  arrivedInHubOn: isoDateSchema.nullable(),
  leftHubOn: isoDateSchema.nullable(),
  onwardReturnedOn: isoDateSchema.nullable(),
  returnedToUkOn: isoDateSchema.nullable(),
  returnedToUkReason: z.enum(RETURN_TO_UK_REASONS).nullable(),
  returnStartedOn: isoDateSchema.nullable(),
  returnedOn: isoDateSchema.nullable(),
  returnKind: z.enum(RETURN_KINDS).nullable(),
  /** The state the case was in when contact was lost; the case returns there on contact. */
  abscondedFromState: caseStateSchema.nullable(),
  abscondedOn: isoDateSchema.nullable(),
  updatedAt: isoDateTimeSchema.nullable(),
});
export type Case = z.infer<typeof caseSchema>;

// ---------------------------------------------------------------------------------------------
// Vulnerability flags

export const FLAG_KINDS = [
  'unaccompanied_child',
  'trafficking_referral',
  'torture_survivor',
  'serious_illness',
  'disability',
  'pregnancy',
  'mental_health',
  'age_dispute',
] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

/**
 * `pending`: raised, not yet decided (a National Referral Mechanism referral awaiting a
 * decision, a Rule 35 report awaited); `confirmed`: established (a positive NRM decision);
 * `negative`: decided against; `resolved`: no longer applies.
 */
export const FLAG_STATUSES = ['pending', 'confirmed', 'negative', 'resolved'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

export const flagSchema = z.object({
  id: idSchema,
  personId: idSchema,
  kind: z.enum(FLAG_KINDS),
  status: z.enum(FLAG_STATUSES),
  raisedOn: isoDateSchema,
  /** When status became `negative` or `resolved`. */
  closedOn: isoDateSchema.nullable(),
  /** Pregnancy only: expected date of delivery. */
  dueOn: isoDateSchema.nullable().default(null),
  /** Free-text note (special-category; not shown to partner officers). */
  note: z.string().nullable().default(null),
  raisedBy: idSchema,
});
export type Flag = z.infer<typeof flagSchema>;

// ---------------------------------------------------------------------------------------------
// Holds: court orders and pending submissions that freeze the transfer path

export const HOLD_KINDS = [
  'injunction',
  'judicial_review_stay',
  'further_submissions',
  'fresh_claim',
] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

export const holdSchema = z.object({
  id: idSchema,
  caseId: idSchema,
  kind: z.enum(HOLD_KINDS),
  startedOn: isoDateSchema,
  liftedOn: isoDateSchema.nullable(),
  /** Court or submission reference. */
  reference: z.string().nullable().default(null),
  note: z.string().nullable().default(null),
  recordedBy: idSchema,
});
export type Hold = z.infer<typeof holdSchema>;

// ---------------------------------------------------------------------------------------------
// Partners, agreements, hubs

export const partnerSchema = z.object({
  id: idSchema,
  name: z.string().min(1),
  /** The partner's country: a hub there is never a destination for its own nationals. */
  countryCode: countryCodeSchema,
});
export type Partner = z.infer<typeof partnerSchema>;

export const SAFETY_OUTCOMES = ['safe', 'unsafe'] as const;
export type SafetyOutcome = (typeof SAFETY_OUTCOMES)[number];

/**
 * An assessment that the partner country is safe for people of one nationality (and, when
 * `profile` is set, of that profile). Only in-date `safe` assessments permit a transfer.
 */
export const safetyAssessmentSchema = z.object({
  nationality: countryCodeSchema,
  /** Null: the general assessment for the nationality; set: the assessment for that profile. */
  profile: profileSchema.nullable(),
  outcome: z.enum(SAFETY_OUTCOMES),
  assessedOn: isoDateSchema,
  expiresOn: isoDateSchema,
  reference: z.string().nullable().default(null),
});
export type SafetyAssessment = z.infer<typeof safetyAssessmentSchema>;

export const agreementSchema = z.object({
  id: idSchema,
  partnerId: idSchema,
  reference: z.string().min(1),
  startsOn: isoDateSchema,
  /** Null: open-ended. Inclusive. */
  endsOn: isoDateSchema.nullable(),
  perPersonFeePence: penceSchema.min(0),
  perNightFeePence: penceSchema.min(0),
  fixedFeePerYearPence: penceSchema.min(0),
  maxConcurrentResidents: z.number().int().min(0),
  maxTransfersPerYear: z.number().int().min(0),
  /** Empty: every nationality not excluded. */
  acceptedNationalities: z.array(countryCodeSchema).default([]),
  excludedNationalities: z.array(countryCodeSchema).default([]),
  /** Empty: every profile not excluded. */
  acceptedProfiles: z.array(profileSchema).default([]),
  excludedProfiles: z.array(profileSchema).default([]),
  familiesAllowed: z.boolean().default(false),
  maxStayDays: z.number().int().min(1),
  safetyAssessments: z.array(safetyAssessmentSchema).default([]),
  monitoringBody: z.string().min(1),
});
export type Agreement = z.infer<typeof agreementSchema>;

export const UNIT_TYPES = ['single_men', 'single_women', 'families'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];
export const unitTypeSchema = z.enum(UNIT_TYPES);

/** A count for each unit type. */
export const placesSchema = z.object({
  single_men: z.number().int().min(0),
  single_women: z.number().int().min(0),
  families: z.number().int().min(0),
});
export type Places = z.infer<typeof placesSchema>;

/** Needs a hub can meet; a serious illness or disability flag blocks transfer unless listed. */
export const HUB_NEEDS = ['serious_illness', 'disability', 'mental_health'] as const;
export type HubNeed = (typeof HUB_NEEDS)[number];

export const hubSchema = z.object({
  id: idSchema,
  partnerId: idSchema,
  name: z.string().min(1),
  /** Places in beds (a family of four takes four `families` places). */
  places: placesSchema,
  outOfService: placesSchema,
  meetsNeeds: z.array(z.enum(HUB_NEEDS)).default([]),
  openedOn: isoDateSchema.nullable().default(null),
  closedOn: isoDateSchema.nullable().default(null),
});
export type Hub = z.infer<typeof hubSchema>;

// ---------------------------------------------------------------------------------------------
// UK accommodation

export const ACCOMMODATION_KINDS = ['hotel', 'dispersal', 'large_site'] as const;
export type AccommodationKind = (typeof ACCOMMODATION_KINDS)[number];

export const accommodationPlacementSchema = z.object({
  id: idSchema,
  personId: idSchema,
  kind: z.enum(ACCOMMODATION_KINDS),
  siteName: z.string().min(1),
  nightlyCostPence: penceSchema.min(0),
  startOn: isoDateSchema,
  /** Exclusive: the day the person left (no night charged for it). Null: still there. */
  endOn: isoDateSchema.nullable(),
});
export type AccommodationPlacement = z.infer<typeof accommodationPlacementSchema>;

// ---------------------------------------------------------------------------------------------
// Transfers (flights)

export const TRANSFER_MODES = ['charter', 'scheduled'] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];

export const TRANSFER_STATUSES = ['planned', 'manifest_final', 'departed', 'arrived', 'cancelled'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const transferSchema = z.object({
  id: idSchema,
  hubId: idSchema,
  mode: z.enum(TRANSFER_MODES),
  departureAirport: z.string().min(1),
  arrivalAirport: z.string().min(1),
  departureOn: isoDateSchema,
  seats: z.number().int().min(1),
  escorts: z.number().int().min(0),
  /** Case ids on the manifest; never more than `seats`; households travel together. */
  manifest: z.array(idSchema).default([]),
  status: z.enum(TRANSFER_STATUSES),
});
export type Transfer = z.infer<typeof transferSchema>;

// ---------------------------------------------------------------------------------------------
// Decisions: every decision records its reasons

export const DECISION_KINDS = ['initial', 'appeal', 'fresh_claim', 'allocation', 'transfer'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const DECISION_OUTCOMES = [
  'grant',
  'refuse',
  'allow',
  'dismiss',
  'accept',
  'reject',
  'approve',
] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export const evidenceItemSchema = z.object({
  /** What the evidence is: "Country policy note: Albania, 2025", "Medical report 12 May". */
  description: z.string().trim().min(3),
  /** Document reference, if there is one. */
  reference: z.string().nullable().default(null),
});
export type EvidenceItem = z.infer<typeof evidenceItemSchema>;

export const decisionRecordSchema = z.object({
  id: idSchema,
  caseId: idSchema,
  kind: z.enum(DECISION_KINDS),
  outcome: z.enum(DECISION_OUTCOMES),
  rationale: z.string(),
  evidence: z.array(evidenceItemSchema),
  decidedBy: idSchema,
  decidedOn: isoDateSchema,
});
export type DecisionRecord = z.infer<typeof decisionRecordSchema>;

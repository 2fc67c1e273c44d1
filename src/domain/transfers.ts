/**
 * Transfers and stays as pure rules (issue 5, items 2 and 3): filling a flight's manifest with
 * whole households and never over its seats, what is wrong with a manifest, the incident
 * catalogue, and the maximum-stay timer with its warnings. No I/O: the services load the facts.
 */
import { z } from 'zod';
import { addDays, daysBetween } from './calendar.ts';
import { isoDateSchema, TRANSFER_MODES, type IsoDate } from './types.ts';

/** A three-letter IATA airport code. */
export const airportSchema = z
  .string()
  .trim()
  .regex(/^[A-Z]{3}$/, 'Use the three-letter IATA airport code in capitals, for example LGW');

/** A flight to plan: the API's body and the flight form read the same rules. */
export const newTransferSchema = z
  .strictObject({
    hubId: z.uuid('Choose the hub the flight goes to'),
    mode: z.enum(TRANSFER_MODES, 'Choose charter or scheduled'),
    departureAirport: airportSchema,
    arrivalAirport: airportSchema,
    departureOn: isoDateSchema,
    seats: z
      .number('Enter the number of seats as a whole number')
      .int('Enter the number of seats as a whole number')
      .min(1, 'A flight needs at least 1 seat')
      .max(1000, 'A flight has at most 1,000 seats'),
    escorts: z
      .number('Enter the number of escorts as a whole number')
      .int('Enter the number of escorts as a whole number')
      .min(0, 'Escorts cannot be negative')
      .max(1000, 'A flight has at most 1,000 escorts'),
  })
  .refine((t) => t.departureAirport !== t.arrivalAirport, {
    path: ['arrivalAirport'],
    message: 'The arrival airport must differ from the departure airport',
  });
export type NewTransfer = z.infer<typeof newTransferSchema>;

/** What can happen during a transfer or at a hub that must be recorded. */
export const INCIDENT_KINDS = ['medical', 'self_harm', 'use_of_force', 'escape', 'other'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const INCIDENT_TITLES = {
  medical: 'Medical emergency or illness',
  self_harm: 'Self-harm or attempted self-harm',
  use_of_force: 'Use of force by escorts or staff',
  escape: 'Escape or attempted escape',
  other: 'Other incident',
} as const satisfies Record<IncidentKind, string>;

/** A household waiting to travel: everyone in it goes on the same flight to the same hub. */
export interface TravellingHousehold {
  key: string;
  caseIds: readonly string[];
  hubId: string;
  /** Longest waiting first (e.g. the allocation date); ties by key. */
  priority?: IsoDate | null;
}

export interface ManifestPlan {
  manifest: string[];
  households: string[];
  /** Households left for a later flight, with why. */
  left: { key: string; reason: string }[];
}

/**
 * Fill a flight: households allocated to the flight's hub, longest waiting first, each whole or
 * not at all, never over the seats. A household that does not fit is skipped (a smaller one
 * behind it may still fit), so no seat is wasted that a whole household could use.
 */
export function planManifest(
  flight: { hubId: string; seats: number; manifest?: readonly string[] },
  waiting: readonly TravellingHousehold[],
): ManifestPlan {
  const manifest = [...(flight.manifest ?? [])];
  const onBoard = new Set(manifest);
  const households: string[] = [];
  const left: ManifestPlan['left'] = [];
  const ordered = [...waiting].sort(
    (a, b) =>
      (a.priority ?? '9999').localeCompare(b.priority ?? '9999') ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  for (const h of ordered) {
    if (h.caseIds.every((id) => onBoard.has(id))) continue;
    if (h.hubId !== flight.hubId) {
      left.push({ key: h.key, reason: 'Allocated to a different hub from the flight’s.' });
      continue;
    }
    const missing = h.caseIds.filter((id) => !onBoard.has(id));
    if (manifest.length + missing.length > flight.seats) {
      left.push({
        key: h.key,
        reason: `Needs ${missing.length} seat(s); ${flight.seats - manifest.length} left.`,
      });
      continue;
    }
    for (const id of missing) {
      manifest.push(id);
      onBoard.add(id);
    }
    households.push(h.key);
  }
  return { manifest, households, left };
}

/**
 * What is wrong with a manifest: more people than seats, a household split (some on, some off),
 * or someone allocated to a different hub. Empty when it is sound.
 */
export function manifestProblems(
  flight: { hubId: string; seats: number },
  manifest: readonly string[],
  households: readonly TravellingHousehold[],
): string[] {
  const problems: string[] = [];
  if (new Set(manifest).size !== manifest.length) problems.push('Someone is on the manifest twice.');
  if (manifest.length > flight.seats) {
    problems.push(`The manifest has ${manifest.length} people for ${flight.seats} seats.`);
  }
  const onBoard = new Set(manifest);
  for (const h of households) {
    const on = h.caseIds.filter((id) => onBoard.has(id));
    if (on.length === 0) continue;
    if (on.length < h.caseIds.length) {
      problems.push(
        `Household ${h.key} is split: ${on.length} of ${h.caseIds.length} on this flight. A household travels together.`,
      );
    }
    if (h.hubId !== flight.hubId) {
      problems.push(`Household ${h.key} is allocated to a different hub from the flight’s.`);
    }
  }
  return problems;
}

/** Days before the end of a maximum stay at which the partner officer and caseworker are warned. */
export const MAX_STAY_WARNING_DAYS = [30, 7] as const;

export type MaxStayWarning = 'none' | 'within_30_days' | 'within_7_days' | 'reached';

export interface MaxStayStatus {
  /** The last night the person may stay: arrival + maximum stay (the day they must have left). */
  endsOn: IsoDate;
  daysLeft: number;
  warning: MaxStayWarning;
}

/**
 * The maximum-stay timer: from arrival, the agreement's maximum stay in days. Warned within 30
 * days and within 7 days of the end; `reached` on and after the day the stay must end.
 */
export function maxStayStatus(arrivedOn: IsoDate, maxStayDays: number, today: IsoDate): MaxStayStatus {
  const endsOn = addDays(arrivedOn, maxStayDays);
  const daysLeft = daysBetween(today, endsOn);
  const warning: MaxStayWarning =
    daysLeft <= 0
      ? 'reached'
      : daysLeft <= MAX_STAY_WARNING_DAYS[1]
        ? 'within_7_days'
        : daysLeft <= MAX_STAY_WARNING_DAYS[0]
          ? 'within_30_days'
          : 'none';
  return { endsOn, daysLeft, warning };
}

/** Residents on each date of `[from, to]` from stays (`departedOn` exclusive: no night that day). */
export function dailyOccupancy(
  stays: readonly { arrivedOn: IsoDate; departedOn: IsoDate | null }[],
  from: IsoDate,
  to: IsoDate,
): { date: IsoDate; occupied: number }[] {
  const days = daysBetween(from, to) + 1;
  if (days <= 0) return [];
  const delta = new Int32Array(days + 1);
  for (const s of stays) {
    const start = Math.max(0, daysBetween(from, s.arrivedOn));
    const end = s.departedOn === null ? days : Math.min(days, daysBetween(from, s.departedOn));
    if (start >= end) continue;
    delta[start]! += 1;
    delta[end]! -= 1;
  }
  const out: { date: IsoDate; occupied: number }[] = [];
  let running = 0;
  for (let i = 0; i < days; i += 1) {
    running += delta[i]!;
    out.push({ date: addDays(from, i), occupied: running });
  }
  return out;
}

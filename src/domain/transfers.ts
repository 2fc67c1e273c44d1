/**
 * Flights to hubs (issue 5, "Transfers"): a manifest never exceeds the seats, a household travels
 * together on one flight to one hub, and everyone on it is scheduled for that flight's hub.
 */
import type { Case, Transfer } from './types.ts';

export interface ManifestMember {
  case: Pick<Case, 'id' | 'reference' | 'state' | 'allocatedHubId'>;
  /** The household the person belongs to (their own id when alone). */
  householdKey: string;
}

/**
 * What is wrong with a manifest (empty: it may be finalised). `households` lists every member of
 * each household represented, so that a member left off can be found.
 */
export function manifestProblems(
  transfer: Pick<Transfer, 'seats' | 'hubId' | 'manifest'>,
  members: readonly ManifestMember[],
  households: ReadonlyMap<string, readonly string[]>,
): string[] {
  const problems: string[] = [];
  const onBoard = new Set(transfer.manifest);
  if (onBoard.size !== transfer.manifest.length) problems.push('A person is on the manifest more than once.');
  if (onBoard.size > transfer.seats) {
    problems.push(`The manifest has ${onBoard.size} people for ${transfer.seats} seats.`);
  }
  const byCase = new Map(members.map((m) => [m.case.id, m]));
  for (const caseId of onBoard) {
    const m = byCase.get(caseId);
    if (m === undefined) {
      problems.push(`Case ${caseId} on the manifest is unknown.`);
      continue;
    }
    if (m.case.allocatedHubId !== transfer.hubId) {
      problems.push(
        `${m.case.reference} is allocated to ${m.case.allocatedHubId ?? 'no hub'}, not this flight’s hub.`,
      );
    }
    if (m.case.state !== 'HUB_ALLOCATED' && m.case.state !== 'TRANSFER_SCHEDULED') {
      problems.push(`${m.case.reference} is ${m.case.state}, not waiting to travel.`);
    }
    for (const other of households.get(m.householdKey) ?? []) {
      if (!onBoard.has(other)) {
        problems.push(`${m.case.reference}’s household would be split: case ${other} is not on this flight.`);
      }
    }
  }
  return [...new Set(problems)];
}

/**
 * The lifecycle vocabulary shared by the casework system and the simulator (DOMAIN.md, MODEL.md).
 * One list of names, used twice: casework cases move through `CASE_STATES`; the simulator's
 * per-person stages are a coarser view over the same names plus the simulator-only stages the
 * model needs (a Rwanda-style relocation queue, the move-on period after a grant).
 */
export const CASE_STATES = [
  'ARRIVED',
  'CLAIM_LODGED',
  'AWAITING_DECISION',
  'GRANTED',
  'WITHDRAWN',
  'REFUSED',
  'APPEAL_PENDING',
  'FINALLY_REFUSED',
  'RETURN_PENDING',
  'RETURNED',
  'HUB_ALLOCATED',
  'TRANSFER_SCHEDULED',
  'IN_HUB',
  'ONWARD_RETURNED',
  'RETURNED_TO_UK',
  'ABSCONDED',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** States a case can still leave (ABSCONDED can be left when contact is re-established). */
export const TERMINAL_CASE_STATES = [
  'GRANTED',
  'WITHDRAWN',
  'RETURNED',
  'ONWARD_RETURNED',
] as const satisfies readonly CaseState[];

/** Transfer-path states: a blocker or a hold makes entering or progressing along them impossible. */
export const TRANSFER_PATH_STATES = [
  'HUB_ALLOCATED',
  'TRANSFER_SCHEDULED',
  'IN_HUB',
] as const satisfies readonly CaseState[];

/** Stages of the simulator (MODEL.md "Stages"); the names are the casework names where both exist. */
export const SIM_STAGES = [
  'AWAITING_DECISION',
  'REFUSED',
  'APPEAL_PENDING',
  'GRANTED_MOVE_ON',
  'FINALLY_REFUSED',
  'AWAITING_TRANSFER',
  'IN_HUB',
  'AWAITING_RELOCATION',
] as const satisfies readonly (CaseState | 'GRANTED_MOVE_ON' | 'AWAITING_TRANSFER' | 'AWAITING_RELOCATION')[];
export type SimStage = (typeof SIM_STAGES)[number];

/** Ways out of the simulated system. */
export const SIM_EXITS = [
  'GRANTED',
  'WITHDRAWN',
  'RETURNED',
  'ONWARD_RETURNED',
  'RELOCATED',
  'ABSCONDED',
] as const satisfies readonly (CaseState | 'RELOCATED')[];
export type SimExit = (typeof SIM_EXITS)[number];

/**
 * How a simulator stage reads in casework terms. `AWAITING_TRANSFER` is a finally refused person
 * queued for a hub place (HUB_ALLOCATED once a place is found); `GRANTED_MOVE_ON` is a granted
 * person still on support.
 */
export const simStageToCaseState = {
  AWAITING_DECISION: 'AWAITING_DECISION',
  REFUSED: 'REFUSED',
  APPEAL_PENDING: 'APPEAL_PENDING',
  GRANTED_MOVE_ON: 'GRANTED',
  FINALLY_REFUSED: 'FINALLY_REFUSED',
  AWAITING_TRANSFER: 'FINALLY_REFUSED',
  IN_HUB: 'IN_HUB',
  AWAITING_RELOCATION: 'AWAITING_DECISION',
} as const satisfies Record<SimStage, CaseState>;

/**
 * Worker-thread entry for hub allocation: builds the integer programme, solves it with HiGHS
 * (WASM, single-threaded) in two phases, and reads the proposal back. Running here keeps a
 * 20,000-person solve off the API's event loop.
 */
import type { AllocationInput, AllocationProposal } from '../domain/allocation.ts';
import { proposeWithHighs } from './allocationSolver.ts';

export default async function solveAllocation(input: AllocationInput): Promise<AllocationProposal> {
  return (await proposeWithHighs(input)).proposal;
}

import { describe, expect, it } from 'vitest';
import { CASE_STATES, SIM_STAGES, simStageToCaseState, TRANSFER_PATH_STATES } from './stages.ts';

describe('shared lifecycle vocabulary', () => {
  it('maps every simulator stage onto a casework state', () => {
    for (const stage of SIM_STAGES) expect(CASE_STATES).toContain(simStageToCaseState[stage]);
  });

  it('keeps the transfer path inside the casework states', () => {
    for (const state of TRANSFER_PATH_STATES) expect(CASE_STATES).toContain(state);
  });
});

/**
 * Writes the five calibrated scenario files from the calibration table:
 * `npm run scenarios:write` (then Prettier formats them). Edit `calibration.ts`, not the JSON.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIOS_DIR } from '../catalogue.ts';
import { parseScenario } from '../scenario.ts';
import { buildCalibratedScenarios } from './calibration.ts';

for (const [name, scenario] of Object.entries(buildCalibratedScenarios())) {
  parseScenario(scenario, name);
  const file = join(SCENARIOS_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(scenario, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

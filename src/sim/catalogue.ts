/**
 * Scenario files on disk: `scenarios/*.json` in the package root (found from this file, not from
 * the working directory), or any path to a JSON file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenario, ScenarioError } from './scenario.ts';
import type { Scenario } from './scenario.ts';

/** The folder of shipped scenarios. */
export const SCENARIOS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../scenarios');

/** Names of the shipped scenarios, sorted. */
export function listScenarios(dir = SCENARIOS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/**
 * Load and validate a scenario by name (`reference-r1`) or by path to a JSON file. Throws
 * `ScenarioError` when it cannot be found, is not JSON, or is not valid.
 */
export function loadScenario(nameOrPath: string, dir = SCENARIOS_DIR): Scenario {
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.includes('\\') || nameOrPath.endsWith('.json');
  const file = looksLikePath ? resolve(nameOrPath) : join(dir, `${nameOrPath}.json`);
  if (!existsSync(file))
    throw new ScenarioError(`No scenario "${nameOrPath}".`, [
      `scenarios that exist: ${listScenarios(dir).join(', ') || '(none)'}; or give a path to a JSON file`,
    ]);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ScenarioError(`${file} is not valid JSON; nothing was run.`, [(e as Error).message]);
  }
  return parseScenario(json, file);
}

export interface ScenarioSummary {
  name: string;
  title: string;
  description?: string;
  /** Set when the file does not validate: what is wrong (the scenario cannot be run). */
  problems?: string[];
}

/** Every shipped scenario with its title and description, for pickers and index pages. */
export function describeScenarios(dir = SCENARIOS_DIR): ScenarioSummary[] {
  return listScenarios(dir).map((name) => {
    try {
      const s = loadScenario(name, dir);
      return s.description === undefined
        ? { name, title: s.title }
        : { name, title: s.title, description: s.description };
    } catch (e) {
      return {
        name,
        title: name,
        problems: e instanceof ScenarioError ? e.problems : [(e as Error).message],
      };
    }
  });
}

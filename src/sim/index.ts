/**
 * The simulator's public API, for the CLI and the web pages.
 *
 * - `listScenarios()`, `describeScenarios()`, `loadScenario(nameOrPath)`: shipped scenarios by name
 *   (with titles), or a file.
 * - `parseScenario(json)`: validate a scenario (throws `ScenarioError` listing every problem).
 * - `scenarioParameters(scenario)`: every numeric parameter with path, value, low, high, source.
 * - `applyAssignments(scenario, ['a.b=1'])`, `setParameter(scenario, path, value)`.
 * - `runMonteCarlo(scenario, { replications, seed, workers, onProgress })`: summary and monthly
 *   series with bands.
 * - `compareScenarios(scenarios, options)`, `runSensitivity(scenario, options)`.
 * - `formatResult(result, 'table' | 'json' | 'csv')`.
 */
export { describeScenarios, listScenarios, loadScenario, SCENARIOS_DIR } from './catalogue.ts';
export type { ScenarioSummary } from './catalogue.ts';
export {
  applyAssignments,
  DETERRENCE_CAVEAT,
  parseScenario,
  ScenarioError,
  scenarioParameters,
  scenarioSchema,
  setParameter,
  val,
} from './scenario.ts';
export type { Param, Scenario, ScenarioInput, ScenarioParameter, Source, SourcedValue } from './scenario.ts';
export { runMonteCarlo, SOFTWARE_VERSION } from './montecarlo.ts';
export type { Band, MonteCarloOptions, MonteCarloResult, SeriesBands } from './montecarlo.ts';
export { COMPARISON_MEASURES, compareScenarios } from './compare.ts';
export type { ComparisonColumn } from './compare.ts';
export { runSensitivity, sensitivityPlan, SENSITIVITY_OUTPUTS } from './sensitivity.ts';
export type { SensitivityResult, SensitivityRow } from './sensitivity.ts';
export { formatCount, formatPounds, formatResult, REPORT_FORMATS, resultDocument } from './report.ts';
export type { ReportFormat } from './report.ts';
export { SERIES, SUMMARY_KEYS } from './series.ts';
export type { SeriesName } from './series.ts';

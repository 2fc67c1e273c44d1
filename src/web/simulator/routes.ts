import type { FastifyInstance } from 'fastify';
import type nunjucks from 'nunjucks';
import { AppError } from '../../errors.ts';
import { listScenarios, loadScenario } from '../../sim/catalogue.ts';
import type { MonteCarloResult } from '../../sim/index.ts';
import { ScenarioError, scenarioParameters, setParameter, type Scenario } from '../../sim/scenario.ts';
import { allow } from '../auth.ts';
import { formBody, keepForm, takeForm, type FieldErrors } from '../forms.ts';
import { paths } from '../paths.ts';
import { compactHtml, escapeHtml, formatDate, humanise } from '../views.ts';
import { fieldId, formatNumber, parameterSections } from './parameters.ts';
import {
  comparisonChart,
  comparisonTable,
  formatCount,
  headlineRows,
  resultCharts,
  resultCsv,
} from './results.ts';
import type { SimulationRunner } from './runner.ts';
import type { SimulationRun, SimulationRunRecords } from './runs.ts';

export const SIMULATOR_ROLES = [
  'analyst',
  'admin',
  'caseworker',
  'senior_caseworker',
  'monitor',
  'finance',
] as const;
export const MAX_REPLICATIONS = 200;
export const DEFAULT_REPLICATIONS = 20;

function scenarioOr404(name: string): Scenario {
  if (!listScenarios().includes(name)) throw new AppError('NOT_FOUND', `No scenario called ${name}.`);
  return loadScenario(name);
}

/** Reads the scenario form: every parameter a number, replications and seed whole numbers. */
export function readScenarioForm(
  scenario: Scenario,
  body: Record<string, string | string[]>,
):
  | { scenario: Scenario; replications: number; seed: number; changed: Record<string, number> }
  | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const text = (k: string) =>
    typeof body[k] === 'string' ? (body[k] as string).trim().replace(/,/g, '') : '';
  const whole = (k: string, label: string, min: number, max: number): number => {
    const raw = text(k);
    const n = Number(raw);
    if (raw === '') errors[k] = `Enter the ${label}`;
    else if (!Number.isInteger(n) || n < min || n > max)
      errors[k] = `The ${label} must be a whole number from ${min} to ${max}`;
    return n;
  };
  const replications = whole('replications', 'number of replications', 1, MAX_REPLICATIONS);
  const seed = whole('seed', 'seed', 0, 2 ** 31 - 1);
  let next = scenario;
  const changed: Record<string, number> = {};
  for (const p of scenarioParameters(scenario)) {
    const id = fieldId(p.path);
    // A field the form did not send keeps the scenario's value; an emptied field is an error.
    if (body[id] === undefined) continue;
    const raw = text(id);
    const n = Number(raw);
    if (raw === '' || !Number.isFinite(n)) {
      errors[id] = `Enter a number for ${p.path}, for example ${formatNumber(p.value)}`;
      continue;
    }
    if (n === p.value) continue;
    try {
      next = setParameter(next, p.path, n);
      changed[p.path] = n;
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      const problem = e.problems.find((q) => q.startsWith(`${p.path}:`)) ?? e.problems[0] ?? e.message;
      errors[id] = `${p.path} ${problem.slice(problem.indexOf(':') + 1).trim()}`;
    }
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { scenario: next, replications, seed, changed };
}

export function simulatorRoutes(
  app: FastifyInstance,
  runs: SimulationRunRecords,
  runner: SimulationRunner,
  views: Pick<nunjucks.Environment, 'render'>,
): void {
  const guard = { preHandler: allow(...SIMULATOR_ROLES) };
  // Running a simulation is the analyst's job (permission run_simulations); others read results.
  const runGuard = { preHandler: allow('analyst') };

  app.get(paths.simulator.home.pattern, guard, async (_request, reply) => {
    const scenarios = listScenarios().map((name) => {
      const s = loadScenario(name);
      return { name, title: s.title ?? name, description: s.description ?? '' };
    });
    const recent = await runs.recent(20);
    const scenarioRows = scenarios.map((s) => [
      {
        html: `<a class="govuk-link" href="${paths.simulator.scenario({ scenario: s.name })}">${escapeHtml(s.title)}</a>`,
      },
      { text: s.description },
    ]);
    const runRows = recent.map((r) => [
      {
        html: `<a class="govuk-link" href="${paths.simulator.run({ runId: r.id })}">${escapeHtml(r.options.title)}</a>`,
      },
      { text: String(r.options.replications), format: 'numeric' },
      { text: `${Object.keys(r.options.changed ?? {}).length} changed` },
      { text: humanise(r.status) },
      { text: formatDate(r.createdAt) },
    ]);
    return reply.view('simulator/home.njk', { pageTitle: 'Simulator', scenarioRows, recent, runRows });
  });

  app.get(paths.simulator.scenario.pattern, runGuard, async (request, reply) => {
    const { scenario: name } = request.params as { scenario: string };
    const scenario = scenarioOr404(name);
    const form = takeForm(request, `scenario-${name}`);
    return reply.view('simulator/scenario.njk', {
      pageTitle: `Run ${scenario.title ?? name}`,
      name,
      scenario,
      sections: parameterSections(scenario),
      form,
      errorList: form.errorList,
      defaults: { replications: DEFAULT_REPLICATIONS, seed: scenario.seed },
      backLink: { href: paths.simulator.home(), text: 'Back to the simulator' },
    });
  });

  app.post(paths.simulator.scenario.pattern, runGuard, async (request, reply) => {
    const { scenario: name } = request.params as { scenario: string };
    const scenario = scenarioOr404(name);
    const body = formBody(request);
    const read = readScenarioForm(scenario, body);
    if ('errors' in read) {
      keepForm(request, `scenario-${name}`, body, read.errors);
      return reply.redirect(paths.simulator.scenario({ scenario: name }), 303);
    }
    const run = await runs.create(
      read.scenario,
      {
        scenarioName: name,
        title: scenario.title ?? name,
        replications: read.replications,
        seed: read.seed,
        changed: read.changed,
      },
      request.user?.userId ?? null,
    );
    runner.poke();
    return reply.redirect(paths.simulator.run({ runId: run.id }), 303);
  });

  async function runOr404(runId: string) {
    const run = await runs.get(runId);
    if (!run) throw new AppError('NOT_FOUND', `No simulation run ${runId}.`);
    return run;
  }

  // A finished (DONE) run never changes again, so its summary is kept, and its charts are drawn and
  // their figures (SVG, caption and table of numbers) rendered to HTML, once (a few dozen KB each
  // run). Results are the same for every reader and hold no personal data.
  const drawn = new Map<
    string,
    {
      run: SimulationRun;
      figuresHtml: string;
      headlines: ReturnType<typeof headlineRows>;
    }
  >();
  const drawnFor = (run: SimulationRun) => {
    let entry = drawn.get(run.id);
    if (!entry) {
      const result = run.result as MonteCarloResult;
      const { result: _result, scenario: _scenario, ...summary } = run;
      entry = {
        run: summary as SimulationRun,
        figuresHtml: compactHtml(views.render('simulator/figures.njk', { charts: resultCharts(result) })),
        headlines: headlineRows(result),
      };
      drawn.set(run.id, entry);
      if (drawn.size > 50) drawn.delete(drawn.keys().next().value!);
    }
    return entry;
  };

  app.get(paths.simulator.run.pattern, guard, async (request, reply) => {
    const { runId } = request.params as { runId: string };
    let result = drawn.get(runId) ?? null;
    const run = result?.run ?? (await runs.meta(runId));
    if (!run) throw new AppError('NOT_FOUND', `No simulation run ${runId}.`);
    if (run.status === 'DONE' && !result) {
      const full = await runOr404(runId);
      if (full.status === 'DONE') result = drawnFor(full);
    }
    return reply.view('simulator/run.njk', {
      pageTitle: `${run.options.title}: ${run.status === 'DONE' ? 'results' : 'run in progress'}`,
      run,
      percent: Math.round(run.progress * 100),
      figuresHtml: result?.figuresHtml ?? '',
      headlines: result?.headlines ?? [],
      changed: Object.entries(run.options.changed ?? {}).map(([path, value]) => ({
        path,
        value: formatNumber(value),
      })),
      backLink: { href: paths.simulator.home(), text: 'Back to the simulator' },
    });
  });

  app.get(paths.simulator.runStatus.pattern, guard, async (request) => {
    const { runId } = request.params as { runId: string };
    const run = await runs.meta(runId);
    if (!run) throw new AppError('NOT_FOUND', `No simulation run ${runId}.`);
    return { status: run.status, progress: run.progress, error: run.error };
  });

  async function finishedRun(runId: string) {
    const run = await runOr404(runId);
    if (run.status !== 'DONE')
      throw new AppError('NOT_FOUND', 'This run has no results yet. Wait for it to finish.');
    return { run, result: run.result as MonteCarloResult };
  }

  app.get(paths.simulator.runCsv.pattern, guard, async (request, reply) => {
    const { runId } = request.params as { runId: string };
    const { result } = await finishedRun(runId);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="simulation-${runId}.csv"`)
      .send(resultCsv(result));
  });

  app.get(paths.simulator.runJson.pattern, guard, async (request, reply) => {
    const { runId } = request.params as { runId: string };
    const { run, result } = await finishedRun(runId);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="simulation-${runId}.json"`)
      .send(JSON.stringify({ id: run.id, options: run.options, scenario: run.scenario, result }));
  });

  app.get(paths.simulator.compare.pattern, guard, async (request, reply) => {
    const query = request.query as { run?: string | string[] };
    const ids = [query.run ?? []].flat().slice(0, 6);
    const chosen = (await runs.many(ids)).filter((r) => r.status === 'DONE');
    const recent = (await runs.recent(30)).filter((r) => r.status === 'DONE');
    const compared = chosen.map((r, i) => ({
      title: `${i + 1}. ${r.options.title}${Object.keys(r.options.changed ?? {}).length ? ' (changed)' : ''}`,
      result: r.result as MonteCarloResult,
      run: r,
    }));
    const errorList =
      ids.length > 0 && compared.length < 2
        ? [{ text: 'Select at least two finished runs to compare', href: '#run' }]
        : [];
    const items = recent.map((r) => ({
      value: r.id,
      text: `${r.options.title} – ${r.options.replications} replications, ${Object.keys(r.options.changed ?? {}).length} parameters changed, ${formatDate(r.createdAt)}`,
      checked: ids.includes(r.id),
    }));
    return reply.view('simulator/compare.njk', {
      pageTitle: 'Compare schemes',
      items,
      selected: ids,
      compared,
      errorList,
      table: compared.length >= 2 ? comparisonTable(compared) : null,
      charts:
        compared.length >= 2
          ? [
              comparisonChart(
                'cmp-cost',
                'Cumulative total cost',
                'totalCost',
                compared,
                1e6,
                '£ millions',
                (n) => `£${n.toFixed(1)}m`,
              ),
              comparisonChart('cmp-hotel', 'People in hotels', 'hotel', compared, 1, 'People', formatCount),
              comparisonChart(
                'cmp-waiting',
                'People awaiting a decision',
                'awaitingDecision',
                compared,
                1,
                'People',
                formatCount,
              ),
            ]
          : [],
      backLink: { href: paths.simulator.home(), text: 'Back to the simulator' },
    });
  });
}

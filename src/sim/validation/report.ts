/**
 * Prints the numbers behind docs/validation.md as Markdown tables:
 * `node --import ./bin/register-ts.js src/sim/validation/report.ts [replications]` (default 20).
 */
import '../v8-flags.ts';
import { loadScenario } from '../catalogue.ts';
import {
  breakEvenDeterrence,
  HOTEL_SHARE_JUNE_2023,
  IMPACT_ASSESSMENT as IA,
  relocationCostPerPersonFromScenario,
  ukCostPerPersonFromScenario,
} from './break-even.ts';
import { BACKTEST_DECISION_PERIODS, BACKTEST_INPUTS } from './backtest.ts';
import { meanAbsoluteError, runBacktest, runNaoCheck, runSupportCostCheck } from './model-checks.ts';
import type { BacktestRow } from './model-checks.ts';
import { costOfRelocations, NAO_FIRST_300 } from './nao-rwanda.ts';

const replications = Number(process.argv[2] ?? 20);
const gbp = (x: number) => `£${Math.round(x).toLocaleString('en-GB')}`;
const gbpm = (x: number) => `£${(x / 1e6).toFixed(2)}m`;
const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
const int = (x: number) => Math.round(x).toLocaleString('en-GB');
const out: string[] = [];
const line = (s = '') => out.push(s);

// (a)
const statusQuo = loadScenario('status-quo');
const rwanda = loadScenario('rwanda');
const ukFromScenario = ukCostPerPersonFromScenario(statusQuo, IA.yearsInSystem, HOTEL_SHARE_JUNE_2023);
const relocationFromScenario = relocationCostPerPersonFromScenario(rwanda);
const support = runSupportCostCheck(IA.yearsInSystem, 2);
line('### (a) Break-even deterrence');
line();
line('| Relocation cost C | UK cost S | Basis | Break-even 1 − S/C | Published |');
line('|---|---|---|---|---|');
const row = (c: number, s: number, basis: string, published: string) =>
  line(`| ${gbp(c)} | ${gbp(s)} | ${basis} | ${pct(breakEvenDeterrence(c, s))} | ${published} |`);
row(IA.relocationCostPerPerson, IA.ukCostPerPerson, 'Home Office IA', '37%');
row(IA.relocationCostPerPerson, IA.ukCostPerPersonIfTrendsContinue, 'IA, costs keep rising', '2%');
row(
  IA.relocationCostPerPerson,
  (IA.ukCostPerPerson * 3) / 4,
  'IA, 3 years instead of 4',
  '50% (Kent Law Clinic)',
);
row(
  IA.relocationCostPerPerson,
  ukFromScenario,
  `status-quo nightly costs at the June 2023 hotel share ${pct(HOTEL_SHARE_JUNE_2023)}, 4 years`,
  '(reproduces 37%)',
);
row(relocationFromScenario, ukFromScenario, 'rwanda per-person cost (NAO structure) vs the row above', '–');
row(
  IA.relocationCostPerPerson,
  support.ukCostPerPerson,
  `status-quo model, first-year mix (${gbp(support.costPerNight)} a night, ${pct(support.hotelShare)} in hotels), 4 years`,
  '–',
);
row(
  relocationFromScenario,
  support.ukCostPerPerson,
  'rwanda per-person cost vs the model first-year mix',
  '–',
);
line();

// (b)
const nao = runNaoCheck();
const arithmetic = costOfRelocations(rwanda, 300);
line('### (b) NAO: the first 300 Rwanda relocations');
line();
line('| Item | Arithmetic (rwanda scenario) | Model run (cap 300) |');
line('|---|---|---|');
line(`| Fixed payments | ${gbpm(arithmetic.fixed)} | |`);
line(`| Threshold payment after 300 | ${gbpm(arithmetic.threshold)} | |`);
line(`| 300 × £20,000 per person | ${gbpm(arithmetic.perPerson)} | |`);
line(`| 300 × £150,874 processing | ${gbpm(arithmetic.processing)} | |`);
line(`| **NAO basis** | **${gbpm(arithmetic.naoBasis)}** | **${gbpm(nao.modelNaoBasis)}** |`);
line(`| 300 × £11,000 flights | ${gbpm(arithmetic.flights)} | |`);
line(`| Total charged to \`costRelocation\` | ${gbpm(arithmetic.total)} | ${gbpm(nao.modelCost)} |`);
line();
line(
  `NAO: ${gbpm(NAO_FIRST_300)}. Model: ${int(nao.relocations)} relocations by ${nao.horizonDate}; difference ${gbp(nao.modelNaoBasis - NAO_FIRST_300)}.`,
);
line();

// (c)
const bt = runBacktest(replications);
const source = (r: BacktestRow) => {
  const s = r.source;
  const text = `${s.publisher}, ${s.date}`;
  return 'url' in s && s.url ? `[${text}](${s.url})` : `${text} (no link in figures.md)`;
};
const table = (title: string, rows: BacktestRow[]) => {
  line(`#### ${title}`);
  line();
  line('| End of | Published | Model mean | Model 5th–95th | Error | Source |');
  line('|---|---|---|---|---|---|');
  for (const r of rows)
    line(
      r.model === null
        ? `| ${r.date} | ${int(r.published)} | (start: input) | | | ${source(r)} |`
        : `| ${r.date} | ${int(r.published)} | ${int(r.model)} | ${int(r.p5!)}–${int(r.p95!)} | ${r.error! >= 0 ? '+' : ''}${pct(r.error!)} | ${source(r)}${r.note ? `; ${r.note}` : ''} |`,
    );
  line();
  line(`Mean absolute error: ${pct(meanAbsoluteError(rows))}.`);
  line();
};
line(`### (c) Backtest, ${replications} replications`);
line();
table('People awaiting an initial decision', bt.backlog);
table('People in hotels', bt.hotels);
table('Asylum appeals waiting at the First-tier Tribunal', bt.appeals);
line('#### Backtest inputs');
line();
line('| Input | Value | Basis |');
line('|---|---|---|');
for (const [y, a] of Object.entries(BACKTEST_INPUTS.arrivals))
  line(`| Claims ${y} | ${int(a.value)} | ${a.basis} |`);
for (const p of BACKTEST_DECISION_PERIODS)
  line(`| Decisions a month from ${p.from} | ${int(p.perMonth)} | ${p.basis} |`);
for (const [year, g] of Object.entries(BACKTEST_INPUTS.grantRateByYear))
  line(`| Initial grant rate ${year} | ${g.value} | ${g.basis} |`);
line(
  `| Tribunal capacity (appeals a year) | ${int(BACKTEST_INPUTS.tribunalCapacityPerYear.value)} | ${BACKTEST_INPUTS.tribunalCapacityPerYear.basis} |`,
);
line(
  `| Enforced removals a year | ${int(BACKTEST_INPUTS.removalsPerYear.value)} | ${BACKTEST_INPUTS.removalsPerYear.basis} |`,
);
for (const [k, s] of Object.entries(BACKTEST_INPUTS.stocks))
  line(`| Start: ${k} | ${int(s.value)} | ${s.basis} |`);

console.log(out.join('\n'));

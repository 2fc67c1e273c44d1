import type { Scenario, ScenarioParameter } from '../../sim/scenario.ts';
import { scenarioParameters } from '../../sim/scenario.ts';

/** A parameter as the scenario form shows it: a field, with its range and source beside it. */
export interface ParameterField {
  path: string;
  /** Form field name and element id (dots are awkward in ids and fragment links). */
  id: string;
  label: string;
  section: string;
  value: number;
  hint: string;
  sourceUrl: string | null;
  sourceText: string | null;
}

export const fieldId = (path: string): string => `p-${path.replace(/\./g, '-')}`;

const words = (key: string): string =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();

/** "decisions.perCaseworkerPerMonth" → "Per caseworker per month" in section "Decisions". */
export function parameterLabel(path: string): { section: string; label: string } {
  const parts = path.split('.');
  const section = words(parts[0]);
  const rest = parts.slice(1).map(words).join(', ') || section;
  return {
    section: section.charAt(0).toUpperCase() + section.slice(1),
    label: rest.charAt(0).toUpperCase() + rest.slice(1),
  };
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-GB') : String(Number(n.toPrecision(6)));
}

export function parameterField(p: ScenarioParameter): ParameterField {
  const { section, label } = parameterLabel(p.path);
  const range =
    p.low !== undefined && p.high !== undefined
      ? `Plausible range ${formatNumber(p.low)} to ${formatNumber(p.high)}.`
      : 'No range recorded.';
  const why = p.judgement ? ` Judgement: ${p.judgement}` : '';
  return {
    path: p.path,
    id: fieldId(p.path),
    label,
    section,
    value: p.value,
    hint: `${range}${p.source ? '' : ' No published source recorded.'}${why}`,
    sourceUrl: p.source?.url ?? null,
    sourceText: p.source ? `${p.source.publisher}, ${p.source.title} (${p.source.date})` : null,
  };
}

/** The scenario's parameters grouped by section, in document order. */
export function parameterSections(scenario: Scenario): { title: string; fields: ParameterField[] }[] {
  const sections: { title: string; fields: ParameterField[] }[] = [];
  for (const p of scenarioParameters(scenario)) {
    const field = parameterField(p);
    const last = sections[sections.length - 1];
    if (last && last.title === field.section) last.fields.push(field);
    else sections.push({ title: field.section, fields: [field] });
  }
  return sections;
}

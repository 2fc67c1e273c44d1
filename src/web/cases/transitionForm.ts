import type { z } from 'zod';
import { transitionBodySchema, type TransitionName } from '../../domain/lifecycle.ts';
import type { FieldErrors } from '../forms.ts';
import { humanise } from '../views.ts';

/** How one transition input is asked for on the page. */
export type FieldKind =
  'date' | 'text' | 'textarea' | 'radios' | 'checkbox' | 'checkboxes' | 'evidence' | 'hub';

export interface FormField {
  name: string;
  kind: FieldKind;
  label: string;
  hint?: string;
  required: boolean;
  options?: { value: string; text: string }[];
}

const LABELS: Record<string, { label: string; hint?: string }> = {
  on: { label: 'Date', hint: 'For example, 27 3 2026. Leave blank for today.' },
  rationale: {
    label: 'Reasons for the decision',
    hint: 'What was decided and why, in full. The person and the tribunal will read this.',
  },
  evidence: {
    label: 'Evidence relied on',
    hint: 'One item per line. Add a document reference after a vertical bar, for example: Asylum interview record | INT-2026-0042',
  },
  reason: { label: 'Reason' },
  note: { label: 'Note (optional)' },
  claimBasis: { label: 'Basis of claim' },
  claimNarrative: { label: 'Claim narrative (optional)' },
  profiles: { label: 'Recorded risk profiles (optional)' },
  appealWindowEndsOn: {
    label: 'Last day to appeal (optional)',
    hint: 'Leave blank for 14 days after the decision.',
  },
  withdrawal: { label: 'How was the claim withdrawn?' },
  tribunalReference: { label: 'Tribunal reference (optional)' },
  outOfTimeAdmitted: { label: 'The tribunal admitted this appeal out of time' },
  kind: { label: 'Kind of return' },
  destination: { label: 'Country returned to', hint: 'Two-letter country code, for example AL' },
  hubId: { label: 'Hub' },
  assessedBy: { label: 'Assessed by', hint: 'The clinician or assessment that confirmed fitness to travel' },
  representativeNotified: { label: 'The legal representative has been sent the notice' },
  transferId: { label: 'Transfer (flight) reference' },
  departureOn: { label: 'Departure date', hint: 'For example, 27 3 2026' },
  travelDocument: { label: 'Travel document' },
};

interface Def {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, string>;
  format?: string;
  in?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Strips default/optional/nullable wrappers; says whether the field may be left empty. */
function unwrap(schema: z.ZodType): { core: z.ZodType; optional: boolean } {
  let core = schema;
  let optional = false;
  for (;;) {
    const def = defOf(core);
    if ((def.type === 'default' || def.type === 'optional' || def.type === 'nullable') && def.innerType) {
      optional = true;
      core = def.innerType;
    } else if (def.type === 'pipe' && def.in) core = def.in;
    else return { core, optional };
  }
}

const optionsOf = (core: z.ZodType) =>
  Object.values(defOf(core).entries ?? {}).map((v) => ({ value: v, text: humanise(v) }));

/** The fields of a transition's form, derived from its Zod input schema (one declaration). */
export function transitionFields(name: TransitionName): FormField[] {
  const shape = transitionBodySchema(name).shape as Record<string, z.ZodType>;
  return Object.entries(shape).map(([key, schema]) => {
    const { core, optional } = unwrap(schema);
    const def = defOf(core);
    const text = LABELS[key] ?? { label: humanise(key) };
    const field: FormField = {
      name: key,
      kind: 'text',
      label: text.label,
      required: !optional && key !== 'on',
      ...(text.hint ? { hint: text.hint } : {}),
    };
    if (key === 'evidence') field.kind = 'evidence';
    else if (key === 'hubId') field.kind = 'hub';
    else if (def.type === 'boolean') field.kind = 'checkbox';
    else if (def.type === 'enum') {
      field.kind = 'radios';
      field.options = optionsOf(core);
    } else if (def.type === 'array' && def.element) {
      field.kind = 'checkboxes';
      field.options = optionsOf(unwrap(def.element).core);
    } else if (def.type === 'string' && def.format === 'date') field.kind = 'date';
    else if (['rationale', 'reason', 'note', 'claimNarrative'].includes(key)) field.kind = 'textarea';
    return field;
  });
}

/** The id of the element an error message links to. */
export function fieldAnchor(field: Pick<FormField, 'name' | 'kind' | 'options'>): string {
  if (field.kind === 'date') return `${field.name}-day`;
  if ((field.kind === 'radios' || field.kind === 'checkboxes') && field.options?.length) return field.name;
  return field.name;
}

export interface ReadForm {
  input: Record<string, unknown>;
  errors: FieldErrors;
}

const pad = (s: string, n: number) => s.padStart(n, '0');

/** Turns the posted form into the transition's input; only problems the form itself can see here. */
export function readTransitionForm(fields: FormField[], body: Record<string, string | string[]>): ReadForm {
  const input: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
  for (const f of fields) {
    switch (f.kind) {
      case 'date': {
        const [d, m, y] = [str(`${f.name}-day`), str(`${f.name}-month`), str(`${f.name}-year`)];
        if (!d && !m && !y) {
          if (f.required) errors[f.name] = `Enter the ${f.label.toLowerCase()}`;
          break;
        }
        const iso = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
        const date = new Date(`${iso}T00:00:00Z`);
        if (
          !/^\d{4}-\d{2}-\d{2}$/.test(iso) ||
          Number.isNaN(date.getTime()) ||
          date.toISOString().slice(0, 10) !== iso
        ) {
          errors[f.name] = `${f.label} must be a real date, for example 27 3 2026`;
        } else input[f.name] = iso;
        break;
      }
      case 'checkbox':
        input[f.name] = str(f.name) === 'yes';
        break;
      case 'checkboxes':
        input[f.name] = [body[f.name] ?? []].flat().filter((v) => v !== '');
        break;
      case 'evidence': {
        const lines = str(f.name)
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter((l) => l !== '');
        input[f.name] = lines.map((line) => {
          const [description, reference] = line.split('|').map((p) => p.trim());
          return { description, reference: reference || null };
        });
        break;
      }
      default: {
        const v = str(f.name);
        if (v !== '') input[f.name] = v;
        else if (f.required && f.kind !== 'textarea') errors[f.name] = `Enter the ${f.label.toLowerCase()}`;
        else if (f.required) errors[f.name] = `Enter the ${f.label.toLowerCase()}`;
      }
    }
  }
  return { input, errors };
}

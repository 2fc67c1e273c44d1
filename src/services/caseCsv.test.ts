import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  CASE_CSV_COLUMNS,
  caseCsvColumnsMarkdown,
  csvLine,
  formatProblem,
  parseCsv,
  validateCaseCsv,
} from './caseCsv.ts';

const today = '2026-11-26';
const header = CASE_CSV_COLUMNS.map((c) => c.name).join(',');
/** A valid line; `over` replaces columns by name. */
const line = (over: Partial<Record<string, string>> = {}): string => {
  const base: Record<string, string> = {
    case_reference: 'RH-1',
    person_reference: 'P-1',
    given_names: 'Alfa',
    family_name: 'Synthetic',
    date_of_birth: '1990-01-02',
    sex: 'male',
    nationality: 'AF',
    arrival_date: '2025-06-01',
    route: 'small_boat',
    household_reference: '',
    household_role: '',
    state: 'AWAITING_DECISION',
    claim_lodged_on: '2025-06-03',
    decided_on: '',
    appeal_lodged_on: '',
    finally_refused_on: '',
    absconded_from_state: '',
    languages: 'ps;fa',
  };
  return csvLine(CASE_CSV_COLUMNS.map((c) => over[c.name] ?? base[c.name])).trimEnd();
};
const file = (...lines: string[]): string => [header, ...lines].join('\n') + '\n';
const problemsOf = (text: string) => {
  const result = validateCaseCsv(text, { today });
  if (result.ok) throw new Error('expected problems');
  return result.problems;
};

describe('parseCsv', () => {
  it('keeps commas, quotes and line breaks inside quoted values, and the line each record starts on', () => {
    const { records, problems } = parseCsv('a,b\r\n"Smith, Jr","say ""hi"""\n"two\nlines",x\n');
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['Smith, Jr', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'x'] },
    ]);
  });

  it('reports a quote that is never closed', () => {
    expect(parseCsv('a,b\n"open,x\n').problems[0]).toMatchObject({
      line: 2,
      problem: 'a quoted value is never closed',
    });
  });

  it('reads back whatever csvLine writes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const width = rows[0].length;
          const table = rows.map((r) => [
            ...r.slice(0, width),
            ...Array(Math.max(0, width - r.length)).fill('x'),
          ]);
          const text = table.map((r) => csvLine(r)).join('');
          const parsed = parseCsv(text).records.map((r) => r.fields);
          // Lines that are a single empty value are blank lines, which the parser skips.
          expect(parsed).toEqual(table.filter((r) => !(r.length === 1 && r[0] === '')));
        },
      ),
    );
  });
});

describe('validateCaseCsv', () => {
  it('accepts a valid file and types every record', () => {
    const result = validateCaseCsv(
      file(line(), line({ case_reference: 'RH-2', person_reference: 'P-2', given_names: 'Bravo, Jr' })),
      { today },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.records).toHaveLength(2);
    expect(result.records[0]).toMatchObject({
      line: 2,
      nationality: 'AF',
      languages: ['ps', 'fa'],
      state: 'AWAITING_DECISION',
    });
    expect(result.records[1].givenNames).toBe('Bravo, Jr');
  });

  it.each([
    [
      'a date that does not exist',
      { date_of_birth: '1990-02-30' },
      'date_of_birth',
      '"1990-02-30" is not a real date',
    ],
    [
      'a date in another format',
      { arrival_date: '01/06/2025' },
      'arrival_date',
      '"01/06/2025" is not a real date',
    ],
    [
      'a date in the future',
      { claim_lodged_on: '2027-01-01' },
      'claim_lodged_on',
      '2027-01-01 is in the future',
    ],
    [
      'dates out of order',
      { arrival_date: '2025-07-01' },
      'claim_lodged_on',
      '2025-06-03 is before arrival_date (2025-07-01)',
    ],
    ['an unknown nationality', { nationality: 'XX' }, 'nationality', '"XX" is not a known nationality'],
    ['a three-letter nationality', { nationality: 'AFG' }, 'nationality', '"AFG" is not a known nationality'],
    ['a lower-case nationality', { nationality: 'af' }, 'nationality', '"af" is not a known nationality'],
    ['an unknown state', { state: 'PENDING' }, 'state', '"PENDING" is not a lifecycle state'],
    ['a transfer-path state', { state: 'IN_HUB' }, 'state', 'cases cannot be imported in IN_HUB'],
    [
      'a state missing its date',
      { state: 'REFUSED' },
      'decided_on',
      'decided_on is empty but a case in REFUSED needs it',
    ],
    ['an empty required value', { family_name: '' }, 'family_name', 'family_name is empty'],
    ['an unknown sex', { sex: 'x' }, 'sex', '"x" is not a known sex'],
    [
      'absconded without a state to return to',
      { state: 'ABSCONDED' },
      'absconded_from_state',
      'absconded_from_state is empty for an ABSCONDED case',
    ],
  ])('reports %s with its line, column and a fix', (_name, over, column, problem) => {
    const problems = problemsOf(
      file(line(), line({ case_reference: 'RH-2', person_reference: 'P-2', ...over })),
    );
    expect(problems).toContainEqual(expect.objectContaining({ line: 3, column, problem }));
    for (const p of problems) expect(p.fix.length).toBeGreaterThan(10);
  });

  it('suggests the capitalised code for a lower-case nationality', () => {
    const [p] = problemsOf(file(line({ nationality: 'er' })));
    expect(formatProblem(p)).toBe(
      'line 2, column nationality: "er" is not a known nationality. Write the code in capitals: ER.',
    );
  });

  it('reports a line with the wrong number of values, and says to quote commas', () => {
    const problems = problemsOf(file(line(), 'RH-2,P-2,Smith, Jr,1990-01-01'));
    expect(problems).toEqual([
      expect.objectContaining({
        line: 3,
        column: null,
        problem: `the line has 5 values but the header has ${CASE_CSV_COLUMNS.length} columns`,
      }),
    ]);
    expect(problems[0].fix).toContain('double quotes');
  });

  it('reports duplicate references with the line of the first', () => {
    const problems = problemsOf(
      file(line(), line({ person_reference: 'P-2' }), line({ case_reference: 'RH-3' })),
    );
    expect(problems).toEqual([
      expect.objectContaining({ line: 3, column: 'case_reference', problem: 'RH-1 is also on line 2' }),
      expect.objectContaining({ line: 4, column: 'person_reference', problem: 'P-1 is also on line 2' }),
    ]);
  });

  it('reports references that already exist in the database', () => {
    const result = validateCaseCsv(file(line()), { today, existingCaseReferences: new Set(['RH-1']) });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems[0]).toMatchObject({
        line: 2,
        column: 'case_reference',
        problem: 'a case with reference RH-1 already exists',
      });
  });

  it('reports every problem in the file, not just the first', () => {
    const problems = problemsOf(
      file(
        line({ date_of_birth: 'soon' }),
        line({ case_reference: 'RH-2', person_reference: 'P-2', nationality: 'ZZ', sex: '?' }),
        'too,few',
      ),
    );
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'date_of_birth'],
      [3, 'sex'],
      [3, 'nationality'],
      [4, null],
    ]);
  });

  it('reports unknown and missing columns in the header', () => {
    const badHeader = header.replace('nationality', 'citizenship') + '\n';
    expect(problemsOf(badHeader)).toEqual([
      expect.objectContaining({
        line: 1,
        column: 'citizenship',
        problem: '"citizenship" is not a column of the case file',
      }),
      expect.objectContaining({
        line: 1,
        column: 'nationality',
        problem: 'the required column nationality is missing',
      }),
    ]);
  });

  it('needs exactly one principal in each household', () => {
    const problems = problemsOf(
      file(
        line({ household_reference: 'H-1', household_role: 'principal' }),
        line({
          case_reference: 'RH-2',
          person_reference: 'P-2',
          household_reference: 'H-1',
          household_role: 'principal',
        }),
        line({
          case_reference: 'RH-3',
          person_reference: 'P-3',
          household_reference: 'H-2',
          household_role: 'child',
        }),
      ),
    );
    expect(problems).toEqual([
      expect.objectContaining({ line: 3, problem: 'household H-1 already has a principal on line 2' }),
      expect.objectContaining({ line: 4, problem: 'household H-2 has no principal' }),
    ]);
  });

  it('reports an empty file', () => {
    expect(problemsOf('')[0]).toMatchObject({ line: 1, problem: 'the file is empty' });
  });
});

describe('the README', () => {
  it('documents every column of the case CSV as the code describes it', () => {
    // Prettier pads table cells, so compare with the padding squeezed out.
    const squeeze = (text: string) => text.replace(/ *\| */g, '|').replace(/\|-+/g, '|-');
    const readme = squeeze(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'));
    for (const line of caseCsvColumnsMarkdown().split('\n')) expect(readme).toContain(squeeze(line));
  });
});

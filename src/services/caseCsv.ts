/**
 * The case CSV format shared by `hubs import cases` and `hubs export cases`: the column table (the
 * documentation is generated from it), an RFC 4180 parser that keeps line numbers, and a validator
 * that reports every problem with its line, column and how to fix it. Pure: no I/O.
 */
import { CASE_STATES, TRANSFER_PATH_STATES } from '../domain/stages.ts';
import type { CaseState } from '../domain/stages.ts';
import { HOUSEHOLD_ROLES, ROUTES, SEXES } from '../domain/types.ts';
import type { HouseholdRole, Route, Sex } from '../domain/types.ts';

/** ISO 3166-1 alpha-2 codes, plus XK (Kosovo, used by the Home Office). */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS ' +
    'BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE ' +
    'EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM ' +
    'HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC ' +
    'LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA ' +
    'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO ' +
    'TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
  ).split(' '),
);

/**
 * States a case may be imported in. The transfer path is not importable: a person reaches it only
 * through the transitions that check every safeguard, so an import can never skip them.
 */
export const IMPORTABLE_STATES: readonly CaseState[] = CASE_STATES.filter(
  (s) =>
    !(TRANSFER_PATH_STATES as readonly CaseState[]).includes(s) &&
    s !== 'ONWARD_RETURNED' &&
    s !== 'RETURNED_TO_UK',
);

export interface CaseCsvColumn {
  name: string;
  required: boolean;
  description: string;
  example: string;
}

/** The columns, in export order. The README's table is written from this list. */
export const CASE_CSV_COLUMNS = [
  {
    name: 'case_reference',
    required: true,
    description: 'Unique case reference',
    example: 'RH-2026-000123',
  },
  {
    name: 'person_reference',
    required: true,
    description: 'Unique reference of the person the case is about',
    example: 'P-000123',
  },
  { name: 'given_names', required: true, description: 'Given names', example: 'Alfa' },
  { name: 'family_name', required: true, description: 'Family name', example: 'Synthetic' },
  { name: 'date_of_birth', required: true, description: 'YYYY-MM-DD', example: '1994-03-17' },
  { name: 'sex', required: true, description: SEXES.join(' or '), example: 'male' },
  {
    name: 'nationality',
    required: true,
    description: 'ISO 3166-1 alpha-2 code, in capitals',
    example: 'AF',
  },
  { name: 'arrival_date', required: true, description: 'YYYY-MM-DD', example: '2025-08-02' },
  {
    name: 'route',
    required: false,
    description: `${ROUTES.join(' or ')} (default small_boat)`,
    example: 'small_boat',
  },
  {
    name: 'household_reference',
    required: false,
    description: 'Shared by everyone in one household; empty for someone alone',
    example: 'H-000045',
  },
  {
    name: 'household_role',
    required: false,
    description: `${HOUSEHOLD_ROLES.join(', ')}; required with a household, one principal each`,
    example: 'principal',
  },
  {
    name: 'state',
    required: true,
    description: `Lifecycle state: ${IMPORTABLE_STATES.join(', ')}`,
    example: 'AWAITING_DECISION',
  },
  {
    name: 'claim_lodged_on',
    required: false,
    description: 'YYYY-MM-DD; required for every state after ARRIVED',
    example: '2025-08-04',
  },
  {
    name: 'decided_on',
    required: false,
    description: 'Initial decision, YYYY-MM-DD; required once decided (GRANTED, REFUSED and later)',
    example: '',
  },
  {
    name: 'appeal_lodged_on',
    required: false,
    description: 'YYYY-MM-DD; required for APPEAL_PENDING',
    example: '',
  },
  {
    name: 'finally_refused_on',
    required: false,
    description: 'YYYY-MM-DD; required for FINALLY_REFUSED, RETURN_PENDING, RETURNED',
    example: '',
  },
  {
    name: 'absconded_from_state',
    required: false,
    description: 'For ABSCONDED: the state the case returns to when contact is re-established',
    example: '',
  },
  {
    name: 'languages',
    required: false,
    description: 'Language codes separated by semicolons',
    example: 'ps;fa',
  },
] as const satisfies readonly CaseCsvColumn[];
export type CaseCsvColumnName = (typeof CASE_CSV_COLUMNS)[number]['name'];

/** One valid row, typed. */
export interface CaseImportRecord {
  line: number;
  caseReference: string;
  personReference: string;
  givenNames: string;
  familyName: string;
  dateOfBirth: string;
  sex: Sex;
  nationality: string;
  arrivalDate: string;
  route: Route;
  householdReference: string | null;
  householdRole: HouseholdRole | null;
  state: CaseState;
  claimLodgedOn: string | null;
  decidedOn: string | null;
  appealLodgedOn: string | null;
  finallyRefusedOn: string | null;
  abscondedFromState: CaseState | null;
  languages: string[];
}

export interface ImportProblem {
  line: number;
  /** The column's name, or null when the problem is with the whole line. */
  column: string | null;
  problem: string;
  fix: string;
}

export const formatProblem = (p: ImportProblem): string =>
  `line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.problem}. ${p.fix}`;

// --- parsing ------------------------------------------------------------------------------------

export interface CsvRecord {
  /** Line number (1-based) where the record starts. */
  line: number;
  fields: string[];
}

/**
 * RFC 4180: fields separated by commas, optionally in double quotes; a quote inside quotes is
 * doubled; quoted fields may hold commas and line breaks. Blank lines are skipped.
 */
export function parseCsv(text: string): { records: CsvRecord[]; problems: ImportProblem[] } {
  const records: CsvRecord[] = [];
  const problems: ImportProblem[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let atFieldStart = true;
    let endOfRecord = false;
    while (i < n && !endOfRecord) {
      const ch = text[i];
      if (atFieldStart && ch === '"') {
        // A quoted field runs to the next lone quote.
        i++;
        let closed = false;
        while (i < n) {
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (!closed) {
          problems.push({
            line: start,
            column: null,
            problem: 'a quoted value is never closed',
            fix: 'End every quoted value with a double quote; write a quote inside a value as two quotes ("").',
          });
          return { records, problems };
        }
        atFieldStart = false;
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          problems.push({
            line,
            column: null,
            problem: 'there is text after a closing quote',
            fix: 'Put the whole value inside the quotes, e.g. "Smith, Jr" rather than "Smith", Jr.',
          });
          while (i < n && text[i] !== ',' && text[i] !== '\n') i++;
        }
        continue;
      }
      if (ch === ',') {
        fields.push(field);
        field = '';
        atFieldStart = true;
        i++;
      } else if (ch === '\r' || ch === '\n') {
        if (ch === '\r' && text[i + 1] === '\n') i++;
        i++;
        line++;
        endOfRecord = true;
      } else {
        field += ch;
        atFieldStart = false;
        i++;
      }
    }
    fields.push(field);
    if (fields.length === 1 && fields[0] === '') continue;
    records.push({ line: start, fields });
  }
  return { records, problems };
}

/** Quotes a value when it needs it (commas, quotes, line breaks, surrounding spaces). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export const csvLine = (values: readonly string[]): string => `${values.map(csvField).join(',')}\n`;

// --- validation ---------------------------------------------------------------------------------

const DATE_FIX = 'Write dates as YYYY-MM-DD, e.g. 1994-03-17.';

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** States whose case needs each date, and the state an absconded case may return to. */
const NEEDS_CLAIM: ReadonlySet<CaseState> = new Set(IMPORTABLE_STATES.filter((s) => s !== 'ARRIVED'));
const NEEDS_DECISION: ReadonlySet<CaseState> = new Set<CaseState>([
  'GRANTED',
  'REFUSED',
  'APPEAL_PENDING',
  'FINALLY_REFUSED',
  'RETURN_PENDING',
  'RETURNED',
]);
const NEEDS_APPEAL: ReadonlySet<CaseState> = new Set<CaseState>(['APPEAL_PENDING']);
const NEEDS_FINAL_REFUSAL: ReadonlySet<CaseState> = new Set<CaseState>([
  'FINALLY_REFUSED',
  'RETURN_PENDING',
  'RETURNED',
]);
const ABSCONDABLE_FROM: readonly CaseState[] = [
  'CLAIM_LODGED',
  'AWAITING_DECISION',
  'REFUSED',
  'APPEAL_PENDING',
  'FINALLY_REFUSED',
  'RETURN_PENDING',
];

export interface ValidateOptions {
  /** Dates after this day are refused (YYYY-MM-DD). */
  today: string;
  /** References already in the database: importing them again is a problem, not an update. */
  existingCaseReferences?: ReadonlySet<string>;
  existingPersonReferences?: ReadonlySet<string>;
}

export type ValidationResult =
  { ok: true; records: CaseImportRecord[] } | { ok: false; problems: ImportProblem[]; rows: number };

/** Validates a whole file; returns every record or every problem, never a mixture. */
export function validateCaseCsv(text: string, options: ValidateOptions): ValidationResult {
  const { records: raw, problems } = parseCsv(text);
  if (raw.length === 0) {
    problems.push({
      line: 1,
      column: null,
      problem: 'the file is empty',
      fix: `Start with a header line naming the columns: ${CASE_CSV_COLUMNS.map((c) => c.name).join(',')}.`,
    });
    return { ok: false, problems, rows: 0 };
  }
  const [header, ...rows] = raw;
  const known = new Map<string, CaseCsvColumn>(CASE_CSV_COLUMNS.map((c) => [c.name, c]));
  const position = new Map<string, number>();
  header.fields.forEach((name, index) => {
    const trimmed = name.trim();
    if (!known.has(trimmed)) {
      problems.push({
        line: header.line,
        column: trimmed || `(column ${index + 1})`,
        problem: `"${trimmed}" is not a column of the case file`,
        fix: `Use only these columns: ${[...known.keys()].join(', ')}.`,
      });
    } else if (position.has(trimmed)) {
      problems.push({
        line: header.line,
        column: trimmed,
        problem: `the column ${trimmed} appears twice`,
        fix: 'Keep one column of each name.',
      });
    } else {
      position.set(trimmed, index);
    }
  });
  for (const column of CASE_CSV_COLUMNS) {
    if (column.required && !position.has(column.name)) {
      problems.push({
        line: header.line,
        column: column.name,
        problem: `the required column ${column.name} is missing`,
        fix: `Add a ${column.name} column (${column.description}).`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems, rows: rows.length };

  const caseRefLines = new Map<string, number>();
  const personRefLines = new Map<string, number>();
  const valid: CaseImportRecord[] = [];
  for (const row of rows) {
    const record = validateRow(row, header.fields.length, position, options, problems);
    if (!record) continue;
    const firstCase = caseRefLines.get(record.caseReference);
    if (firstCase !== undefined) {
      problems.push({
        line: row.line,
        column: 'case_reference',
        problem: `${record.caseReference} is also on line ${firstCase}`,
        fix: 'Give every case its own reference, or remove the duplicate line.',
      });
    } else caseRefLines.set(record.caseReference, row.line);
    const firstPerson = personRefLines.get(record.personReference);
    if (firstPerson !== undefined) {
      problems.push({
        line: row.line,
        column: 'person_reference',
        problem: `${record.personReference} is also on line ${firstPerson}`,
        fix: 'One line per person: give every person their own reference.',
      });
    } else personRefLines.set(record.personReference, row.line);
    if (options.existingCaseReferences?.has(record.caseReference)) {
      problems.push({
        line: row.line,
        column: 'case_reference',
        problem: `a case with reference ${record.caseReference} already exists`,
        fix: 'Import adds new cases only: remove this line, or change the reference if it is a different case.',
      });
    }
    if (options.existingPersonReferences?.has(record.personReference)) {
      problems.push({
        line: row.line,
        column: 'person_reference',
        problem: `a person with reference ${record.personReference} already exists`,
        fix: 'Import adds new people only: remove this line, or change the reference if it is a different person.',
      });
    }
    valid.push(record);
  }
  checkHouseholds(valid, problems);
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    return { ok: false, problems, rows: rows.length };
  }
  return { ok: true, records: valid };
}

function validateRow(
  row: CsvRecord,
  width: number,
  position: ReadonlyMap<string, number>,
  options: ValidateOptions,
  problems: ImportProblem[],
): CaseImportRecord | null {
  if (row.fields.length !== width) {
    problems.push({
      line: row.line,
      column: null,
      problem: `the line has ${row.fields.length} values but the header has ${width} columns`,
      fix: 'Give every line one value per column; put a value that contains a comma in double quotes, e.g. "Smith, Jr".',
    });
    return null;
  }
  const before = problems.length;
  const get = (name: CaseCsvColumnName): string => {
    const index = position.get(name);
    return index === undefined ? '' : row.fields[index].trim();
  };
  const report = (column: CaseCsvColumnName, problem: string, fix: string): void => {
    problems.push({ line: row.line, column, problem, fix });
  };
  const required = (name: CaseCsvColumnName, fix: string): string => {
    const value = get(name);
    if (value === '') report(name, `${name} is empty`, fix);
    return value;
  };
  const date = (name: CaseCsvColumnName, isRequired: boolean): string | null => {
    const value = isRequired ? required(name, DATE_FIX) : get(name);
    if (value === '') return null;
    if (!isRealDate(value)) {
      report(name, `"${value}" is not a real date`, DATE_FIX);
      return null;
    }
    if (value > options.today) {
      report(name, `${value} is in the future`, `Use a date on or before ${options.today}.`);
      return null;
    }
    return value;
  };
  const oneOf = <T extends string>(
    name: CaseCsvColumnName,
    allowed: readonly T[],
    fallback: T | null,
  ): T | null => {
    const value = get(name);
    if (value === '') {
      if (fallback === null && (CASE_CSV_COLUMNS.find((c) => c.name === name)?.required ?? false)) {
        report(name, `${name} is empty`, `Use one of: ${allowed.join(', ')}.`);
      }
      return fallback;
    }
    if (!(allowed as readonly string[]).includes(value)) {
      report(
        name,
        `"${value}" is not a known ${name.replaceAll('_', ' ')}`,
        `Use one of: ${allowed.join(', ')}.`,
      );
      return null;
    }
    return value as T;
  };

  const caseReference = required('case_reference', 'Give every case a reference, e.g. RH-2026-000123.');
  const personReference = required('person_reference', 'Give every person a reference, e.g. P-000123.');
  const givenNames = required('given_names', 'Write the given names as recorded at screening.');
  const familyName = required('family_name', 'Write the family name as recorded at screening.');
  const dateOfBirth = date('date_of_birth', true);
  const sex = oneOf('sex', SEXES, null);
  const nationality = required('nationality', 'Use the ISO 3166-1 alpha-2 code, e.g. AF for Afghanistan.');
  if (nationality !== '' && !COUNTRY_CODES.has(nationality)) {
    const upper = nationality.toUpperCase();
    report(
      'nationality',
      `"${nationality}" is not a known nationality`,
      COUNTRY_CODES.has(upper)
        ? `Write the code in capitals: ${upper}.`
        : 'Use the ISO 3166-1 alpha-2 code in capitals, e.g. AF for Afghanistan, ER for Eritrea.',
    );
  }
  const arrivalDate = date('arrival_date', true);
  const route = oneOf('route', ROUTES, 'small_boat');
  const householdReference = get('household_reference') || null;
  const householdRole = oneOf('household_role', HOUSEHOLD_ROLES, null);
  if (householdReference && !householdRole && get('household_role') === '') {
    report(
      'household_role',
      'household_role is empty for a member of a household',
      `Use one of: ${HOUSEHOLD_ROLES.join(', ')}.`,
    );
  }
  if (!householdReference && householdRole) {
    report(
      'household_reference',
      'household_role is set but household_reference is empty',
      'Give the household a reference shared by all its members, or leave household_role empty.',
    );
  }
  const stateText = get('state');
  let state: CaseState | null = null;
  if (stateText === '') {
    report('state', 'state is empty', `Use one of: ${IMPORTABLE_STATES.join(', ')}.`);
  } else if (!(CASE_STATES as readonly string[]).includes(stateText)) {
    report(
      'state',
      `"${stateText}" is not a lifecycle state`,
      `Use one of: ${IMPORTABLE_STATES.join(', ')}.`,
    );
  } else if (!IMPORTABLE_STATES.includes(stateText as CaseState)) {
    report(
      'state',
      `cases cannot be imported in ${stateText}`,
      'The transfer path is reached only through its transitions, which check every safeguard: import the case as FINALLY_REFUSED and allocate it to a hub through the API.',
    );
  } else {
    state = stateText as CaseState;
  }
  const claimLodgedOn = date('claim_lodged_on', false);
  const decidedOn = date('decided_on', false);
  const appealLodgedOn = date('appeal_lodged_on', false);
  const finallyRefusedOn = date('finally_refused_on', false);
  const abscondedText = get('absconded_from_state');
  let abscondedFromState: CaseState | null = null;
  if (state === 'ABSCONDED') {
    if (!ABSCONDABLE_FROM.includes(abscondedText as CaseState)) {
      report(
        'absconded_from_state',
        abscondedText === ''
          ? 'absconded_from_state is empty for an ABSCONDED case'
          : `"${abscondedText}" is not a state a person can abscond from`,
        `Use one of: ${ABSCONDABLE_FROM.join(', ')}.`,
      );
    } else abscondedFromState = abscondedText as CaseState;
  } else if (abscondedText !== '') {
    report(
      'absconded_from_state',
      'absconded_from_state is set but the case is not ABSCONDED',
      'Leave it empty, or set state to ABSCONDED.',
    );
  }

  // Dates the state needs, and their order.
  const effective = state === 'ABSCONDED' ? abscondedFromState : state;
  if (effective) {
    const need = (set: ReadonlySet<CaseState>, column: CaseCsvColumnName, value: string | null): void => {
      if (set.has(effective) && value === null && get(column) === '') {
        report(column, `${column} is empty but a case in ${effective} needs it`, DATE_FIX);
      }
    };
    need(NEEDS_CLAIM, 'claim_lodged_on', claimLodgedOn);
    need(NEEDS_DECISION, 'decided_on', decidedOn);
    need(NEEDS_APPEAL, 'appeal_lodged_on', appealLodgedOn);
    need(NEEDS_FINAL_REFUSAL, 'finally_refused_on', finallyRefusedOn);
  }
  const order: [CaseCsvColumnName, string | null][] = [
    ['date_of_birth', dateOfBirth],
    ['arrival_date', arrivalDate],
    ['claim_lodged_on', claimLodgedOn],
    ['decided_on', decidedOn],
    ['appeal_lodged_on', appealLodgedOn],
    ['finally_refused_on', finallyRefusedOn],
  ];
  let previous: [CaseCsvColumnName, string] | null = null;
  for (const [column, value] of order) {
    if (value === null) continue;
    if (previous && value < previous[1]) {
      report(
        column,
        `${value} is before ${previous[0]} (${previous[1]})`,
        `Check the dates: ${column} cannot be earlier than ${previous[0]}.`,
      );
    }
    previous = [column, value];
  }
  const languages = get('languages')
    .split(';')
    .map((l) => l.trim())
    .filter((l) => l !== '');

  if (problems.length > before) return null;
  return {
    line: row.line,
    caseReference,
    personReference,
    givenNames,
    familyName,
    dateOfBirth: dateOfBirth!,
    sex: sex!,
    nationality,
    arrivalDate: arrivalDate!,
    route: route!,
    householdReference,
    householdRole,
    state: state!,
    claimLodgedOn,
    decidedOn,
    appealLodgedOn,
    finallyRefusedOn,
    abscondedFromState,
    languages,
  };
}

function checkHouseholds(records: readonly CaseImportRecord[], problems: ImportProblem[]): void {
  const byHousehold = new Map<string, CaseImportRecord[]>();
  for (const r of records) {
    if (!r.householdReference) continue;
    const list = byHousehold.get(r.householdReference) ?? [];
    list.push(r);
    byHousehold.set(r.householdReference, list);
  }
  for (const [reference, members] of byHousehold) {
    const principals = members.filter((m) => m.householdRole === 'principal');
    if (principals.length === 0) {
      problems.push({
        line: members[0].line,
        column: 'household_role',
        problem: `household ${reference} has no principal`,
        fix: 'Mark exactly one member of each household as principal.',
      });
    }
    for (const extra of principals.slice(1)) {
      problems.push({
        line: extra.line,
        column: 'household_role',
        problem: `household ${reference} already has a principal on line ${principals[0].line}`,
        fix: 'Mark exactly one member of each household as principal; use partner, child or other_dependant for the others.',
      });
    }
  }
}

/** The README's table of columns. */
export function caseCsvColumnsMarkdown(): string {
  const rows = CASE_CSV_COLUMNS.map(
    (c) =>
      `| \`${c.name}\` | ${c.required ? 'yes' : 'no'} | ${c.description} | ${c.example ? `\`${c.example}\`` : ''} |`,
  );
  return ['| column | required | what it holds | example |', '|---|---|---|---|', ...rows].join('\n');
}

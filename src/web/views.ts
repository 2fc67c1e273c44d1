import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { paths } from './paths.ts';
import { govukDist } from './stylesheet.ts';

export const webDir = import.meta.dirname;

/**
 * The Nunjucks environment: our views (one folder per feature under src/web) first, then the
 * govuk-frontend macros, so `{% from "govuk/components/button/macro.njk" import govukButton %}` works.
 */
export function createViews(options: { watch: boolean }): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([webDir, govukDist], { noCache: options.watch });
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
  env.addGlobal('paths', paths);
  env.addFilter('pence', formatPence);
  env.addFilter('number', (n: number) => (typeof n === 'number' ? n.toLocaleString('en-GB') : n));
  env.addFilter('date', formatDate);
  env.addFilter('humanise', humanise);
  return env;
}

/** £1,234.56 from integer pence; money is never a float until it is shown. */
export function formatPence(pence: number | null | undefined): string {
  if (pence === null || pence === undefined) return '';
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(pence));
  const pounds = Math.floor(abs / 100).toLocaleString('en-GB');
  return `${sign}£${pounds}.${String(abs % 100).padStart(2, '0')}`;
}

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** GOV.UK date style: 5 January 2026 (and the time, 14:05, when the value has one). */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const iso = typeof value === 'string' ? value : value.toISOString();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const date = `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
  return m[4] !== undefined && iso.length > 10 ? `${date} ${m[4]}:${m[5]}` : date;
}

/** FINALLY_REFUSED → Finally refused. */
export function humanise(value: string | null | undefined): string {
  if (!value) return '';
  const words = value.replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const layoutPath = join(webDir, 'layout.njk');

/**
 * The govuk macros indent generously; dropping blank lines and indentation keeps pages well inside
 * the 150 KB budget. Textareas and pre blocks keep their text exactly.
 */
export function compactHtml(html: string): string {
  // `\n\s+` also swallows the blank lines that follow a newline, so one pass does it all.
  if (!html.includes('<textarea') && !html.includes('<pre')) return html.replace(/\n\s+/g, '\n');
  return html
    .split(/(<textarea[\s\S]*?<\/textarea>|<pre[\s\S]*?<\/pre>)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\n\s+/g, '\n')))
    .join('');
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

import { describe, expect, it } from 'vitest';
import { compactHtml, formatDate, formatPence, humanise } from './views.ts';

describe('view formatting', () => {
  it.each([
    [0, '£0.00'],
    [1450, '£14.50'],
    [123456789, '£1,234,567.89'],
    [-505, '-£5.05'],
  ])('shows %i pence as %s', (pence, text) => {
    expect(formatPence(pence)).toBe(text);
  });

  it.each([
    ['2026-01-05', '5 January 2026'],
    ['2026-11-26T14:05:00.000Z', '26 November 2026 14:05'],
    ['', ''],
  ])('shows %s as %s', (iso, text) => {
    expect(formatDate(iso)).toBe(text);
  });

  it('turns a state name into words', () => {
    expect(humanise('FINALLY_REFUSED')).toBe('Finally refused');
  });

  it('removes indentation and blank lines but keeps textarea content exactly', () => {
    expect(compactHtml('<p>\n    a\n\n\n  <textarea>\n  x\n\n y</textarea>\n   <b>')).toBe(
      '<p>\na\n<textarea>\n  x\n\n y</textarea>\n<b>',
    );
  });
});

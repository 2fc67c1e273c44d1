import { describe, expect, it } from 'vitest';
import {
  buildStylesheet,
  templateScriptHashes,
  topLevelBlocks,
  withoutComponents,
  withoutUnusedOverrides,
} from './stylesheet.ts';

describe('the stylesheet', () => {
  it('unbranded uses Arial and never declares or references GDS Transport', () => {
    const css = buildStylesheet('unbranded');
    expect(css).not.toMatch(/GDS Transport/);
    expect(css).not.toMatch(/@font-face/);
    expect(css).toMatch(/font-family:arial,sans-serif/);
  });

  it('govuk branding keeps the GDS Transport font faces', () => {
    expect(buildStylesheet('govuk')).toMatch(/@font-face\{font-family:GDS Transport/);
  });

  it('stays small enough to leave room for the page inside 150 KB', () => {
    expect(buildStylesheet('unbranded').length).toBeLessThan(72_000);
  });

  it('drops rules for unused components, including inside media queries, and keeps the rest', () => {
    const css =
      '.govuk-tabs{a:1}.govuk-tabs__tab,.govuk-button{b:2}@media (min-width:1px){.govuk-tabs__list{c:3}.govuk-body{d:4}}@media print{.govuk-tabs{e:5}}';
    expect(withoutComponents(css, ['tabs'])).toBe(
      '.govuk-tabs__tab,.govuk-button{b:2}@media (min-width:1px){.govuk-body{d:4}}',
    );
  });

  it('keeps only the override classes the views use', () => {
    const css =
      '.govuk-\\!-margin-bottom-0{a:0}.govuk-\\!-margin-top-9{b:1}@media x{.govuk-\\!-width-one-half{c:2}}.govuk-body{d:3}';
    expect(withoutUnusedOverrides(css, ['margin-bottom-0', 'width-one-half'])).toBe(
      '.govuk-\\!-margin-bottom-0{a:0}@media x{.govuk-\\!-width-one-half{c:2}}.govuk-body{d:3}',
    );
  });

  it('does not mistake a component whose name starts like an unused one', () => {
    expect(withoutComponents('.govuk-header{a:1}.govuk-heading-l{b:2}', ['header'])).toBe(
      '.govuk-heading-l{b:2}',
    );
  });

  it('splits CSS into top-level blocks without breaking nesting', () => {
    expect(topLevelBlocks('@charset "UTF-8";a{x:1}@media x{b{y:2}}')).toEqual([
      '@charset "UTF-8";',
      'a{x:1}',
      '@media x{b{y:2}}',
    ]);
  });

  it('hashes the govuk template inline script for the Content Security Policy', () => {
    expect(templateScriptHashes()).toEqual(["'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"]);
  });
});

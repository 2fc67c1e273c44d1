import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The installed govuk-frontend `dist` folder; every asset is served from here, never a CDN. */
export const govukDist = join(
  dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')),
  'dist',
);

export type Branding = 'unbranded' | 'govuk';

/**
 * Components this service never renders. Their rules are dropped from the stylesheet so every page
 * stays under the 150 KB budget for HTML and CSS (the full stylesheet alone is 136 KB).
 */
export const unusedComponents = [
  'accordion',
  'character-count',
  'cookie-banner',
  'exit-this-page',
  'file-upload',
  'file-upload-button',
  'language-navigation',
  'password-input',
  'task-list',
  'tabs',
  'feedback',
  'step-by-step',
  'header',
  'generic-header',
  'summary-card',
  'notification-banner',
  'panel',
  'phase-banner',
  'section-break',
] as const;

/** The spacing and width override classes the views use; the other overrides are dropped. */
export const usedOverrides = ['width-one-half', 'margin-bottom-0', 'margin-bottom-4'] as const;

/** Split CSS into its top-level blocks (`a{...}`, `@media ...{...}`), keeping nesting intact. */
export function topLevelBlocks(css: string): string[] {
  const blocks: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) {
        blocks.push(css.slice(start, i + 1));
        start = i + 1;
      }
    } else if (c === ';' && depth === 0) {
      blocks.push(css.slice(start, i + 1));
      start = i + 1;
    }
  }
  return blocks;
}

function selectorUsesOnly(selector: string, unused: readonly string[]): boolean {
  const parts = selector.split(',');
  return parts.every((part) =>
    unused.some((name) => new RegExp(`\\.govuk-${name}(?![a-z-])|\\.govuk-${name}(__|--)`).test(part)),
  );
}

/** Drop every rule whose selectors all target the given components, inside at-rules too. */
export function withoutComponents(css: string, unused: readonly string[]): string {
  return topLevelBlocks(css)
    .map((block) => {
      const open = block.indexOf('{');
      if (open < 0) return block;
      const head = block.slice(0, open);
      if (head.trimStart().startsWith('@media') || head.trimStart().startsWith('@supports')) {
        const inner = withoutComponents(block.slice(open + 1, -1), unused);
        return inner.trim() === '' ? '' : `${head}{${inner}}`;
      }
      if (head.trimStart().startsWith('@')) return block;
      return selectorUsesOnly(head, unused) ? '' : block;
    })
    .join('');
}

/** Drops `.govuk-!-…` override rules except the listed ones (they are a tenth of the stylesheet). */
export function withoutUnusedOverrides(css: string, used: readonly string[]): string {
  return topLevelBlocks(css)
    .map((block) => {
      const open = block.indexOf('{');
      if (open < 0) return block;
      const head = block.slice(0, open);
      if (head.trimStart().startsWith('@media') || head.trimStart().startsWith('@supports')) {
        const inner = withoutUnusedOverrides(block.slice(open + 1, -1), used);
        return inner.trim() === '' ? '' : `${head}{${inner}}`;
      }
      const overrides = [...head.matchAll(/\.govuk-\\!-([a-z0-9-]+)/g)].map((m) => m[1]);
      if (overrides.length === 0 || overrides.length !== head.split(',').length) return block;
      return overrides.some((o) => used.includes(o)) ? block : '';
    })
    .join('');
}

/**
 * The stylesheet for a branding. Unbranded: Arial everywhere and no GDS Transport `@font-face`
 * (that typeface is licensed only for service.gov.uk), so the font files are never requested.
 */
export function buildStylesheet(branding: Branding, source?: string): string {
  let css = source ?? readFileSync(join(govukDist, 'govuk', 'govuk-frontend.min.css'), 'utf8');
  const unused =
    branding === 'govuk'
      ? unusedComponents.filter((c) => c !== 'header' && c !== 'generic-header')
      : unusedComponents;
  css = withoutComponents(css, unused);
  css = withoutUnusedOverrides(css, usedOverrides);
  // Print rules are a tenth of the stylesheet; pages print legibly with the browser's defaults,
  // and leaving them out keeps the longest scenario form under the 150 KB budget.
  css = topLevelBlocks(css)
    .filter((block) => !block.trimStart().startsWith('@media print'))
    .join('');
  if (branding === 'unbranded') {
    css = css
      .replace(/@font-face\{[^}]*\}/g, '')
      .replace(/GDS Transport,\s*arial/g, 'arial')
      .replace(/font-family:GDS Transport([;}])/g, 'font-family:arial,sans-serif$1');
  }
  return css.replace(/\/\*# sourceMappingURL=[^*]*\*\//, '');
}

/** `sha256-…` of each inline script in the govuk template, for the Content Security Policy. */
export function templateScriptHashes(): string[] {
  const template = readFileSync(join(govukDist, 'govuk', 'template.njk'), 'utf8');
  const scripts = [...template.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  return scripts.map((s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`);
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

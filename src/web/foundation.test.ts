import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { buildWebApp, textOf } from './testing.ts';

const FONT = '/assets/fonts/bold-b542beb274-v2.woff2';

describe('the web foundation', () => {
  const db = useTestStore(testDrivers()[0]);
  let unbranded: Awaited<ReturnType<typeof buildWebApp>>;
  let branded: Awaited<ReturnType<typeof buildWebApp>>;

  beforeAll(async () => {
    unbranded = await buildWebApp(db().store);
    branded = await buildWebApp(db().store, { config: { BRANDING: 'govuk' } });
  });
  afterAll(async () => {
    await unbranded.app.close();
    await branded.app.close();
  });

  it('sends a Content Security Policy that allows the template script only by its hash', async () => {
    const page = await unbranded.app.inject('/sign-in');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self' 'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='");
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    });
    expect(page.headers).not.toHaveProperty('strict-transport-security');
  });

  it('is unbranded by default: no crown, no GDS Transport, and the font files are not served', async () => {
    const page = await unbranded.app.inject('/sign-in');
    expect(page.body).not.toContain('govuk-header');
    expect(page.body).not.toContain('Crown copyright');
    expect((await unbranded.app.inject(FONT)).statusCode).toBe(404);
  });

  it('serves the GOV.UK header and fonts from the installed package when BRANDING=govuk', async () => {
    const page = await branded.app.inject('/sign-in');
    expect(page.body).toContain('govuk-header');
    const font = await branded.app.inject(FONT);
    expect(font.statusCode).toBe(200);
  });

  it('serves govuk-frontend’s script from the package, never a CDN', async () => {
    const page = await unbranded.app.inject('/sign-in');
    expect(page.body).not.toMatch(/https?:\/\/(?!www\.w3\.org)[^"']*\.(js|css)/);
    expect((await unbranded.app.inject('/assets/govuk-frontend.min.js')).statusCode).toBe(200);
  });

  it('answers an unknown page with the GOV.UK 404 and an unknown API path with JSON', async () => {
    const page = await unbranded.app.inject('/no-such-page');
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(textOf(page.body)).toContain('Page not found');
    const api = await unbranded.app.inject('/api/no-such-thing');
    expect(api.statusCode).toBe(404);
    expect(api.json().code).toBe('NOT_FOUND');
  });
});

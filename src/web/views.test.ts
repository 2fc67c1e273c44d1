import { describe, expect, it } from 'vitest';
import { paths } from './paths.ts';
import { compactHtml, createViews, formatDate, formatPence, humanise } from './views.ts';

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

/** Markup with insignificant whitespace removed, to compare what two templates render. */
const normalise = (html: string) =>
  html.replace(/\s+/g, ' ').replace(/>\s+/g, '>').replace(/\s+</g, '<').replace(/\s+>/g, '>').trim();

describe('the page frame (layout.njk)', () => {
  const views = createViews({ watch: false });
  const user = { username: 'cw1', displayName: 'Case Worker', role: 'caseworker' };
  const base = {
    stylesheetUrl: '/assets/app/govuk-x.css',
    assetPath: '/assets',
    csrfToken: 'TOKEN',
    pageTitle: 'T',
  };
  const page = (context: Record<string, unknown>) =>
    normalise(views.render('errors/not-found.njk', { branding: 'none', ...base, ...context }));
  const macro = (name: string, file: string, params: unknown) =>
    normalise(
      views.renderString(
        `{% from "govuk/components/${file}/macro.njk" import ${name} %}{{ ${name}(params) }}`,
        { params },
      ),
    );

  it.each([
    ['one section', [{ href: '/simulator', text: 'Simulator', active: true }]],
    [
      'several sections',
      [
        { href: '/dashboard', text: 'Dashboard', active: false },
        { href: '/cases', text: 'Cases', active: true },
      ],
    ],
  ])('writes out the service navigation the GOV.UK macro renders, with %s', (_, navigation) => {
    const signOut = `<li class="govuk-service-navigation__item"><form method="post" action="${paths.signOut()}" class="app-sign-out"><input type="hidden" name="_csrf" value="TOKEN"><button type="submit" class="govuk-service-navigation__link app-link-button">Sign out<span class="govuk-visually-hidden"> (cw1)</span></button></form></li>`;
    const expected = macro('govukServiceNavigation', 'service-navigation', {
      serviceName: 'Return Hubs',
      serviceUrl: paths.home(),
      navigation,
      slots: { navigationEnd: signOut },
    });
    expect(page({ user, navigation })).toContain(expected);
  });

  it('writes out the signed-out service navigation, skip link, breadcrumbs and back link as the macros do', () => {
    const breadcrumbs = [{ text: 'Cases', href: '/cases' }, { text: 'Case <1>' }];
    const html = page({
      user: null,
      navigation: [],
      breadcrumbs,
      backLink: { href: '/b', text: 'Back to it' },
    });
    for (const expected of [
      macro('govukServiceNavigation', 'service-navigation', {
        serviceName: 'Return Hubs',
        serviceUrl: paths.home(),
      }),
      macro('govukSkipLink', 'skip-link', { href: '#main-content', text: 'Skip to main content' }),
      macro('govukBreadcrumbs', 'breadcrumbs', { items: breadcrumbs }),
      macro('govukBackLink', 'back-link', { href: '/b', text: 'Back to it' }),
    ])
      expect(html).toContain(expected);
    expect(html).toContain('Case &lt;1&gt;');
  });

  it('keeps the GOV.UK header, footer and icons when the service.gov.uk branding is on', () => {
    const html = page({ branding: 'govuk', user: null, navigation: [] });
    expect(html).toContain(macro('govukHeader', 'header', { homepageUrl: paths.home() }));
    expect(html).toContain(macro('govukFooter', 'footer', {}));
    expect(html).toContain('/assets/images/favicon.svg');
    expect(page({ user: null, navigation: [] })).not.toContain('govuk-header');
  });

  it('writes out the case page tag, summary list and safeguard warnings as the macros render them', () => {
    const blocker = { title: 'Child in household', explanation: 'A child <under 18>', basis: 'Section 1' };
    const html = normalise(
      views.render('cases/show.njk', {
        branding: 'none',
        ...base,
        user,
        navigation: [],
        c: {
          reference: 'RH-1',
          state: 'FINALLY_REFUSED',
          refusedOn: '2026-01-02',
          claimBasis: 'political_opinion',
        },
        person: {
          reference: 'P-1',
          givenNames: 'A',
          familyName: 'B',
          dateOfBirth: '1990-05-06',
          nationality: 'IQ',
          arrivalDate: '2025-01-01',
          route: 'small_boat',
        },
        view: { flags: [], holds: [], rightToWork: { reason: 'No <permission>' } },
        household: [],
        timeline: [],
        transitions: [],
        onTransferPath: true,
        hubChecks: [
          { hub: { name: 'One' }, partner: { name: 'P' }, blockers: [blocker] },
          { hub: { name: 'Two' }, partner: { name: 'P' }, blockers: [blocker, blocker] },
        ],
      }),
    );
    expect(html).toContain(macro('govukTag', 'tag', { text: 'Finally refused', classes: 'govuk-tag--blue' }));
    const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
    expect(html).toContain(
      macro('govukSummaryList', 'summary-list', {
        rows: [
          row('Person reference', 'P-1'),
          row('Date of birth', '6 May 1990'),
          row('Nationality', 'IQ'),
          row('Arrived', '1 January 2025 (Small boat)'),
          row('Basis of claim', 'Political opinion'),
          row('Refused on', '2 January 2026'),
          row('Right to work', 'No <permission>'),
        ],
      }),
    );
    for (const text of [
      'Transfer to One is blocked by 1 safeguard.',
      'Transfer to Two is blocked by 2 safeguards.',
    ])
      expect(html).toContain(
        macro('govukWarningText', 'warning-text', { text, iconFallbackText: 'Warning' }),
      );
  });
});

describe('compactHtml', () => {
  it.each([
    ['<p>\n   a\n\n\n   <b>\n\t\n</b>', '<p>\na\n<b>\n</b>'],
    ['<pre>\n  keep\n\n  this</pre>\n   <p>\n\n  x</p>', '<pre>\n  keep\n\n  this</pre>\n<p>\nx</p>'],
    ['no newlines', 'no newlines'],
  ])('compacts %j to %j', (html, compact) => {
    expect(compactHtml(html)).toBe(compact);
  });
});

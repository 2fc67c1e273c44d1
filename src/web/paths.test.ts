import { describe, expect, it } from 'vitest';
import { paths, route } from './paths.ts';

describe('typed paths', () => {
  it('builds a path from its parameters, encoding each one', () => {
    expect(paths.cases.show({ caseId: 'a b/c' })).toBe('/cases/a%20b%2Fc');
    expect(paths.cases.transition({ caseId: 7, transition: 'refuse' })).toBe('/cases/7/transitions/refuse');
  });

  it('keeps the Fastify pattern for the route declaration', () => {
    expect(paths.cases.show.pattern).toBe('/cases/:caseId');
  });

  it('refuses to build a path when a parameter is missing', () => {
    const p = route('/x/:id');
    expect(() => (p as unknown as (a: object) => string)({})).toThrow('/x/:id needs id');
  });
});

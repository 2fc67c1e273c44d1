import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { errorPageFor } from './errorPages.ts';

describe('which error page a failure gets', () => {
  it.each([
    [new AppError('NOT_FOUND', 'x'), 404, 'errors/not-found.njk'],
    [new AppError('FORBIDDEN', 'x'), 403, 'errors/forbidden.njk'],
    [
      Object.assign(new Error('bad token'), { code: 'FST_CSRF_INVALID_TOKEN', statusCode: 403 }),
      403,
      'errors/form-expired.njk',
    ],
    [Object.assign(new Error('slow down'), { statusCode: 429 }), 429, 'errors/too-many.njk'],
    [new AppError('VALIDATION_FAILED', 'Enter a date'), 400, 'errors/problem.njk'],
    [new Error('database exploded at /src/store/db.ts:12'), 500, 'errors/server-error.njk'],
  ])('%s → %i %s', (error, status, template) => {
    const page = errorPageFor(error);
    expect(page.status).toBe(status);
    expect(page.template).toBe(template);
  });

  it('never passes an unexpected error’s message or stack to the page', () => {
    const page = errorPageFor(new Error('secret detail at /src/x.ts:1'));
    expect(JSON.stringify(page.context)).not.toContain('secret detail');
  });
});

/** Schemas shared by the API's route modules. */
import { z } from 'zod';
import { AppError } from '../errors.ts';

export const idParams = z.strictObject({ id: z.uuid('Use the record’s id (a UUID).') });

export const listQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
};

/** Opaque cursor: base64url of the last item's sort key. */
export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!key) {
    throw new AppError(
      'VALIDATION_FAILED',
      'The cursor is not one this API gave out. Start again without it.',
      {
        issues: [{ path: 'query.cursor', message: 'Unknown cursor' }],
      },
    );
  }
  return key;
}

/** `If-Match: "3"` or `If-Match: 3` → 3. The body's `version` wins when both are sent. */
export function expectedVersion(
  bodyVersion: number | undefined,
  ifMatch: string | string[] | undefined,
): number | undefined {
  if (bodyVersion !== undefined) return bodyVersion;
  const raw = Array.isArray(ifMatch) ? ifMatch[0] : ifMatch;
  if (raw === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(raw);
  if (!match) {
    throw new AppError('VALIDATION_FAILED', 'If-Match must be the record’s version, e.g. If-Match: "3".', {
      issues: [{ path: 'headers.if-match', message: 'Not a version number' }],
    });
  }
  return Number(match[1]);
}

export const versionField = z.number().int().min(1).optional();

export const errorBody = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });

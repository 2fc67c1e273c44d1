/**
 * The error catalogue. Every error the product raises on purpose has a stable `code`, an HTTP
 * status, and a message written for the reader: what went wrong and how to fix it.
 * One handler (in app.ts) renders these as JSON for the API and as a GOV.UK page for HTML.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON' },
  UNAUTHENTICATED: { status: 401, title: 'Sign in or send a valid API token' },
  FORBIDDEN: { status: 403, title: 'You do not have permission to do this' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  VERSION_CONFLICT: { status: 409, title: 'The record has changed since you read it' },
  IDEMPOTENCY_CONFLICT: { status: 409, title: 'This idempotency key was used for a different request' },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    title: 'A request with this idempotency key is still being handled',
  },
  CONFLICT: { status: 409, title: 'This conflicts with a record that already exists' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Send the body as application/json' },
  ILLEGAL_TRANSITION: { status: 409, title: 'This transition is not allowed from the current state' },
  TRANSFER_BLOCKED: { status: 422, title: 'A safeguard blocks this transfer' },
  GUARD_FAILED: { status: 422, title: 'The transition needs more information' },
  CAPACITY_EXCEEDED: { status: 422, title: 'There is no free place' },
  STALE_PROPOSAL: { status: 409, title: 'The allocation proposal is out of date' },
  MANIFEST_INVALID: { status: 422, title: 'The manifest breaks a transfer rule' },
  STAY_REFUSED: { status: 422, title: 'The stay event is not consistent with the record' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  IMPORT_INVALID: { status: 422, title: 'The file has problems; nothing was imported' },
  SCENARIO_INVALID: { status: 422, title: 'The scenario is not valid; nothing was run' },
  AUDIT_CHAIN_BROKEN: { status: 500, title: 'The audit trail has been tampered with' },
  INTERNAL: { status: 500, title: 'Something went wrong' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorCatalogue[code].status;
  }

  toJSON(): { code: ErrorCode; message: string; details?: unknown } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export const notFound = (what: string, id: string | number): AppError =>
  new AppError('NOT_FOUND', `No ${what} with id ${id}. Check the id, or list ${what}s to find it.`);

export const forbidden = (action: string): AppError =>
  new AppError('FORBIDDEN', `Your role may not ${action}. Ask an administrator if you need this access.`);

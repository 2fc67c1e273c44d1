/**
 * The one error handler: every failure leaves as JSON `{ code, message, details }` with a stable
 * code from src/errors.ts. Validation failures list every failing field's path. Unexpected errors
 * are logged and answered with a generic message; production never shows a stack.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode } from '../errors.ts';

export interface FieldIssue {
  /** Where: `body.transition`, `query.limit`, `params.id`. */
  path: string;
  message: string;
}

const where = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' } as const;

function validationIssues(
  context: string | undefined,
  validation: {
    keyword?: string;
    instancePath?: string;
    message?: string;
    params?: Record<string, unknown>;
  }[],
): FieldIssue[] {
  const prefix = where[(context ?? 'body') as keyof typeof where] ?? context ?? 'body';
  return validation.flatMap((v) => {
    const segments = (v.instancePath ?? '').split('/').filter((s) => s.length > 0);
    const base = [prefix, ...segments].join('.');
    // Zod reports unknown keys once with their names; name each as its own field.
    const keys = (v.params as { keys?: string[] } | undefined)?.keys;
    if (v.keyword === 'unrecognized_keys' && keys) {
      return keys.map((k) => ({ path: `${base}.${k}`, message: 'Unknown field: remove it' }));
    }
    return [{ path: base, message: v.message ?? 'Invalid value' }];
  });
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

const fastifyMessages: Partial<Record<ErrorCode, string>> = {
  MALFORMED_JSON: 'The body could not be read as JSON. Check it with a JSON validator and send it again.',
  PAYLOAD_TOO_LARGE: 'The body is larger than this API accepts. Send fewer records in one request.',
  UNSUPPORTED_MEDIA_TYPE: 'This API reads JSON only. Send the body with Content-Type: application/json.',
  RATE_LIMITED: 'Too many requests. Wait a moment and try again.',
};

export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = validationIssues(
      (error as { validationContext?: string }).validationContext,
      error.validation as never,
    );
    return new AppError(
      'VALIDATION_FAILED',
      `The request has ${issues.length} problem${issues.length === 1 ? '' : 's'}: ${issues
        .map((i) => `${i.path}: ${i.message}`)
        .join('; ')}.`,
      { issues },
    );
  }
  const fe = error as Partial<FastifyError> & { statusCode?: number };
  if (fe.code && fastifyCodes[fe.code]) {
    const code = fastifyCodes[fe.code]!;
    return new AppError(code, fastifyMessages[code] ?? fe.message ?? code);
  }
  if (fe.statusCode === 429) return new AppError('RATE_LIMITED', fastifyMessages.RATE_LIMITED!);
  if (fe.statusCode === 400 && error instanceof SyntaxError) {
    return new AppError('MALFORMED_JSON', fastifyMessages.MALFORMED_JSON!);
  }
  return undefined;
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const known = toAppError(error);
  if (known) {
    if (known.status >= 500) request.log.error({ err: error }, 'request failed');
    void reply.code(known.status).type('application/json').send(known.toJSON());
    return;
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response did not match its schema');
  } else {
    request.log.error({ err: error }, 'unexpected error');
  }
  const fe = error as Partial<FastifyError>;
  // A 4xx raised by Fastify itself (bad header, and so on): pass its message, never a stack.
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    void reply.code(fe.statusCode).send({ code: 'VALIDATION_FAILED', message: fe.message ?? 'Bad request' });
    return;
  }
  void reply
    .code(500)
    .send(
      new AppError(
        'INTERNAL',
        'Something went wrong on our side. Try again; if it keeps failing, tell us the time.',
      ).toJSON(),
    );
}

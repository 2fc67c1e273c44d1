/**
 * `Idempotency-Key` on POST: a retried request returns the stored response (with
 * `Idempotent-Replayed: true`) instead of acting twice; reusing a key for a different request is
 * refused with 409 IDEMPOTENCY_CONFLICT.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { canonicalJson } from '../store/audit.ts';
import { AppError } from '../errors.ts';
import type { Services } from '../services/index.ts';

const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey: string | null;
  }
}

const requestHash = (request: FastifyRequest): string =>
  createHash('sha256')
    .update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`)
    .digest('hex');

export function registerIdempotency(app: FastifyInstance, services: Services): void {
  if (!app.hasRequestDecorator('idempotencyKey')) app.decorateRequest('idempotencyKey', null);

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    const key = Array.isArray(header) ? header[0]! : header;
    if (!KEY_PATTERN.test(key)) {
      throw new AppError(
        'VALIDATION_FAILED',
        'The Idempotency-Key header must be 1 to 200 letters, digits or . _ : - (a UUID works).',
        { issues: [{ path: 'headers.idempotency-key', message: 'Invalid idempotency key' }] },
      );
    }
    const actor = request.actor!;
    const start = await services.idempotency.begin(actor, key, requestHash(request));
    switch (start.kind) {
      case 'new':
        request.idempotencyKey = key;
        return;
      case 'replay':
        reply.header('idempotent-replayed', 'true');
        return reply.code(start.statusCode).send(start.response);
      case 'conflict':
        throw new AppError(
          'IDEMPOTENCY_CONFLICT',
          'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
        );
      case 'in_progress':
        throw new AppError(
          'IDEMPOTENCY_IN_PROGRESS',
          'A request with this Idempotency-Key is still being handled. Wait for it, then retry.',
        );
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key || !request.actor) return payload;
    request.idempotencyKey = null;
    if (reply.statusCode >= 500) {
      await services.idempotency.abandon(request.actor, key);
    } else {
      const body =
        typeof payload === 'string' && payload.length > 0 ? (JSON.parse(payload) as unknown) : null;
      await services.idempotency.complete(request.actor, key, reply.statusCode, body);
    }
    return payload;
  });
}

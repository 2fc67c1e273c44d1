/**
 * The JSON API under /api: bearer-token authentication, idempotency keys on POST, then one route
 * module per resource. Every handler parses, calls a service with the actor, and returns its result.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../config.ts';
import type { Services } from '../services/index.ts';
import { registerBearerAuth } from './auth.ts';
import { registerIdempotency } from './idempotency.ts';
import { accommodationRoutes } from './accommodation.ts';
import { auditRoutes } from './audit.ts';
import { caseRoutes } from './cases.ts';
import { partnerRoutes } from './partners.ts';
import { personRoutes } from './people.ts';
import { safeguardingRoutes } from './safeguarding.ts';
import { userRoutes } from './users.ts';
import { allocationRoutes } from './allocations.ts';
import { ledgerRoutes } from './ledger.ts';
import { stayRoutes } from './stays.ts';
import { transferRoutes } from './transfers.ts';
import { webhookRoutes } from './webhooks.ts';

export interface ApiOptions {
  services: Services;
  config: Config;
}

export const apiRoutes: FastifyPluginAsync<ApiOptions> = async (app, { services }) => {
  // The API reads JSON only; Fastify's default text/plain parser would let strings through.
  app.removeContentTypeParser('text/plain');
  registerBearerAuth(app, services);
  registerIdempotency(app, services);
  for (const routes of [
    personRoutes,
    caseRoutes,
    safeguardingRoutes,
    partnerRoutes,
    accommodationRoutes,
    auditRoutes,
    userRoutes,
    allocationRoutes,
    transferRoutes,
    stayRoutes,
    ledgerRoutes,
    webhookRoutes,
  ]) {
    await app.register(routes, { services });
  }
};

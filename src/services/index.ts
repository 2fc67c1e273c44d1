/**
 * The services, composed from plain functions over one context. The JSON API, the web pages and
 * the CLI are three adapters over this object. Every method takes the acting `Actor` first, checks
 * the permission table, and does its writes and its audit event in one transaction.
 */
import type { Config } from '../config.ts';
import type { Store } from '../store/db.ts';
import { accommodationService } from './accommodation.ts';
import { auditService } from './audit.ts';
import { casesService } from './cases.ts';
import { createContext, type ServiceOptions } from './context.ts';
import { idempotencyService } from './idempotency.ts';
import { partnersService } from './partners.ts';
import { householdsService, peopleService } from './people.ts';
import { flagsService, holdsService } from './safeguarding.ts';
import { usersService } from './users.ts';
import { allocationsService } from './allocations.ts';
import { ledgerService } from './ledger.ts';
import { staysService } from './stays.ts';
import { transfersService } from './transfers.ts';
import { webhooksService } from './webhooks.ts';

export function createServices(store: Store, config: Config, options: ServiceOptions = {}) {
  const ctx = createContext(store, config, options);
  const cases = casesService(ctx);
  const webhooks = webhooksService(ctx);
  const accommodation = accommodationService(ctx);
  return {
    context: ctx,
    users: usersService(ctx),
    people: peopleService(ctx),
    households: householdsService(ctx),
    cases,
    flags: flagsService(ctx),
    holds: holdsService(ctx),
    partners: partnersService(ctx),
    accommodation,
    audit: auditService(ctx),
    idempotency: idempotencyService(ctx),
    // Hub operations (issue 5)
    allocations: allocationsService(ctx, { cases }),
    transfers: transfersService(ctx, { cases, webhooks }),
    stays: staysService(ctx, { cases }),
    ledger: ledgerService(ctx, { accommodation }),
    webhooks,
  };
}

export type Services = ReturnType<typeof createServices>;
export { SYSTEM_ACTOR } from './context.ts';
export type { ServiceOptions } from './context.ts';

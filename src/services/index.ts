/**
 * The services, composed from plain functions over one context. The JSON API, the web pages and
 * the CLI are three adapters over this object.
 */
import type { Config } from '../config.ts';
import type { Store } from '../store/db.ts';
import { auditService } from './audit.ts';
import { createContext, type ServiceOptions } from './context.ts';
import { idempotencyService } from './idempotency.ts';
import { usersService } from './users.ts';

export function createServices(store: Store, config: Config, options: ServiceOptions = {}) {
  const ctx = createContext(store, config, options);
  return {
    context: ctx,
    users: usersService(ctx),
    audit: auditService(ctx),
    idempotency: idempotencyService(ctx),
  };
}

export type Services = ReturnType<typeof createServices>;
export { SYSTEM_ACTOR } from './context.ts';

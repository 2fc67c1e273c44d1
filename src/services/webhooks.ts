/**
 * Partner webhooks (issue 5, item 5). A partner subscribes a URL to hub events; each event is
 * queued as a delivery in the same transaction as the change that caused it (an outbox), then
 * posted with an HMAC-SHA-256 signature, retried with exponential backoff, and every attempt is
 * logged. Payloads carry only what a partner officer may see: ids, references, dates, counts.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, desc, eq, inArray, lte } from 'drizzle-orm';
import { scopeOf } from '../domain/permissions.ts';
import type { Actor } from '../domain/types.ts';
import { AppError, notFound } from '../errors.ts';
import type { Executor } from '../store/db.ts';
import { partners, webhookDeliveries, webhookSubscriptions } from '../store/schema.ts';
import { authorise, authoriseOn } from './authorise.ts';
import type { ServiceContext } from './context.ts';

export const WEBHOOK_EVENTS = [
  'transfer.arrivals_expected',
  'transfer.manifest_finalised',
  'transfer.on_hold',
  'transfer.departed',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Attempts before a delivery is given up as failed. */
export const MAX_DELIVERY_ATTEMPTS = 8;
/** First retry after 30 s, doubling each time, at most an hour apart. */
export const RETRY_BASE_MS = 30_000;
export const RETRY_MAX_MS = 3_600_000;
const DELIVERY_TIMEOUT_MS = 10_000;

/** Wait before attempt `attempt + 1`, after `attempt` failed attempts (1, 2, ...). */
export function retryDelayMs(attempt: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
}

export const SIGNATURE_HEADER = 'x-hubs-signature';
export const TIMESTAMP_HEADER = 'x-hubs-timestamp';
export const EVENT_HEADER = 'x-hubs-event';
export const DELIVERY_HEADER = 'x-hubs-delivery';

/**
 * `sha256=<hex>` over `<timestamp>.<body>`: the timestamp is signed so a captured delivery cannot
 * be replayed later with a fresh one.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver runs: constant-time comparison, and a tolerance on the timestamp's age. */
export function verifyWebhookSignature(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  options: { now?: Date; toleranceSeconds?: number } = {},
): boolean {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp || !/^\d+$/.test(timestamp)) return false;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface WebhookSubscription {
  id: string;
  partnerId: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  createdAt: string;
}

export interface DeliveryAttempt {
  at: string;
  status: number | null;
  error: string | null;
  ms: number;
}

export interface WebhookDelivery {
  id: string;
  subscriptionId: string;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  deliveredAt: string | null;
  log: DeliveryAttempt[];
  payload: Record<string, unknown>;
}

type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;

const subscriptionView = (r: SubscriptionRow): WebhookSubscription => ({
  id: r.id,
  partnerId: r.partnerId,
  url: r.url,
  events: r.events as WebhookEvent[],
  active: r.active,
  createdAt: r.createdAt.toISOString(),
});

const deliveryView = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  subscriptionId: r.subscriptionId,
  event: r.event,
  status: r.status as WebhookDelivery['status'],
  attempts: r.attempts,
  nextAttemptAt: r.nextAttemptAt.toISOString(),
  deliveredAt: r.deliveredAt?.toISOString() ?? null,
  log: r.log as DeliveryAttempt[],
  payload: r.payload,
});

export type Fetch = typeof fetch;

export function webhooksService(ctx: ServiceContext, options: { fetch?: Fetch } = {}) {
  const { db } = ctx.store;
  const doFetch: Fetch = options.fetch ?? fetch;

  async function ownSubscription(ex: Executor, actor: Actor, id: string): Promise<SubscriptionRow> {
    authorise(actor, 'manage_webhooks');
    const [row] = await ex.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
    if (!row) throw notFound('webhook subscription', id);
    authoriseOn(actor, 'manage_webhooks', { partnerId: row.partnerId }, () =>
      notFound('webhook subscription', id),
    );
    return row;
  }

  /** Post one delivery now, and record the outcome (delivered, retry later, or failed). */
  async function attempt(row: DeliveryRow, sub: SubscriptionRow): Promise<WebhookDelivery> {
    const body = JSON.stringify({ id: row.id, event: row.event, data: row.payload });
    const timestamp = String(Math.floor(ctx.now().getTime() / 1000));
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await doFetch(sub.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [EVENT_HEADER]: row.event,
          [DELIVERY_HEADER]: row.id,
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signWebhook(sub.secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      status = response.status;
      await response.body?.cancel();
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const ms = Math.round(performance.now() - started);
    const attempts = row.attempts + 1;
    const ok = status !== null && status >= 200 && status < 300;
    const now = ctx.now();
    const log = [...(row.log as DeliveryAttempt[]), { at: now.toISOString(), status, error, ms }];
    const [updated] = await db
      .update(webhookDeliveries)
      .set({
        attempts,
        log,
        status: ok ? 'delivered' : attempts >= MAX_DELIVERY_ATTEMPTS ? 'failed' : 'pending',
        deliveredAt: ok ? now : null,
        nextAttemptAt: ok ? now : new Date(now.getTime() + retryDelayMs(attempts)),
      })
      .where(eq(webhookDeliveries.id, row.id))
      .returning();
    return deliveryView(updated!);
  }

  return {
    async subscribe(
      actor: Actor,
      input: { partnerId: string; url: string; events: WebhookEvent[] },
    ): Promise<WebhookSubscription & { secret: string }> {
      authorise(actor, 'manage_webhooks');
      authoriseOn(actor, 'manage_webhooks', { partnerId: input.partnerId }, () =>
        notFound('partner', input.partnerId),
      );
      const url = new URL(input.url);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new AppError('VALIDATION_FAILED', 'A webhook URL must be http or https.', {
          issues: [{ path: 'body.url', message: 'Use an http(s) URL' }],
        });
      }
      const secret = randomBytes(32).toString('base64url');
      return ctx.transaction(async (tx) => {
        const [partner] = await tx
          .select({ id: partners.id })
          .from(partners)
          .where(eq(partners.id, input.partnerId));
        if (!partner) throw notFound('partner', input.partnerId);
        const [row] = await tx
          .insert(webhookSubscriptions)
          .values({
            partnerId: input.partnerId,
            url: input.url,
            secret,
            events: input.events,
            createdBy: actor.userId,
          })
          .returning();
        const view = subscriptionView(row!);
        await ctx.audit(tx, actor, {
          action: 'webhook.subscribe',
          entityType: 'webhook_subscription',
          entityId: view.id,
          after: view,
        });
        return { ...view, secret };
      });
    },

    async unsubscribe(actor: Actor, id: string): Promise<WebhookSubscription> {
      return ctx.transaction(async (tx) => {
        const before = await ownSubscription(tx, actor, id);
        const [row] = await tx
          .update(webhookSubscriptions)
          .set({ active: false, updatedAt: ctx.now(), version: before.version + 1 })
          .where(eq(webhookSubscriptions.id, id))
          .returning();
        const view = subscriptionView(row!);
        await ctx.audit(tx, actor, {
          action: 'webhook.unsubscribe',
          entityType: 'webhook_subscription',
          entityId: id,
          before: subscriptionView(before),
          after: view,
        });
        return view;
      });
    },

    async list(actor: Actor): Promise<WebhookSubscription[]> {
      authorise(actor, 'manage_webhooks');
      const own = scopeOf(actor.role, 'manage_webhooks') === 'ownPartner' ? actor.partnerId : null;
      const rows = await db
        .select()
        .from(webhookSubscriptions)
        .where(own === null ? undefined : eq(webhookSubscriptions.partnerId, own))
        .orderBy(asc(webhookSubscriptions.createdAt));
      return rows.map(subscriptionView);
    },

    /** One subscription the actor manages (404 for another partner's, as if it did not exist). */
    async get(actor: Actor, id: string): Promise<WebhookSubscription> {
      return subscriptionView(await ownSubscription(db, actor, id));
    },

    /** The delivery log of a subscription, newest first. */
    async deliveries(actor: Actor, subscriptionId: string, limit = 100): Promise<WebhookDelivery[]> {
      await ownSubscription(db, actor, subscriptionId);
      const rows = await db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.subscriptionId, subscriptionId))
        .orderBy(desc(webhookDeliveries.createdAt))
        .limit(Math.min(limit, 1000));
      return rows.map(deliveryView);
    },

    /**
     * Queue `event` for every active subscription of the partner, inside the caller's
     * transaction: if the change rolls back, so does the notification.
     */
    async enqueue(
      tx: Executor,
      partnerId: string,
      event: WebhookEvent,
      payload: Record<string, unknown>,
    ): Promise<number> {
      const subs = await tx
        .select({ id: webhookSubscriptions.id, events: webhookSubscriptions.events })
        .from(webhookSubscriptions)
        .where(and(eq(webhookSubscriptions.partnerId, partnerId), eq(webhookSubscriptions.active, true)));
      const wanted = subs.filter((s) => s.events.includes(event));
      if (wanted.length === 0) return 0;
      await tx.insert(webhookDeliveries).values(
        wanted.map((s) => ({
          subscriptionId: s.id,
          event,
          payload: { ...payload, occurredAt: ctx.now().toISOString() },
          nextAttemptAt: ctx.now(),
        })),
      );
      return wanted.length;
    },

    /** Attempt every pending delivery that is due; returns what happened to each. */
    async deliverDue(limit = 100): Promise<WebhookDelivery[]> {
      const due = await db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, ctx.now())))
        .orderBy(asc(webhookDeliveries.nextAttemptAt))
        .limit(limit);
      if (due.length === 0) return [];
      const subs = await db
        .select()
        .from(webhookSubscriptions)
        .where(inArray(webhookSubscriptions.id, [...new Set(due.map((d) => d.subscriptionId))]));
      const byId = new Map(subs.map((s) => [s.id, s]));
      const out: WebhookDelivery[] = [];
      for (const row of due) out.push(await attempt(row, byId.get(row.subscriptionId)!));
      return out;
    },

    /**
     * Deliver in the background every `intervalMs` until stopped (the server starts this; tests
     * call `deliverDue` themselves).
     */
    startDispatcher(intervalMs = 5_000): () => void {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        this.deliverDue()
          .catch(() => undefined)
          .finally(() => {
            running = false;
          });
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

export type WebhooksService = ReturnType<typeof webhooksService>;

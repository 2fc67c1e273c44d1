import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import type { Services } from '../../services/index.ts';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../services/webhooks.ts';
import { allow } from '../auth.ts';
import { formBody, keepForm, takeForm, type FieldErrors } from '../forms.ts';
import { paths } from '../paths.ts';
import { escapeHtml, formatDate, humanise } from '../views.ts';

const EVENT_TEXT: Record<WebhookEvent, string> = {
  'transfer.arrivals_expected': 'Arrivals expected: a manifest to one of your hubs is final',
  'transfer.manifest_finalised': 'Manifest finalised',
  'transfer.on_hold': 'Someone was taken off a flight (never why)',
  'transfer.departed': 'A flight to one of your hubs departed',
};

/**
 * Notifications for partner officers: subscribe a webhook to their own hubs' transfer events,
 * read each subscription's delivery log (every attempt, its status and time), and stop one.
 * The signing secret is shown once, when the subscription is made.
 */
export function webhookRoutes(app: FastifyInstance, services: Services): void {
  const guard = { preHandler: allow('partner_officer') };
  const actor = (request: FastifyRequest) => request.user!;

  app.get(paths.webhooks.list.pattern, guard, async (request, reply) => {
    const subscriptions = await services.webhooks.list(actor(request));
    const form = takeForm(request, 'webhook-subscribe');
    const chosen = form.values.events === undefined ? null : [form.values.events].flat();
    return reply.view('webhooks/list.njk', {
      pageTitle: 'Notifications',
      form,
      errorList: form.errorList,
      eventItems: WEBHOOK_EVENTS.map((e) => ({
        value: e,
        text: EVENT_TEXT[e],
        hint: { text: e },
        checked: chosen === null || chosen.includes(e),
      })),
      rows: subscriptions.map((s) => [
        {
          html: `<a class="govuk-link" href="${paths.webhooks.show({ subscriptionId: s.id })}">${escapeHtml(s.url)}</a>`,
        },
        { text: s.events.join(', ') },
        { text: s.active ? 'Active' : 'Stopped' },
        { text: formatDate(s.createdAt) },
      ]),
    });
  });

  app.post(paths.webhooks.list.pattern, guard, async (request, reply) => {
    const who = actor(request);
    const body = formBody(request);
    const url = typeof body.url === 'string' ? body.url.trim() : '';
    const events = [body.events ?? []]
      .flat()
      .filter((e): e is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(e));
    const errors: FieldErrors = {};
    if (!/^https?:\/\/[^\s]+$/i.test(url) || !URL.canParse(url))
      errors.url = 'Enter the full address that will receive notifications, starting https://';
    if (events.length === 0) errors.events = 'Select at least one event to be notified of';
    if (Object.keys(errors).length === 0) {
      const made = await services.webhooks.subscribe(who, { partnerId: who.partnerId!, url, events });
      request.session.flash = `Subscribed. The signing secret is ${made.secret} — copy it now: it is not shown again. Each notification carries an HMAC-SHA-256 signature made with it.`;
      return reply.redirect(paths.webhooks.show({ subscriptionId: made.id }), 303);
    }
    keepForm(request, 'webhook-subscribe', { events: [], ...body }, errors);
    return reply.redirect(paths.webhooks.list(), 303);
  });

  app.get(paths.webhooks.show.pattern, guard, async (request, reply) => {
    const who = actor(request);
    const { subscriptionId } = request.params as { subscriptionId: string };
    const id = idOr404(subscriptionId);
    // Another partner's subscription is a 404 from the service.
    const [subscription, deliveries] = await Promise.all([
      services.webhooks.get(who, id),
      services.webhooks.deliveries(who, id, 100),
    ]);
    return reply.view('webhooks/show.njk', {
      pageTitle: 'Notification deliveries',
      subscription,
      stopAction: paths.webhooks.stop({ subscriptionId: id }),
      rows: deliveries.map((d) => [
        { text: d.event },
        { text: humanise(d.status) },
        { text: String(d.attempts), format: 'numeric' },
        {
          text:
            d.log
              .map((a) => `${formatDate(a.at)}: ${a.status ?? 'no answer'}${a.error ? ` (${a.error})` : ''}`)
              .join('; ') || 'Not tried yet',
        },
        {
          text: d.deliveredAt
            ? formatDate(d.deliveredAt)
            : d.status === 'pending'
              ? 'Next try soon'
              : 'Gave up',
        },
      ]),
      backLink: { href: paths.webhooks.list(), text: 'Back to notifications' },
    });
  });

  app.post(paths.webhooks.stop.pattern, guard, async (request, reply) => {
    const { subscriptionId } = request.params as { subscriptionId: string };
    await services.webhooks.unsubscribe(actor(request), idOr404(subscriptionId));
    request.session.flash = 'Notifications to this address have stopped.';
    return reply.redirect(paths.webhooks.show({ subscriptionId }), 303);
  });
}

function idOr404(id: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOT_FOUND', `No subscription ${id}.`);
  return id;
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { transitionLabel, isTransitionName } from '../../domain/lifecycle.ts';
import type { Services } from '../../services/index.ts';
import { allow } from '../auth.ts';
import { paths } from '../paths.ts';
import { escapeHtml, formatDate, humanise } from '../views.ts';

const total = (p: Record<string, number>) => Object.values(p).reduce((a, b) => a + b, 0);

/**
 * The partner portal: a partner officer's own hubs, arrivals expected, and residents with only the
 * minimised fields. The services scope every read to the officer's partner, so another partner's
 * resident is a 404, exactly as if it did not exist.
 */
export function partnerRoutes(app: FastifyInstance, services: Services): void {
  const guard = { preHandler: allow('partner_officer') };
  const actor = (request: FastifyRequest) => request.user!;
  const residentLink = (id: string, text: string) =>
    `<a class="govuk-link" href="${paths.partner.resident({ caseId: id })}">${escapeHtml(text)}</a>`;

  app.get(paths.partner.home.pattern, guard, async (request, reply) => {
    const who = actor(request);
    const hubs = await services.partners.listHubs(who);
    const occupancy = await Promise.all(hubs.map((h) => services.partners.occupancy(who, h.id)));
    const [allocated, scheduled, inHub] = await Promise.all(
      (['HUB_ALLOCATED', 'TRANSFER_SCHEDULED', 'IN_HUB'] as const).map((state) =>
        services.cases.list(who, { state, limit: 100 }),
      ),
    );
    const hubName = (id: string | null | undefined) => hubs.find((h) => h.id === id)?.name ?? '';
    const personRow = (item: (typeof inHub.items)[number], extra: { text: string }[]) => [
      { html: residentLink(item.case?.id ?? '', item.case?.reference ?? '') },
      { text: `${item.person?.givenNames ?? ''} ${item.person?.familyName ?? ''}`.trim() },
      { text: item.person?.nationality ?? '' },
      { text: (item.person?.languages ?? []).join(', ') || 'Not recorded' },
      ...extra,
    ];
    return reply.view('partner/home.njk', {
      pageTitle: 'Your hubs',
      hubRows: hubs.map((h, i) => [
        { text: h.name },
        { text: String(total(occupancy[i].usable)), format: 'numeric' },
        { text: String(total(occupancy[i].occupied)), format: 'numeric' },
        { text: String(total(occupancy[i].allocatedNotArrived)), format: 'numeric' },
        { text: String(total(occupancy[i].free)), format: 'numeric' },
        {
          text: `${occupancy[i].free.single_men} / ${occupancy[i].free.single_women} / ${occupancy[i].free.families}`,
        },
      ]),
      expectedRows: [...scheduled.items, ...allocated.items].map((item) =>
        personRow(item, [
          { text: hubName(item.case?.allocatedHubId) },
          {
            text: item.case?.transferScheduledFor
              ? formatDate(item.case.transferScheduledFor)
              : 'Not yet scheduled',
          },
        ]),
      ),
      residentRows: inHub.items.map((item) =>
        personRow(item, [
          { text: hubName(item.case?.allocatedHubId) },
          { text: formatDate(item.case?.arrivedInHubOn) },
        ]),
      ),
    });
  });

  app.get(paths.partner.resident.pattern, guard, async (request, reply) => {
    const { caseId } = request.params as { caseId: string };
    const who = actor(request);
    const view = await services.cases.get(who, caseId);
    const timeline = await services.cases.timeline(who, caseId);
    return reply.view('partner/resident.njk', {
      pageTitle: `Resident ${view.case?.reference ?? ''}`,
      view,
      person: view.person,
      c: view.case,
      timeline: [...timeline].reverse().map((e) => ({
        ...e,
        label: isTransitionName(e.transition) ? transitionLabel(e.transition) : humanise(e.transition),
      })),
      transitions: (view.availableTransitions ?? []).map((t) => ({
        ...t,
        href: paths.cases.transition({ caseId, transition: t.name }),
      })),
      backLink: { href: paths.partner.home(), text: 'Back to your hubs' },
    });
  });
}

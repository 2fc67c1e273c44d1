import type { FastifyInstance, FastifyRequest } from 'fastify';
import { transitionLabel, isTransitionName } from '../../domain/lifecycle.ts';
import { INCIDENT_KINDS, INCIDENT_TITLES, type IncidentKind } from '../../domain/transfers.ts';
import { AppError } from '../../errors.ts';
import { readTransitionForm, type FormField } from '../cases/transitionForm.ts';
import { formBody, keepForm, takeForm } from '../forms.ts';
import type { Services } from '../../services/index.ts';
import { allow } from '../auth.ts';
import { paths } from '../paths.ts';
import { escapeHtml, formatDate, humanise } from '../views.ts';

/** The incident form, read with the same helper as the transition forms. */
export const INCIDENT_FIELDS: FormField[] = [
  {
    name: 'kind',
    kind: 'radios',
    label: 'What happened',
    required: true,
    options: INCIDENT_KINDS.map((k) => ({ value: k, text: INCIDENT_TITLES[k] })),
  },
  { name: 'occurredOn', kind: 'date', label: 'Date', required: true },
  { name: 'description', kind: 'textarea', label: 'Description', required: true },
];

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
    const incidents = await services.transfers.incidents(who);
    return reply.view('partner/home.njk', {
      pageTitle: 'Your hubs',
      incidentLinks: hubs.map((h) => ({
        href: paths.partner.incident({ hubId: h.id }),
        text: `Record an incident at ${h.name}`,
      })),
      incidentRows: incidents.map((i) => [
        { text: formatDate(i.occurredOn) },
        { text: hubName(i.hubId) || 'On a transfer' },
        { text: INCIDENT_TITLES[i.kind] },
        { text: i.description },
      ]),
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

  async function ownHub(request: FastifyRequest) {
    const { hubId } = request.params as { hubId: string };
    const hub = (await services.partners.listHubs(actor(request))).find((h) => h.id === hubId);
    if (!hub) throw new AppError('NOT_FOUND', `No hub ${hubId}.`);
    return hub;
  }

  app.get(paths.partner.incident.pattern, guard, async (request, reply) => {
    const hub = await ownHub(request);
    const form = takeForm(request, `incident-${hub.id}`);
    return reply.view('partner/incident.njk', {
      pageTitle: `Record an incident at ${hub.name}`,
      hub,
      form,
      errorList: form.errorList.map((e) =>
        e.href === '#occurredOn' ? { ...e, href: '#occurredOn-day' } : e,
      ),
      kindItems: INCIDENT_KINDS.map((k) => ({
        value: k,
        text: INCIDENT_TITLES[k],
        checked: form.values.kind === k,
      })),
      backLink: { href: paths.partner.home(), text: 'Back to your hubs' },
    });
  });

  app.post(paths.partner.incident.pattern, guard, async (request, reply) => {
    const hub = await ownHub(request);
    const body = formBody(request);
    const { input, errors } = readTransitionForm(INCIDENT_FIELDS, body);
    const back = paths.partner.incident({ hubId: hub.id });
    if (Object.keys(errors).length === 0) {
      try {
        await services.transfers.recordIncident(actor(request), {
          hubId: hub.id,
          kind: input.kind as IncidentKind,
          occurredOn: (input.occurredOn as string | undefined) ?? services.context.today(),
          description: String(input.description),
        });
        request.session.flash = `Incident at ${hub.name} recorded.`;
        return reply.redirect(paths.partner.home(), 303);
      } catch (error) {
        if (
          !(error instanceof AppError) ||
          error.status >= 500 ||
          error.status === 403 ||
          error.status === 404
        )
          throw error;
        errors.description = error.message;
      }
    }
    keepForm(request, `incident-${hub.id}`, body, errors);
    return reply.redirect(back, 303);
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

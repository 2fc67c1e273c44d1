import type { FastifyInstance, FastifyRequest } from 'fastify';
import { transitionLabel, isTransitionName } from '../../domain/lifecycle.ts';
import { INCIDENT_KINDS, INCIDENT_TITLES, type IncidentKind } from '../../domain/transfers.ts';
import { AppError } from '../../errors.ts';
import { readTransitionForm, type FormField } from '../cases/transitionForm.ts';
import { type FieldErrors, formBody, isFormProblem, keepForm, takeForm } from '../forms.ts';
import { TRAVEL_DOCUMENTS, type StayExit } from '../../services/stays.ts';
import { RETURN_KINDS, RETURN_TO_UK_REASONS } from '../../domain/types.ts';
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

export const EXIT_KINDS = ['onward_return', 'return_to_uk', 'absconded'] as const;
const EXIT_TITLES: Record<(typeof EXIT_KINDS)[number], string> = {
  onward_return: 'Onward return to another country',
  return_to_uk: 'Return to the UK',
  absconded: 'Absconded (left without notice)',
};

/** The departure form: how the resident left, when, and what that kind of exit needs. */
export const DEPARTURE_FIELDS: FormField[] = [
  {
    name: 'exit',
    kind: 'radios',
    label: 'How the resident left',
    required: true,
    options: EXIT_KINDS.map((k) => ({ value: k, text: EXIT_TITLES[k] })),
  },
  { name: 'leftOn', kind: 'date', label: 'Date of departure', required: true },
  { name: 'destination', kind: 'text', label: 'Destination country', required: false },
  {
    name: 'travelDocument',
    kind: 'radios',
    label: 'Travel document',
    required: false,
    options: TRAVEL_DOCUMENTS.map((k) => ({ value: k, text: humanise(k) })),
  },
  {
    name: 'returnKind',
    kind: 'radios',
    label: 'Kind of return',
    required: false,
    options: RETURN_KINDS.map((k) => ({ value: k, text: humanise(k) })),
  },
  {
    name: 'reason',
    kind: 'radios',
    label: 'Reason for the return to the UK',
    required: false,
    options: RETURN_TO_UK_REASONS.map((k) => ({ value: k, text: humanise(k) })),
  },
  { name: 'note', kind: 'textarea', label: 'Note', required: false },
];

/** Reads the departure form into the stays service's exit, or the errors to show. */
export function readDepartureForm(body: Record<string, string | string[]>): {
  exit: StayExit | null;
  on: string | undefined;
  errors: FieldErrors;
} {
  const { input, errors } = readTransitionForm(DEPARTURE_FIELDS, body);
  const oneOf = <T extends string>(name: string, options: readonly T[], message: string): T | null => {
    const v = input[name] as string | undefined;
    if (v !== undefined && (options as readonly string[]).includes(v)) return v as T;
    errors[name] = message;
    return null;
  };
  const kind = errors.exit ? null : oneOf('exit', EXIT_KINDS, 'Select how the resident left');
  const note = (input.note as string | undefined) ?? null;
  let exit: StayExit | null = null;
  if (kind === 'onward_return') {
    const code = ((input.destination as string | undefined) ?? '').toUpperCase();
    const destination = /^[A-Z]{2}$/.test(code) ? code : undefined;
    if (!code) errors.destination = 'Enter the destination country';
    else if (!destination)
      errors.destination = 'Enter the destination as a two-letter country code, for example IQ';
    const travelDocument = oneOf('travelDocument', TRAVEL_DOCUMENTS, 'Select the travel document');
    const returnKind = oneOf(
      'returnKind',
      RETURN_KINDS,
      'Select whether the return was voluntary or enforced',
    );
    if (destination && travelDocument && returnKind) exit = { kind, destination, travelDocument, returnKind };
  } else if (kind === 'return_to_uk') {
    const reason = oneOf('reason', RETURN_TO_UK_REASONS, 'Select the reason for the return to the UK');
    if (reason) exit = { kind, reason, note };
  } else if (kind === 'absconded') exit = { kind, note };
  return {
    exit: Object.keys(errors).length === 0 ? exit : null,
    on: input.leftOn as string | undefined,
    errors,
  };
}

/** The arrival form: who came off the flight, and when. */
export const ARRIVAL_FIELDS: FormField[] = [
  { name: 'caseIds', kind: 'checkboxes', label: 'People who arrived', required: true },
  { name: 'arrivedOn', kind: 'date', label: 'Date of arrival', required: true },
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
    const landed = await services.transfers.list(who, { status: 'departed' });
    return reply.view('partner/home.njk', {
      pageTitle: 'Your hubs',
      incidentLinks: hubs.map((h) => ({
        href: paths.partner.incident({ hubId: h.id }),
        text: `Record an incident at ${h.name}`,
      })),
      arrivalRows: landed.map((t) => [
        {
          html: `<a class="govuk-link" href="${paths.partner.arrival({ transferId: t.id })}">Record arrivals from ${escapeHtml(t.departureAirport)} to ${escapeHtml(t.arrivalAirport)}</a>`,
        },
        { text: hubName(t.hubId) },
        { text: formatDate(t.departureOn) },
        { text: String(t.manifest.length), format: 'numeric' },
      ]),
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
        if (!isFormProblem(error)) throw error;
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
      departureHref:
        view.case?.state === 'IN_HUB' ? paths.partner.event({ caseId, event: 'departure' }) : null,
      backLink: { href: paths.partner.home(), text: 'Back to your hubs' },
    });
  });

  app.get(paths.partner.arrival.pattern, guard, async (request, reply) => {
    const { transferId } = request.params as { transferId: string };
    // Another partner's flight (or no such flight) is a 404 from the service.
    const transfer = await services.transfers.get(actor(request), transferId);
    const form = takeForm(request, `arrival-${transferId}`);
    const kept = form.values.caseIds === undefined ? null : [form.values.caseIds].flat();
    return reply.view('partner/arrival.njk', {
      pageTitle: `Record arrivals: flight from ${transfer.departureAirport}`,
      transfer,
      action: paths.partner.arrival({ transferId }),
      form,
      errorList: form.errorList.map((e) => (e.href === '#arrivedOn' ? { ...e, href: '#arrivedOn-day' } : e)),
      peopleItems: transfer.entries
        .filter((e) => transfer.manifest.includes(e.caseId))
        .map((e) => ({
          value: e.caseId,
          text: e.caseReference,
          checked: kept === null || kept.includes(e.caseId),
        })),
      backLink: { href: paths.partner.home(), text: 'Back to your hubs' },
    });
  });

  app.post(paths.partner.arrival.pattern, guard, async (request, reply) => {
    const { transferId } = request.params as { transferId: string };
    const body = formBody(request);
    const { input, errors } = readTransitionForm(ARRIVAL_FIELDS, body);
    const caseIds = input.caseIds as string[];
    if (caseIds.length === 0) errors.caseIds = 'Select the people who arrived';
    if (Object.keys(errors).length === 0) {
      try {
        const after = await services.transfers.arrive(actor(request), transferId, {
          on: input.arrivedOn as string,
          caseIds,
        });
        request.session.flash = `Arrivals recorded. ${after.manifest.length} ${after.manifest.length === 1 ? 'person is' : 'people are'} on the flight's manifest.`;
        return reply.redirect(paths.partner.home(), 303);
      } catch (error) {
        if (!isFormProblem(error)) throw error;
        errors.caseIds = error.message;
      }
    } else await services.transfers.get(actor(request), transferId);
    keepForm(request, `arrival-${transferId}`, { caseIds: [], ...body }, errors);
    return reply.redirect(paths.partner.arrival({ transferId }), 303);
  });

  const departurePattern = paths.partner.event.pattern.replace(':event', 'departure');

  app.get(departurePattern, guard, async (request, reply) => {
    const { caseId } = request.params as { caseId: string };
    // Another partner's resident (or no such case) is a 404 from the service.
    const view = await services.cases.get(actor(request), caseId);
    const form = takeForm(request, `departure-${caseId}`);
    const items = (name: string) =>
      DEPARTURE_FIELDS.find((f) => f.name === name)!.options!.map((o) => ({
        ...o,
        checked: form.values[name] === o.value,
      }));
    return reply.view('partner/departure.njk', {
      pageTitle: `Record a departure: resident ${view.case?.reference ?? ''}`,
      c: view.case,
      person: view.person,
      action: paths.partner.event({ caseId, event: 'departure' }),
      form,
      errorList: form.errorList.map((e) => (e.href === '#leftOn' ? { ...e, href: '#leftOn-day' } : e)),
      exitItems: items('exit'),
      travelDocumentItems: items('travelDocument'),
      returnKindItems: items('returnKind'),
      reasonItems: items('reason'),
      backLink: { href: paths.partner.resident({ caseId }), text: 'Back to the resident' },
    });
  });

  app.post(departurePattern, guard, async (request, reply) => {
    const { caseId } = request.params as { caseId: string };
    const body = formBody(request);
    const { exit, on, errors } = readDepartureForm(body);
    if (exit) {
      try {
        await services.stays.recordExit(actor(request), caseId, exit, { on });
        request.session.flash = `${EXIT_TITLES[exit.kind]} recorded.`;
        return reply.redirect(paths.partner.resident({ caseId }), 303);
      } catch (error) {
        if (!isFormProblem(error)) throw error;
        errors.exit = error.message;
      }
    } else {
      // Check the case is the officer's before replaying anything: another partner's is a 404.
      await services.cases.get(actor(request), caseId);
    }
    keepForm(request, `departure-${caseId}`, body, errors);
    return reply.redirect(paths.partner.event({ caseId, event: 'departure' }), 303);
  });
}

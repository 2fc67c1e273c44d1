import type { FastifyInstance, FastifyRequest } from 'fastify';
import { newTransferSchema } from '../../domain/transfers.ts';
import { TRANSFER_MODES } from '../../domain/types.ts';
import { AppError } from '../../errors.ts';
import type { Services } from '../../services/index.ts';
import type { TransferView } from '../../services/transfers.ts';
import { allow } from '../auth.ts';
import { fieldAnchor, readTransitionForm, type FormField } from '../cases/transitionForm.ts';
import { fieldErrors, type FieldErrors, formBody, isFormProblem, keepForm, takeForm } from '../forms.ts';
import { paths } from '../paths.ts';
import { escapeHtml, formatDate, humanise } from '../views.ts';

/** The flight form's fields, read as the transition forms are (dates as day, month, year); `newTransferSchema` says what is wrong with each. */
const FLIGHT_FIELDS: FormField[] = [
  { name: 'hubId', kind: 'hub', label: 'Hub', required: false },
  { name: 'mode', kind: 'radios', label: 'Kind of flight', required: false },
  { name: 'departureAirport', kind: 'text', label: 'Departure airport', required: false },
  { name: 'arrivalAirport', kind: 'text', label: 'Arrival airport', required: false },
  { name: 'departureOn', kind: 'date', label: 'Date of departure', required: true },
  { name: 'seats', kind: 'text', label: 'Seats for people transferred', required: false },
  { name: 'escorts', kind: 'text', label: 'Escorts', required: false },
];

const STEPS = {
  fill: 'Fill the manifest from approved allocations',
  finalise: 'Finalise the manifest',
  depart: 'Record departure',
  cancel: 'Cancel the flight',
} as const;
type Step = keyof typeof STEPS;

const whole = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : Number.NaN);

/**
 * Flights for senior caseworkers: plan a flight to a hub, fill its manifest from approved
 * allocations (whole households, never over the seats), finalise it, record departure, or cancel
 * it. Each step re-checks every blocker through the lifecycle and takes anyone blocked off with
 * the reason; caseworkers see the flights and their manifests.
 */
export function flightRoutes(app: FastifyInstance, services: Services): void {
  const guard = { preHandler: allow('caseworker', 'senior_caseworker') };
  const planGuard = { preHandler: allow('senior_caseworker') };
  const actor = (request: FastifyRequest) => request.user!;

  app.get(paths.flights.list.pattern, guard, async (request, reply) => {
    const who = actor(request);
    const [flights, hubs] = await Promise.all([
      services.transfers.list(who),
      services.partners.listHubs(who),
    ]);
    const hubName = new Map(hubs.map((h) => [h.id, h.name]));
    return reply.view('flights/list.njk', {
      pageTitle: 'Flights',
      canPlan: who.role === 'senior_caseworker',
      rows: flights.map((t) => [
        {
          html: `<a class="govuk-link" href="${paths.flights.show({ transferId: t.id })}">${escapeHtml(`${t.departureAirport} to ${t.arrivalAirport}`)}</a>`,
        },
        { text: formatDate(t.departureOn) },
        { text: hubName.get(t.hubId) ?? 'Unknown hub' },
        { text: `${t.manifest.length} of ${t.seats}`, format: 'numeric' },
        { text: humanise(t.status) },
      ]),
    });
  });

  app.get(paths.flights.plan.pattern, planGuard, async (request, reply) => {
    const hubs = await services.partners.listHubs(actor(request));
    const form = takeForm(request, 'flight-plan');
    return reply.view('flights/plan.njk', {
      pageTitle: 'Plan a flight',
      form,
      // The summary links to the first input of a date or of a set of radios.
      errorList: form.errorList.map((e) => ({ ...e, href: fieldAnchorHref(e.href) })),
      hubItems: [
        { value: '', text: 'Choose a hub' },
        ...hubs.map((h) => ({ value: h.id, text: h.name, selected: form.values.hubId === h.id })),
      ],
      modeItems: TRANSFER_MODES.map((m) => ({
        value: m,
        text: humanise(m),
        checked: form.values.mode === m,
      })),
      backLink: { href: paths.flights.list(), text: 'Back to flights' },
    });
  });

  app.post(paths.flights.plan.pattern, planGuard, async (request, reply) => {
    const body = formBody(request);
    // The date is read from its three boxes; then the API's own schema checks every field.
    const { input, errors } = readTransitionForm(FLIGHT_FIELDS, body);
    const text = (name: string) => String(input[name] ?? '');
    const parsed = newTransferSchema.safeParse({
      hubId: text('hubId'),
      mode: text('mode'),
      departureAirport: text('departureAirport').toUpperCase(),
      arrivalAirport: text('arrivalAirport').toUpperCase(),
      departureOn: input.departureOn ?? '',
      seats: whole(input.seats),
      escorts: whole(input.escorts),
    });
    if (!parsed.success) {
      for (const [field, message] of Object.entries(fieldErrors(parsed.error))) errors[field] ??= message;
    } else if (Object.keys(errors).length === 0) {
      try {
        const flight = await services.transfers.create(actor(request), parsed.data);
        request.session.flash = 'Flight planned. Fill its manifest from approved allocations.';
        return reply.redirect(paths.flights.show({ transferId: flight.id }), 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500 || error.status === 403) throw error;
        errors.hubId = error.message;
      }
    }
    keepForm(request, 'flight-plan', body, errors);
    return reply.redirect(paths.flights.plan(), 303);
  });

  app.get(paths.flights.show.pattern, guard, async (request, reply) => {
    const who = actor(request);
    const { transferId } = request.params as { transferId: string };
    const flight = await services.transfers.get(who, idOr404(transferId));
    const hub = await services.partners.getHub(who, flight.hubId);
    const form = takeForm(request, `flight-${transferId}`);
    return reply.view('flights/show.njk', {
      pageTitle: `Flight ${flight.departureAirport} to ${flight.arrivalAirport}`,
      flight,
      hubName: hub.name,
      form,
      errorList: form.errorList,
      steps: who.role === 'senior_caseworker' ? stepsFor(flight) : [],
      stepPath: (step: Step) => paths.flights.step({ transferId, step }),
      manifestRows: flight.entries
        .filter((e) => flight.manifest.includes(e.caseId))
        .map((e) => [
          {
            html: `<a class="govuk-link" href="${paths.cases.show({ caseId: e.caseId })}">${escapeHtml(e.caseReference)}</a>`,
          },
          { text: e.householdKey === e.caseId ? 'Travels alone' : 'With their household' },
        ]),
      changeRows: flight.changes.map((c) => [
        { text: formatDate(c.occurredAt) },
        { text: flight.entries.find((e) => e.caseId === c.caseId)?.caseReference ?? 'A case' },
        { text: humanise(c.change) },
        {
          text: [c.reason, ...(c.blockers ?? []).map((b) => `${b.code}: ${b.explanation}`)].join(' '),
        },
      ]),
      backLink: { href: paths.flights.list(), text: 'Back to flights' },
    });
  });

  app.post(paths.flights.step.pattern, planGuard, async (request, reply) => {
    const who = actor(request);
    const { transferId, step } = request.params as { transferId: string; step: string };
    if (!(step in STEPS)) throw new AppError('NOT_FOUND', `No flight step ${step}.`);
    const id = idOr404(transferId);
    const body = formBody(request);
    const errors: FieldErrors = {};
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    if (step === 'cancel' && reason.length < 5)
      errors.reason = 'Say why the flight is cancelled, in at least 5 characters';
    else {
      try {
        request.session.flash = await runStep(step as Step, id, reason);
        return reply.redirect(paths.flights.show({ transferId }), 303);
      } catch (error) {
        if (!isFormProblem(error)) throw error;
        errors[step === 'cancel' ? 'reason' : 'step'] = error.message;
      }
    }
    keepForm(request, `flight-${transferId}`, body, errors);
    return reply.redirect(paths.flights.show({ transferId }), 303);

    async function runStep(s: Step, flightId: string, why: string): Promise<string> {
      switch (s) {
        case 'fill': {
          const filled = await services.transfers.fill(who, flightId);
          const left = filled.left.length;
          return `The manifest has ${filled.manifest.length} of ${filled.seats} seats filled.${left > 0 ? ` ${left} ${left === 1 ? 'household was' : 'households were'} left off: see the changes below.` : ''}`;
        }
        case 'finalise': {
          const done = await services.transfers.finalise(who, flightId);
          return `Manifest finalised with ${done.manifest.length} ${done.manifest.length === 1 ? 'person' : 'people'}. The partner has been told who to expect.`;
        }
        case 'depart': {
          const done = await services.transfers.depart(who, flightId);
          return `Departure recorded for ${done.manifest.length} ${done.manifest.length === 1 ? 'person' : 'people'}.`;
        }
        case 'cancel':
          await services.transfers.cancel(who, flightId, why);
          return 'Flight cancelled. Everyone on it is back to waiting for a flight.';
      }
    }
  });
}

function fieldAnchorHref(href: string): string {
  const field = FLIGHT_FIELDS.find((f) => `#${f.name}` === href);
  return field ? `#${fieldAnchor(field)}` : href;
}

function idOr404(id: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOT_FOUND', `No flight ${id}.`);
  return id;
}

/** The steps a flight can take next, in order. */
function stepsFor(flight: TransferView): { step: Step; label: string }[] {
  const next: Step[] =
    flight.status === 'planned'
      ? ['fill', 'finalise', 'cancel']
      : flight.status === 'manifest_final'
        ? ['depart', 'cancel']
        : [];
  return next.map((step) => ({ step, label: STEPS[step] }));
}

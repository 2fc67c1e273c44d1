import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isTransitionName, transitionLabel, type TransitionName } from '../../domain/lifecycle.ts';
import { BLOCKER_RULES, type Blocker } from '../../domain/safeguards.ts';
import { CASE_STATES, type CaseState } from '../../domain/stages.ts';
import { AppError } from '../../errors.ts';
import type { caseloadService } from '../../services/caseload.ts';
import type { Services } from '../../services/index.ts';
import type { transferReadinessService } from '../../services/transferReadiness.ts';
import { allow } from '../auth.ts';
import { errorListFor, formBody, keepForm, takeForm, type FieldErrors } from '../forms.ts';
import { paths } from '../paths.ts';
import { escapeHtml, formatDate, humanise } from '../views.ts';
import { fieldAnchor, readTransitionForm, transitionFields, type FormField } from './transitionForm.ts';

export const CASEWORKER_ROLES = ['caseworker', 'senior_caseworker'] as const;
export const PAGE_SIZE = 25;

export interface CaseDeps {
  services: Services;
  caseload: ReturnType<typeof caseloadService>;
  readiness: ReturnType<typeof transferReadinessService>;
}

const caseLink = (id: string, text: string) =>
  `<a class="govuk-link" href="${paths.cases.show({ caseId: id })}">${escapeHtml(text)}</a>`;

/** The title of a blocker's rule, for the safeguards panel heading. */
export const blockerTitle = (b: Blocker): string => BLOCKER_RULES[b.code]?.title ?? humanise(b.code);

/** Domain and service refusals → messages on the form's fields (or on the form as a whole). */
export function errorsFromRefusal(error: AppError, fields: FormField[]): FieldErrors {
  const errors: FieldErrors = {};
  const first = fields.find((f) => f.name !== 'on') ?? fields[0];
  const formAnchor = first ? first.name : 'on';
  const details = (error.details ?? {}) as {
    issues?: { path: string; message: string }[];
    reasons?: string[];
    blockers?: Blocker[];
  };
  if (error.code === 'VALIDATION_FAILED' && details.issues?.length) {
    for (const issue of details.issues) {
      const name = issue.path.replace(/^body\./, '').split('.')[0];
      const field = fields.find((f) => f.name === name);
      const key = field ? field.name : formAnchor;
      if (!(key in errors)) errors[key] = issue.message;
    }
  } else if (error.code === 'GUARD_FAILED' && details.reasons?.length) {
    errors[formAnchor] = details.reasons.join('. ');
  } else if (error.code === 'TRANSFER_BLOCKED' && details.blockers?.length) {
    errors[formAnchor] = `A safeguard blocks this: ${details.blockers.map((b) => b.explanation).join(' ')}`;
  } else if (error.code === 'VERSION_CONFLICT') {
    errors[formAnchor] =
      'Someone else changed this case while you were working on it. Check the case again, then resubmit.';
  } else {
    errors[formAnchor] = error.message;
  }
  return errors;
}

/** Radio and checkbox items with what the user chose ticked again. */
export function fieldItems(field: FormField, value: unknown) {
  const chosen = [value ?? []].flat().map(String);
  if (field.kind === 'checkbox')
    return [{ value: 'yes', text: field.label, checked: chosen.includes('yes') }];
  return (field.options ?? []).map((o) => ({
    value: o.value,
    text: o.text,
    checked: chosen.includes(o.value),
  }));
}

export function caseRoutes(app: FastifyInstance, deps: CaseDeps): void {
  const { services, caseload, readiness } = deps;
  const guard = { preHandler: allow(...CASEWORKER_ROLES) };
  const actor = (request: FastifyRequest) => request.user!;

  app.get(paths.dashboard.pattern, guard, async (request, reply) => {
    const who = actor(request);
    const { counts, holds: holdsByKind, deadlines, occupancy } = await caseload.dashboard(who);
    const total = (p: Record<string, number>) => Object.values(p).reduce((a, b) => a + b, 0);
    return reply.view('cases/dashboard.njk', {
      pageTitle: 'Dashboard',
      stageRows: CASE_STATES.filter((s) => counts[s]).map((s) => [
        { html: `<a class="govuk-link" href="${paths.cases.list()}?state=${s}">${humanise(s)}</a>` },
        { text: String(counts[s]), format: 'numeric' },
      ]),
      totalCases: Object.values(counts).reduce((a, b) => a + (b ?? 0), 0),
      holdRows: holdsByKind.map((h) => [
        { text: humanise(h.kind) },
        { text: String(h.n), format: 'numeric' },
      ]),
      deadlineRows: deadlines.map((d) => [
        { html: caseLink(d.caseId, d.reference) },
        { text: d.what },
        { text: formatDate(d.due) },
      ]),
      occupancyRows: occupancy.map((o) => [
        { text: o.hub.name },
        { text: String(total(o.usable)), format: 'numeric' },
        { text: String(total(o.occupied)), format: 'numeric' },
        { text: String(total(o.allocatedNotArrived)), format: 'numeric' },
        { text: String(total(o.free)), format: 'numeric' },
      ]),
    });
  });

  app.get(paths.cases.list.pattern, guard, async (request, reply) => {
    const q = request.query as { state?: string; nationality?: string; reference?: string; after?: string };
    const errors: FieldErrors = {};
    const state =
      q.state && (CASE_STATES as readonly string[]).includes(q.state) ? (q.state as CaseState) : undefined;
    if (q.state && !state) errors.state = 'Choose a stage from the list';
    const nationality = q.nationality?.trim().toUpperCase() || undefined;
    if (nationality && !/^[A-Z]{2}$/.test(nationality))
      errors.nationality = 'Enter a two-letter country code, for example AL';
    const reference = q.reference?.trim() || undefined;
    const ok = Object.keys(errors).length === 0;
    const page = ok
      ? await services.cases.list(actor(request), {
          state,
          nationality,
          reference,
          after: q.after || undefined,
          limit: PAGE_SIZE,
        })
      : { items: [], next: null };
    const filters = new URLSearchParams();
    if (state) filters.set('state', state);
    if (nationality) filters.set('nationality', nationality);
    if (reference) filters.set('reference', reference);
    const nextParams = new URLSearchParams(filters);
    if (page.next) nextParams.set('after', page.next);
    return reply.view('cases/list.njk', {
      pageTitle: 'Cases',
      errorList: errorListFor(errors),
      errors,
      query: {
        state: state ?? '',
        nationality: errors.nationality ? (q.nationality ?? '') : (nationality ?? ''),
        reference: reference ?? '',
      },
      stateItems: [
        { value: '', text: 'Any stage' },
        ...CASE_STATES.map((s) => ({ value: s, text: humanise(s), selected: s === state })),
      ],
      rows: page.items.map((item) => [
        { html: caseLink(item.case?.id ?? '', item.case?.reference ?? '') },
        { text: `${item.person?.givenNames ?? ''} ${item.person?.familyName ?? ''}`.trim() },
        { text: item.person?.nationality ?? '' },
        { text: humanise(item.case?.state) },
        { text: formatDate(item.person?.arrivalDate) },
      ]),
      next: page.next ? `${paths.cases.list()}?${nextParams}` : null,
      first: q.after ? `${paths.cases.list()}?${filters}` : null,
    });
  });

  app.get(paths.cases.show.pattern, guard, async (request, reply) => {
    const { caseId } = request.params as { caseId: string };
    const who = actor(request);
    // Asked together, the case, its timeline, household and safeguards panel are read (and
    // audited) in one group-commit batch: one transaction for every page waiting at that moment.
    const [view, timeline, panel] = await Promise.all([
      services.cases.get(who, caseId),
      services.cases.timeline(who, caseId),
      readiness.casePanel(who, caseId),
    ]);
    const c = view.case!;
    const person = view.person!;
    const { onTransferPath, hubChecks } = panel;
    return reply.view('cases/show.njk', {
      pageTitle: `Case ${c.reference}`,
      view,
      c,
      person,
      household: panel.household.filter((m) => m.person?.id !== person.id),
      timeline: [...timeline].reverse().map((e) => ({
        ...e,
        label: isTransitionName(e.transition) ? transitionLabel(e.transition) : humanise(e.transition),
      })),
      hubChecks: hubChecks.map((h) => ({
        hub: h.hub,
        partner: h.partner,
        blockers: h.blockers.map((b) => ({ ...b, title: blockerTitle(b), own: b.personId === person.id })),
      })),
      onTransferPath,
      transitions: (view.availableTransitions ?? []).map((t) => ({
        ...t,
        href: paths.cases.transition({ caseId, transition: t.name }),
        blockers: t.blockers.map((b) => ({ ...b, title: blockerTitle(b) })),
      })),
      breadcrumbs: [{ text: 'Cases', href: paths.cases.list() }, { text: c.reference ?? '' }],
    });
  });

  async function transitionContext(request: FastifyRequest) {
    const { caseId, transition } = request.params as { caseId: string; transition: string };
    if (!isTransitionName(transition)) throw new AppError('NOT_FOUND', `No action called ${transition}.`);
    const view = await services.cases.get(actor(request), caseId);
    const available = (view.availableTransitions ?? []).find((t) => t.name === transition);
    // Only the transitions the case allows now, for this role, have a form.
    if (!available)
      throw new AppError('NOT_FOUND', `This case cannot ${humanise(transition).toLowerCase()} now.`);
    return { caseId, name: transition as TransitionName, view, available };
  }

  const transitionGuard = { preHandler: allow(...CASEWORKER_ROLES, 'partner_officer') };
  const caseHome = (request: FastifyRequest, caseId: string) =>
    request.user?.role === 'partner_officer'
      ? paths.partner.resident({ caseId })
      : paths.cases.show({ caseId });

  app.get(paths.cases.transition.pattern, transitionGuard, async (request, reply) => {
    const { caseId, name, view, available } = await transitionContext(request);
    const fields = transitionFields(name);
    const form = takeForm(request, `transition-${caseId}-${name}`);
    const hubs = fields.some((f) => f.kind === 'hub') ? await services.partners.listHubs(actor(request)) : [];
    return reply.view('cases/transition.njk', {
      pageTitle: available.label,
      view,
      c: view.case,
      available,
      blockers: available.blockers.map((b) => ({ ...b, title: blockerTitle(b) })),
      fields: fields.map((f) => ({
        ...f,
        anchor: fieldAnchor(f),
        items: fieldItems(f, form.values[f.name]),
      })),
      hubItems: [
        { value: '', text: 'Choose a hub' },
        ...hubs.map((h) => ({ value: h.id, text: h.name, selected: form.values.hubId === h.id })),
      ],
      form,
      errorList: form.errorList.map((e) => {
        const f = fields.find((x) => `#${x.name}` === e.href);
        return f ? { ...e, href: `#${fieldAnchor(f)}` } : e;
      }),
      backLink: { href: caseHome(request, caseId), text: 'Back to the case' },
    });
  });

  app.post(paths.cases.transition.pattern, transitionGuard, async (request, reply) => {
    const { caseId, name, view, available } = await transitionContext(request);
    const fields = transitionFields(name);
    const body = formBody(request);
    const { input, errors } = readTransitionForm(fields, body);
    const formKey = `transition-${caseId}-${name}`;
    const back = paths.cases.transition({ caseId, transition: name });
    if (Object.keys(errors).length > 0) {
      keepForm(request, formKey, body, errors);
      return reply.redirect(back, 303);
    }
    const version = Number(body.version);
    try {
      await services.cases.transition(actor(request), caseId, {
        transition: name,
        ...(Number.isInteger(version) ? { version } : { version: view.case?.version }),
        ...input,
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.status === 404 || error.status === 403)
        throw error;
      keepForm(request, formKey, body, errorsFromRefusal(error, fields));
      return reply.redirect(back, 303);
    }
    request.session.flash = `${view.case?.reference}: ${available.label} recorded.`;
    return reply.redirect(caseHome(request, caseId), 303);
  });
}

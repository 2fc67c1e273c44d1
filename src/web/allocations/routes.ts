import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Blocker } from '../../domain/safeguards.ts';
import { AppError } from '../../errors.ts';
import type { ProposalChange, StoredProposal } from '../../services/allocations.ts';
import type { Services } from '../../services/index.ts';
import { allow } from '../auth.ts';
import { type FieldErrors, formBody, isFormProblem, keepForm, takeForm } from '../forms.ts';
import { paths } from '../paths.ts';
import { escapeHtml, formatDate, formatPence, humanise } from '../views.ts';

/** Households that could not be placed, listed one by one before the page says "and N more". */
export const UNPLACED_SHOWN = 100;

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Hub allocation: ask the optimiser (HiGHS, off the request thread) for a proposal, review it —
 * who goes where, at what cost, the alternatives each household had and why the others were not
 * placed — and, as a senior caseworker, approve all or some of it. Approval goes through the
 * lifecycle, so every blocker is checked again and a stale proposal is refused with what changed.
 */
export function allocationRoutes(app: FastifyInstance, services: Services): void {
  const guard = { preHandler: allow('caseworker', 'senior_caseworker') };
  const actor = (request: FastifyRequest) => request.user!;

  app.get(paths.allocations.list.pattern, guard, async (request, reply) => {
    const who = actor(request);
    const proposals = await services.allocations.list(who, 20);
    const form = takeForm(request, 'allocation-propose');
    return reply.view('allocations/list.njk', {
      pageTitle: 'Hub allocations',
      form,
      errorList: form.errorList,
      today: services.context.today(),
      rows: proposals.map((p) => [
        {
          html: `<a class="govuk-link" href="${paths.allocations.show({ proposalId: p.id })}">Proposal for ${escapeHtml(formatDate(p.proposedFor))}</a>`,
        },
        { text: humanise(p.status) },
        { text: formatDate(p.createdAt) },
        { text: p.decidedAt ? formatDate(p.decidedAt) : 'Not yet' },
      ]),
    });
  });

  app.post(paths.allocations.list.pattern, guard, async (request, reply) => {
    const body = formBody(request);
    const date = typeof body.date === 'string' ? body.date.trim() : '';
    const errors: FieldErrors = {};
    if (date !== '' && (!isoDay.test(date) || Number.isNaN(Date.parse(date))))
      errors.date = 'Enter the date as YYYY-MM-DD, for example 2026-12-01, or leave it empty for today';
    if (Object.keys(errors).length > 0) {
      keepForm(request, 'allocation-propose', body, errors);
      return reply.redirect(paths.allocations.list(), 303);
    }
    const proposal = await services.allocations.propose(actor(request), date ? { date } : {});
    request.session.flash = `The optimiser placed ${proposal.proposal.peoplePlaced} of ${proposal.proposal.peoplePlaced + proposal.proposal.peopleUnplaced} eligible people. Review the proposal below.`;
    return reply.redirect(paths.allocations.show({ proposalId: proposal.id }), 303);
  });

  app.get(paths.allocations.show.pattern, guard, async (request, reply) => {
    const who = actor(request);
    const { proposalId } = request.params as { proposalId: string };
    const proposal = await services.allocations.get(who, proposalIdOr404(proposalId));
    const form = takeForm(request, `allocation-${proposalId}`);
    const kept = form.values.households === undefined ? null : [form.values.households].flat();
    const changes = (form.values.changes ?? []) as ProposalChange[];
    const canApprove = who.role === 'senior_caseworker' && proposal.status === 'proposed';
    const view = proposalView(proposal);
    return reply.view('allocations/show.njk', {
      pageTitle: `Allocation proposal for ${formatDate(proposal.proposedFor)}`,
      proposal,
      form,
      errorList: form.errorList,
      canApprove,
      action: paths.allocations.approve({ proposalId }),
      ...view,
      householdItems: view.placed.map((h) => ({
        value: h.key,
        html: `<span class="govuk-!-font-weight-bold">${escapeHtml(h.references)}</span> to ${escapeHtml(h.hub)}, ${escapeHtml(formatPence(h.costPence))}`,
        checked: kept === null ? false : kept.includes(h.key),
      })),
      changeRows: changes.map((c) => [
        { text: c.caseReference },
        { text: c.message },
        {
          text:
            (c.blockers ?? []).map((b) => `${b.code}: ${b.explanation} (${b.basis})`).join(' ') ||
            humanise(c.code),
        },
      ]),
      backLink: { href: paths.allocations.list(), text: 'Back to hub allocations' },
    });
  });

  app.post(paths.allocations.approve.pattern, guard, async (request, reply) => {
    const { proposalId } = request.params as { proposalId: string };
    const body = formBody(request);
    const choice = body.approve === 'all' ? 'all' : 'selected';
    const households = body.households === undefined ? [] : [body.households].flat();
    const errors: FieldErrors = {};
    let changes: ProposalChange[] = [];
    if (choice === 'selected' && households.length === 0)
      errors.households = 'Select the households to approve, or approve the whole proposal';
    else {
      try {
        const approved = await services.allocations.approve(
          actor(request),
          proposalIdOr404(proposalId),
          choice === 'all' ? {} : { households },
        );
        const people = approved.approvedKeys.reduce(
          (n, key) => n + (approved.proposal.placed.find((p) => p.key === key)?.personIds.length ?? 0),
          0,
        );
        request.session.flash = `Approved: ${people} ${people === 1 ? 'person is' : 'people are'} allocated to hubs. Their cases now wait for a flight.`;
        return reply.redirect(paths.allocations.show({ proposalId }), 303);
      } catch (error) {
        if (!isFormProblem(error)) throw error;
        errors.households = error.message;
        changes = (error.details as { changes?: ProposalChange[] } | undefined)?.changes ?? [];
      }
    }
    keepForm(request, `allocation-${proposalId}`, { households, changes }, errors);
    return reply.redirect(paths.allocations.show({ proposalId }), 303);
  });
}

function proposalIdOr404(id: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOT_FOUND', `No allocation proposal ${id}.`);
  return id;
}

/** The proposal as the page shows it: people by case reference, hubs by name. */
function proposalView(stored: StoredProposal) {
  const references = (personIds: string[]) =>
    personIds.map((id) => stored.people[id]?.caseReference ?? 'unknown case').join(', ');
  const hubName = (hubId: string) => {
    const hub = stored.hubs[hubId];
    return hub ? `${hub.name} (${hub.partnerName})` : 'an unknown hub';
  };
  const approved = new Set(stored.approvedKeys);
  const placed = stored.proposal.placed.map((h) => ({
    key: h.key,
    references: references(h.personIds),
    hub: hubName(h.hubId),
    costPence: h.costPence,
    people: h.personIds.length,
  }));
  const placedRows = stored.proposal.placed.map((h) => [
    { text: references(h.personIds) },
    { text: String(h.personIds.length), format: 'numeric' },
    { text: hubName(h.hubId) },
    { text: formatPence(h.costPence), format: 'numeric' },
    {
      text:
        h.alternatives.length === 0
          ? 'None: this was the only lawful hub'
          : h.alternatives.map((a) => `${hubName(a.hubId)} ${formatPence(a.costPence)}`).join('; '),
    },
    {
      text: approved.has(h.key)
        ? 'Approved'
        : stored.status === 'proposed'
          ? 'Awaiting approval'
          : 'Not approved',
    },
  ]);
  const unplaced = stored.proposal.unplaced;
  const byReason = new Map<string, number>();
  for (const u of unplaced) byReason.set(u.reason, (byReason.get(u.reason) ?? 0) + u.personIds.length);
  const blockerCodes = (blockers: { blockers: Blocker[] }[]) =>
    [...new Set(blockers.flatMap((b) => b.blockers.map((x) => x.code)))].join(', ');
  const unplacedRows = unplaced.slice(0, UNPLACED_SHOWN).map((u) => [
    { text: references(u.personIds) },
    { text: humanise(u.reason) },
    {
      text:
        u.reason === 'no_capacity'
          ? `${u.explanation} Lawful hubs: ${u.eligible.map((e) => hubName(e.hubId)).join(', ') || 'none'}.`
          : u.explanation.includes(':')
            ? u.explanation
            : `${u.explanation} Blockers: ${blockerCodes(u.blockersByHub) || 'none recorded'}.`,
    },
  ]);
  return {
    placed,
    placedRows,
    unplacedRows,
    unplacedMore: Math.max(0, unplaced.length - UNPLACED_SHOWN),
    summaryRows: [
      [{ text: 'People placed' }, { text: String(stored.proposal.peoplePlaced), format: 'numeric' }],
      [{ text: 'People not placed' }, { text: String(stored.proposal.peopleUnplaced), format: 'numeric' }],
      ...[...byReason].map(([reason, n]) => [
        { text: `Not placed: ${humanise(reason).toLowerCase()}` },
        { text: String(n), format: 'numeric' },
      ]),
      [
        { text: 'Cost of the placements' },
        { text: formatPence(stored.proposal.totalCostPence), format: 'numeric' },
      ],
    ],
  };
}

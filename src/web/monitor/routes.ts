import type { FastifyInstance, FastifyRequest } from 'fastify';
import { earliestDepartureAfterNotice } from '../../domain/calendar.ts';
import { INCIDENT_TITLES } from '../../domain/transfers.ts';
import type { Case } from '../../domain/types.ts';
import type { Services } from '../../services/index.ts';
import { allow } from '../auth.ts';
import { paths } from '../paths.ts';
import { formatDate, humanise } from '../views.ts';

const TRANSFER_STATES = [
  'HUB_ALLOCATED',
  'TRANSFER_SCHEDULED',
  'IN_HUB',
  'ONWARD_RETURNED',
  'RETURNED_TO_UK',
] as const;

/**
 * One transfer's compliance: each step the safeguards are re-checked at, when it happened, and
 * whether notice was served early enough. A recorded step means every blocker was checked and none
 * held (the lifecycle refuses the step otherwise); the notice period is checked again here.
 */
export function transferCompliance(c: Partial<Case>, noticeWorkingDays: number) {
  const earliest = c.noticeOfTransferServedOn
    ? earliestDepartureAfterNotice(c.noticeOfTransferServedOn, noticeWorkingDays)
    : null;
  const departure = c.departedOn ?? c.transferScheduledFor ?? null;
  const notice = !departure
    ? 'Not yet due'
    : !c.noticeOfTransferServedOn
      ? 'No notice recorded'
      : earliest && departure >= earliest
        ? `Served ${formatDate(c.noticeOfTransferServedOn)}: in time`
        : `Served ${formatDate(c.noticeOfTransferServedOn)}: too late`;
  const step = (on: string | null | undefined) =>
    on ? `${formatDate(on)}, checked, no blockers` : 'Not reached';
  return {
    allocation: step(c.allocatedOn),
    scheduling: step(c.transferScheduledFor ? (c.noticeOfTransferServedOn ?? c.allocatedOn) : null),
    departure: step(c.departedOn),
    arrival: step(c.arrivedInHubOn),
    notice,
    noticeOk: !notice.endsWith('too late') && notice !== 'No notice recorded',
  };
}

export function monitorRoutes(app: FastifyInstance, services: Services): void {
  const guard = { preHandler: allow('monitor') };
  const actor = (request: FastifyRequest) => request.user!;
  const noticeDays = services.context.config.NOTICE_WORKING_DAYS;

  app.get(paths.monitor.home.pattern, guard, async (request, reply) => {
    const who = actor(request);
    const q = request.query as { after?: string };
    const cases = await services.cases.list(who, { limit: 25, after: q.after || undefined });
    const transfers = (
      await Promise.all(TRANSFER_STATES.map((state) => services.cases.list(who, { state, limit: 25 })))
    ).flatMap((page) => page.items);
    const [incidents, hubs] = await Promise.all([
      services.transfers.incidents(who),
      services.partners.listHubs(who),
    ]);
    const audit = request.session.auditResult;
    if (audit) request.session.auditResult = undefined;
    return reply.view('monitor/home.njk', {
      pageTitle: 'Monitoring',
      caseRows: cases.items.map((item) => [
        { text: item.pseudonym ?? '' },
        { text: humanise(item.case?.state) },
        { text: item.person?.nationality ?? '' },
        { text: humanise(item.person?.sex) },
        { text: formatDate(item.person?.arrivalDate) },
      ]),
      next: cases.next ? `${paths.monitor.home()}?after=${encodeURIComponent(cases.next)}` : null,
      transferRows: transfers.map((item) => {
        const c = transferCompliance(item.case ?? {}, noticeDays);
        return [
          { text: item.pseudonym ?? '' },
          { text: humanise(item.case?.state) },
          { text: c.allocation },
          { text: c.departure },
          { text: c.arrival },
          { html: c.noticeOk ? c.notice : `<strong class="govuk-tag govuk-tag--red">${c.notice}</strong>` },
        ];
      }),
      incidentRows: incidents.map((i) => [
        { text: formatDate(i.occurredOn) },
        { text: hubs.find((h) => h.id === i.hubId)?.name ?? 'On a transfer' },
        { text: INCIDENT_TITLES[i.kind] },
        { text: i.description },
      ]),
      audit,
    });
  });

  app.post(paths.monitor.audit.pattern, guard, async (request, reply) => {
    const result = await services.audit.verify(actor(request));
    request.session.auditResult = result.ok
      ? {
          ok: true,
          text: `The audit trail is intact: ${result.events.toLocaleString('en-GB')} events verified, each hash linked to the one before.`,
        }
      : {
          ok: false,
          text: `The audit trail has been tampered with: the chain breaks at event ${result.brokenAt} (${humanise(result.reason)}), after ${result.events} good events.`,
        };
    return reply.redirect(`${paths.monitor.home()}#audit`, 303);
  });
}

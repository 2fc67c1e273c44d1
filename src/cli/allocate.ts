/**
 * `hubs allocate`: ask the optimiser for a hub allocation proposal and print it for review
 * (`--dry-run` stores nothing), and `hubs allocate approve <id>` to approve all or part of one.
 */
import type { Command } from 'commander';
import { formatPence } from '../domain/money.ts';
import type { Actor } from '../domain/types.ts';
import { createServices, SYSTEM_ACTOR } from '../services/index.ts';
import type { StoredProposal } from '../services/allocations.ts';
import type { CliDeps } from './deps.ts';
import { actorFor, withStore } from './deps.ts';

/** The operator at the console, reviewing as a senior caseworker would (no `--as` given). */
const OPERATOR: Actor = { ...SYSTEM_ACTOR, role: 'senior_caseworker' };

/** The proposal as plain text: who goes where at what cost, the alternatives, and who is left and why. */
export function formatProposal(p: StoredProposal): string {
  const { proposal } = p;
  const refs = (personIds: string[]) => personIds.map((id) => p.people[id]?.caseReference ?? id).join(' + ');
  const hub = (id: string) => p.hubs[id]?.name ?? id;
  const lines = [
    `Allocation proposal${p.id ? ` ${p.id}` : ' (dry run, not stored)'} for ${p.proposedFor}`,
    `${proposal.peoplePlaced} people placed in ${proposal.placed.length} households; ${proposal.peopleUnplaced} not placed; expected cost ${formatPence(proposal.totalCostPence)}.`,
    '',
    'Placed:',
  ];
  for (const h of proposal.placed) {
    lines.push(
      `  ${refs(h.personIds)} -> ${hub(h.hubId)} (${formatPence(h.costPence)})  [household ${h.key}]`,
    );
    if (h.alternatives.length > 0) {
      lines.push(
        `      alternatives: ${h.alternatives.map((a) => `${hub(a.hubId)} ${formatPence(a.costPence)}`).join('; ')}`,
      );
    }
  }
  if (proposal.placed.length === 0) lines.push('  nobody');
  lines.push('', 'Not placed:');
  for (const h of proposal.unplaced) lines.push(`  ${refs(h.personIds)}: ${h.explanation}`);
  if (proposal.unplaced.length === 0) lines.push('  nobody');
  return `${lines.join('\n')}\n`;
}

export function registerAllocate(program: Command, deps: CliDeps): void {
  const allocate = program
    .command('allocate')
    .description('propose hub allocations for everyone eligible (most placed, then least cost)')
    .option('--dry-run', 'print the proposal without storing it')
    .option('--date <YYYY-MM-DD>', 'the date to allocate on (default today)')
    .option('--json', 'print JSON instead of text')
    .option('--as <username>', 'act as this user; default: the operator, as a senior caseworker')
    .action(async (options: { dryRun?: boolean; date?: string; json?: boolean; as?: string }) => {
      await withStore(deps, async (store, config) => {
        const actor = options.as ? await actorFor(store, config, options.as) : OPERATOR;
        const services = createServices(store, config, { now: deps.now });
        try {
          const p = await services.allocations.propose(actor, {
            date: options.date ?? deps.now().toISOString().slice(0, 10),
            dryRun: options.dryRun ?? false,
          });
          deps.out(options.json ? `${JSON.stringify(p, null, 2)}\n` : formatProposal(p));
        } finally {
          await services.allocations.close();
        }
      });
    });

  allocate
    .command('approve <proposalId>')
    .description('approve a stored proposal, or only some of its households (one transaction)')
    .option('--households <keys>', 'comma-separated household keys to approve (default: all placed)')
    .option('--as <username>', 'act as this user (a senior caseworker); default: the operator')
    .action(async (proposalId: string, options: { households?: string; as?: string }) => {
      await withStore(deps, async (store, config) => {
        const actor = options.as ? await actorFor(store, config, options.as) : OPERATOR;
        const services = createServices(store, config, { now: deps.now });
        const households = options.households
          ?.split(',')
          .map((k) => k.trim())
          .filter(Boolean);
        try {
          const p = await services.allocations.approve(actor, proposalId, households ? { households } : {});
          deps.out(
            `Proposal ${p.id} ${p.status.replace('_', ' ')}: ${p.approvedKeys.length} households allocated.\n`,
          );
        } catch (error) {
          const details = (error as { details?: { changes?: { caseReference: string; message: string }[] } })
            .details;
          for (const c of details?.changes ?? []) deps.err(`  ${c.caseReference}: ${c.message}\n`);
          throw error;
        }
      });
    });
}

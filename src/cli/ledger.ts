/**
 * `hubs ledger`: a partner's monthly invoice (worked out, or generated and stored), the ledger as
 * CSV, and what the scheme has cost so far.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatPence } from '../domain/money.ts';
import type { Actor } from '../domain/types.ts';
import { createServices, SYSTEM_ACTOR } from '../services/index.ts';
import type { CliDeps } from './deps.ts';
import { actorFor, withStore } from './deps.ts';

/** The operator at the console, acting as a finance officer would (no `--as` given). */
const OPERATOR: Actor = { ...SYSTEM_ACTOR, role: 'finance' };

export function registerLedger(program: Command, deps: CliDeps): void {
  const ledger = program.command('ledger').description('partner invoices, the ledger as CSV, and costs');

  ledger
    .command('invoice')
    .description('the month’s invoice for a partner, from stay events')
    .requiredOption('--partner <id>', 'the partner’s id')
    .requiredOption('--month <YYYY-MM>', 'the calendar month')
    .option('--generate', 'store it (one transaction, audited)')
    .option('--json', 'print JSON instead of text')
    .option('--as <username>', 'act as this user; default: the operator, as finance')
    .action(
      async (options: {
        partner: string;
        month: string;
        generate?: boolean;
        json?: boolean;
        as?: string;
      }) => {
        await withStore(deps, async (store, config) => {
          const actor = options.as ? await actorFor(store, config, options.as) : OPERATOR;
          const services = createServices(store, config, { now: deps.now });
          const inv = options.generate
            ? await services.ledger.generate(actor, options.partner, options.month)
            : await services.ledger.invoice(actor, options.partner, options.month);
          if (options.json) {
            deps.out(`${JSON.stringify(inv, null, 2)}\n`);
            return;
          }
          deps.out(
            [
              `Invoice ${options.month} for partner ${options.partner}${options.generate ? ' (stored)' : ''}`,
              `  arrival fees  ${formatPence(inv.totals.arrival_fee)}`,
              `  night fees    ${formatPence(inv.totals.night_fee)}`,
              `  fixed fee     ${formatPence(inv.totals.fixed_fee)}`,
              `  total         ${formatPence(inv.totalPence)} (${inv.lines.length} lines)`,
              '',
            ].join('\n'),
          );
        });
      },
    );

  ledger
    .command('csv')
    .description('ledger lines over a period as CSV (amounts in pence)')
    .requiredOption('--from <YYYY-MM-DD>', 'first day')
    .requiredOption('--to <YYYY-MM-DD>', 'day after the last')
    .option('--partner <id>', 'one partner only')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--as <username>', 'act as this user; default: the operator, as finance')
    .action(async (options: { from: string; to: string; partner?: string; out?: string; as?: string }) => {
      await withStore(deps, async (store, config) => {
        const actor = options.as ? await actorFor(store, config, options.as) : OPERATOR;
        const services = createServices(store, config, { now: deps.now });
        const csv = await services.ledger.csv(actor, {
          from: options.from,
          to: options.to,
          ...(options.partner ? { partnerId: options.partner } : {}),
        });
        if (options.out) {
          writeFileSync(options.out, csv, 'utf8');
          deps.err(`Wrote ${csv.split('\r\n').length - 2} ledger lines to ${options.out}.\n`);
        } else deps.out(csv);
      });
    });

  ledger
    .command('costs')
    .description('partner payments, cost per person transferred, per onward return and per night')
    .option('--from <YYYY-MM-DD>', 'first day (default: the first agreement)')
    .option('--to <YYYY-MM-DD>', 'day after the last (default: today)')
    .option('--as <username>', 'act as this user; default: the operator, as finance')
    .action(async (options: { from?: string; to?: string; as?: string }) => {
      await withStore(deps, async (store, config) => {
        const actor = options.as ? await actorFor(store, config, options.as) : OPERATOR;
        const services = createServices(store, config, { now: deps.now });
        const r = await services.ledger.costs(actor, options);
        const money = (p: number | null) => (p === null ? 'n/a' : formatPence(p));
        deps.out(
          [
            `Costs ${r.from} to ${r.to}`,
            ...r.byPartner.map((p) => `  ${p.name}: ${formatPence(p.totalPence)}`),
            `  partner payments        ${formatPence(r.hubs.partnerPaymentsPence)}`,
            `  per person transferred  ${money(r.hubs.perPersonTransferredPence)} (${r.hubs.peopleTransferred} people)`,
            `  per onward return       ${money(r.hubs.perOnwardReturnPence)} (${r.hubs.onwardReturns} returns)`,
            `  per night in a hub      ${money(r.hubs.perNightPence)} (${r.hubs.nights} nights)`,
            `  UK accommodation        ${formatPence(r.uk.totalPence)} (hotel ${formatPence(r.uk.byKind.hotel.costPence)}, dispersal ${formatPence(r.uk.byKind.dispersal.costPence)})`,
            '',
          ].join('\n'),
        );
      });
    });
}

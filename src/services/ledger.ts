/**
 * The money owed to partners (issue 5, item 4), derived from stay events by the pure rules in
 * `domain/ledger.ts`: monthly invoices per partner (generated, and reconciled against the
 * partner's bill, in one transaction), CSV export, and the totals that answer the article's
 * question (cost per person transferred, per onward return, per night) beside UK hotel and
 * dispersal costs.
 */
import { and, asc, eq, gte, inArray, isNotNull, lt, or, isNull, sql } from 'drizzle-orm';
import {
  ledgerCsv,
  monthlyInvoice,
  partnerLedger,
  reconcileInvoice,
  unitCosts,
  type BilledLine,
  type Invoice,
  type LedgerLine,
  type Reconciliation,
  type StayRecord,
  type UnitCosts,
} from '../domain/ledger.ts';
import { sumPence } from '../domain/money.ts';
import { scopeOf } from '../domain/permissions.ts';
import type { Actor, Agreement, IsoDate, Pence } from '../domain/types.ts';
import { AppError, notFound } from '../errors.ts';
import type { Executor } from '../store/db.ts';
import { partnerAgreements } from '../store/hubs.ts';
import { cases, hubStays, hubs, partnerInvoices, partners } from '../store/schema.ts';
import { authorise, authoriseOn } from './authorise.ts';
import type { ServiceContext } from './context.ts';
import type { accommodationService, CostSummary } from './accommodation.ts';

type AccommodationService = ReturnType<typeof accommodationService>;

export interface StoredInvoice extends Invoice {
  id: string;
  billed: BilledLine[] | null;
  /** Lines that did not match (each with why), and how many did. */
  reconciliation: (Reconciliation & { matched: number }) | null;
  anomalies: number;
  version: number;
}

export interface CostReport {
  from: IsoDate;
  to: IsoDate;
  byPartner: {
    partnerId: string;
    name: string;
    totals: Record<LedgerLine['kind'], Pence>;
    totalPence: Pence;
  }[];
  hubs: UnitCosts;
  uk: CostSummary;
}

/** Stays at a partner's hubs (or all partners') that overlap `[from, to)`, with an arrival recorded. */
export async function loadStays(
  ex: Executor,
  partnerId: string | null,
  from: IsoDate,
  to: IsoDate,
): Promise<StayRecord[]> {
  const rows = await ex
    .select({
      stayId: hubStays.id,
      caseId: hubStays.caseId,
      hubId: hubStays.hubId,
      partnerId: hubs.partnerId,
      arrivedOn: hubStays.arrivedOn,
      departedOn: hubStays.departedOn,
    })
    .from(hubStays)
    .innerJoin(hubs, eq(hubs.id, hubStays.hubId))
    .where(
      and(
        partnerId === null ? undefined : eq(hubs.partnerId, partnerId),
        inArray(hubStays.status, ['arrived', 'departed']),
        isNotNull(hubStays.arrivedOn),
        lt(hubStays.arrivedOn, to),
        or(isNull(hubStays.departedOn), gte(hubStays.departedOn, from)),
      ),
    );
  return rows.map((r) => ({ ...r, arrivedOn: r.arrivedOn! }));
}

type InvoiceRow = typeof partnerInvoices.$inferSelect;

function invoiceFromRow(row: InvoiceRow, invoice: Invoice): StoredInvoice {
  return {
    ...invoice,
    lines: row.lines as LedgerLine[],
    totalPence: row.totalPence,
    id: row.id,
    billed: (row.billed as BilledLine[] | null) ?? null,
    reconciliation: (row.reconciliation as unknown as StoredInvoice['reconciliation']) ?? null,
    anomalies: row.anomalies,
    version: row.version,
  };
}

export function ledgerService(ctx: ServiceContext, deps: { accommodation: AccommodationService }) {
  const { db } = ctx.store;

  function financeScope(actor: Actor, partnerId: string): void {
    authorise(actor, 'read_finance');
    authoriseOn(actor, 'read_finance', { partnerId }, () => notFound('partner', partnerId));
  }

  async function assertPartner(ex: Executor, partnerId: string): Promise<{ id: string; name: string }> {
    const [p] = await ex
      .select({ id: partners.id, name: partners.name })
      .from(partners)
      .where(eq(partners.id, partnerId));
    if (!p) throw notFound('partner', partnerId);
    return p;
  }

  async function compute(ex: Executor, partnerId: string, month: string) {
    const agreements: Agreement[] = await partnerAgreements(ex, partnerId);
    const invoice = monthlyInvoice(partnerId, month, [], agreements);
    const stays = await loadStays(ex, partnerId, invoice.from, invoice.to);
    return { invoice: monthlyInvoice(partnerId, month, stays, agreements), stays, agreements };
  }

  function validMonth(month: string): void {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
      throw new AppError('VALIDATION_FAILED', `Give the month as YYYY-MM, e.g. 2026-11 (got ${month}).`, {
        issues: [{ path: 'month', message: 'Not YYYY-MM' }],
      });
    }
  }

  return {
    /** The invoice a partner is owed for a month, worked out now from the events (not stored). */
    async invoice(actor: Actor, partnerId: string, month: string): Promise<Invoice> {
      financeScope(actor, partnerId);
      validMonth(month);
      await assertPartner(db, partnerId);
      return (await compute(db, partnerId, month)).invoice;
    },

    /**
     * Generate (or regenerate) the month's invoice and reconcile the partner's bill against it,
     * in one transaction: the lines, the reconciliation and the audit event are written together.
     */
    async generate(
      actor: Actor,
      partnerId: string,
      month: string,
      billed: BilledLine[] | null = null,
    ): Promise<StoredInvoice> {
      authorise(actor, 'manage_invoices');
      validMonth(month);
      return ctx.transaction(async (tx) => {
        await assertPartner(tx, partnerId);
        const { invoice, stays, agreements } = await compute(tx, partnerId, month);
        const reconciliation = billed ? reconcileInvoice(invoice, billed, stays, agreements) : null;
        const values = {
          lines: invoice.lines as unknown[],
          totalPence: invoice.totalPence,
          billed: billed as unknown[] | null,
          // Matched lines are counted, not copied: the invoice's own lines already hold them.
          reconciliation: reconciliation
            ? ({
                ...reconciliation,
                lines: reconciliation.lines.filter((l) => l.outcome !== 'matched'),
                matched:
                  reconciliation.lines.length -
                  reconciliation.lines.filter((l) => l.outcome !== 'matched').length,
              } as unknown as Record<string, unknown>)
            : null,
          anomalies: reconciliation?.anomalies ?? 0,
          generatedBy: actor.userId,
          updatedAt: ctx.now(),
        };
        const [existing] = await tx
          .select()
          .from(partnerInvoices)
          .where(and(eq(partnerInvoices.partnerId, partnerId), eq(partnerInvoices.month, month)))
          .for('update');
        const [row] = existing
          ? await tx
              .update(partnerInvoices)
              .set({ ...values, version: existing.version + 1 })
              .where(eq(partnerInvoices.id, existing.id))
              .returning()
          : await tx
              .insert(partnerInvoices)
              .values({ ...values, partnerId, month })
              .returning();
        await ctx.audit(tx, actor, {
          action: existing ? 'invoice.regenerate' : 'invoice.generate',
          entityType: 'partner_invoice',
          entityId: row!.id,
          before: existing ? { totalPence: existing.totalPence, anomalies: existing.anomalies } : null,
          after: {
            partnerId,
            month,
            totalPence: invoice.totalPence,
            lines: invoice.lines.length,
            anomalies: values.anomalies,
          },
        });
        return invoiceFromRow(row!, invoice);
      });
    },

    async storedInvoices(actor: Actor, partnerId: string): Promise<Omit<StoredInvoice, 'lines'>[]> {
      financeScope(actor, partnerId);
      const rows = await db
        .select()
        .from(partnerInvoices)
        .where(eq(partnerInvoices.partnerId, partnerId))
        .orderBy(asc(partnerInvoices.month));
      return rows.map((r) => {
        const { lines: _lines, ...rest } = invoiceFromRow(r, {
          ...monthlyInvoice(partnerId, r.month, [], []),
        });
        return { ...rest, totalPence: r.totalPence };
      });
    },

    /** Ledger lines in `[from, to)` as CSV, for one partner or (finance) all. */
    async csv(actor: Actor, query: { partnerId?: string; from: IsoDate; to: IsoDate }): Promise<string> {
      authorise(actor, 'read_finance');
      if (query.to <= query.from) {
        throw new AppError('VALIDATION_FAILED', 'The period must end after it starts.', {
          issues: [{ path: 'query.to', message: 'Not after from' }],
        });
      }
      const own = scopeOf(actor.role, 'read_finance') === 'ownPartner' ? actor.partnerId : null;
      if (own !== null && query.partnerId && query.partnerId !== own)
        throw notFound('partner', query.partnerId);
      const partnerId = own ?? query.partnerId ?? null;
      const ids = partnerId
        ? [partnerId]
        : (await db.select({ id: partners.id }).from(partners).orderBy(asc(partners.name))).map((p) => p.id);
      const stays = await loadStays(db, partnerId, query.from, query.to);
      const lines: LedgerLine[] = [];
      for (const id of ids) {
        lines.push(...partnerLedger(id, stays, await partnerAgreements(db, id), query.from, query.to));
      }
      return ledgerCsv(lines);
    },

    /**
     * What the scheme has cost in `[from, to)` (default: from the first agreement to tomorrow):
     * partner payments by partner and kind, cost per person transferred, per onward return and
     * per night in a hub, beside UK accommodation by kind.
     */
    async costs(actor: Actor, query: { from?: IsoDate; to?: IsoDate } = {}): Promise<CostReport> {
      authorise(actor, 'read_finance');
      if (scopeOf(actor.role, 'read_finance') !== 'all') {
        throw new AppError(
          'FORBIDDEN',
          'Scheme-wide costs are for finance officers; partner officers see their own invoices.',
        );
      }
      const [first] = await db.select({ d: sql<string>`min(starts_on)::text` }).from(sql`agreements`);
      const from = query.from ?? first?.d ?? ctx.today();
      const to = query.to ?? ctx.today();
      const allPartners = await db
        .select({ id: partners.id, name: partners.name })
        .from(partners)
        .orderBy(asc(partners.name));
      const stays = await loadStays(db, null, from, to);
      const byPartner: CostReport['byPartner'] = [];
      let nights = 0;
      for (const p of allPartners) {
        const lines = partnerLedger(p.id, stays, await partnerAgreements(db, p.id), from, to);
        nights += lines.filter((l) => l.kind === 'night_fee').reduce((n, l) => n + l.quantity, 0);
        const totals = {
          arrival_fee: sumPence(lines.filter((l) => l.kind === 'arrival_fee').map((l) => l.amountPence)),
          night_fee: sumPence(lines.filter((l) => l.kind === 'night_fee').map((l) => l.amountPence)),
          fixed_fee: sumPence(lines.filter((l) => l.kind === 'fixed_fee').map((l) => l.amountPence)),
        };
        byPartner.push({
          partnerId: p.id,
          name: p.name,
          totals,
          totalPence: sumPence(Object.values(totals)),
        });
      }
      const [returns] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(cases)
        .where(
          and(
            eq(cases.state, 'ONWARD_RETURNED'),
            sql`${cases.facts}->>'onwardReturnedOn' >= ${from}`,
            sql`${cases.facts}->>'onwardReturnedOn' < ${to}`,
          ),
        );
      const hubsCost = unitCosts({
        partnerPaymentsPence: sumPence(byPartner.map((p) => p.totalPence)),
        peopleTransferred: stays.filter((s) => s.arrivedOn >= from && s.arrivedOn < to).length,
        onwardReturns: Number(returns?.n ?? 0),
        nights,
      });
      return { from, to, byPartner, hubs: hubsCost, uk: await deps.accommodation.costs(actor, from, to) };
    },
  };
}

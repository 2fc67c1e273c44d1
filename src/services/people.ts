/**
 * People and households: registering someone (with their case, in ARRIVED), reading a person's
 * record (always audited), correcting details, and grouping people into households.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Actor, HouseholdRole, Person, Route, Sex } from '../domain/types.ts';
import type { MinimisedRecord } from '../domain/permissions.ts';
import { AppError, notFound } from '../errors.ts';
import type { Executor } from '../store/db.ts';
import { caseFromRow, flagFromRow, householdFromRow, personFromRow } from '../store/mappers.ts';
import { nextReference } from '../store/references.ts';
import { cases, flags, households, people } from '../store/schema.ts';
import { authorise } from './authorise.ts';
import { assertVersion, type ServiceContext } from './context.ts';
import { casePartnerId, minimised, readLevel } from './visibility.ts';

export interface NewPerson {
  givenNames: string;
  familyName: string;
  dateOfBirth: string;
  sex: Sex;
  nationality: string;
  arrivalDate: string;
  route: Route;
  languages?: string[];
  householdId?: string | null;
  householdRole?: HouseholdRole | null;
}

export type PersonPatch = Partial<Omit<NewPerson, 'householdId' | 'householdRole'>>;

const personNotFound = (id: string) => notFound('person', id);

export function peopleService(ctx: ServiceContext) {
  async function loadPerson(ex: Executor, id: string): Promise<Person> {
    const [row] = await ex.select().from(people).where(eq(people.id, id));
    if (!row) throw personNotFound(id);
    return personFromRow(row);
  }

  /** The person, if the actor may see them at all (partner officers: only their residents). */
  async function visiblePerson(ex: Executor, actor: Actor, id: string): Promise<Person> {
    const level = readLevel(actor);
    const person = await loadPerson(ex, id);
    if (level === 'partner') {
      const [c] = await ex.select().from(cases).where(eq(cases.personId, id));
      if (!c || (await casePartnerId(ex, caseFromRow(c))) !== actor.partnerId) throw personNotFound(id);
    }
    return person;
  }

  async function assertHousehold(ex: Executor, id: string): Promise<void> {
    const [row] = await ex.select({ id: households.id }).from(households).where(eq(households.id, id));
    if (!row) throw notFound('household', id);
  }

  return {
    /** Registers a person and opens their case in ARRIVED, in one transaction. */
    async register(
      actor: Actor,
      input: NewPerson,
    ): Promise<{ person: Person; caseId: string; caseReference: string }> {
      authorise(actor, 'create_person');
      return ctx.transaction(async (tx) => {
        if (input.householdId) await assertHousehold(tx, input.householdId);
        const year = ctx.now().getUTCFullYear();
        const [row] = await tx
          .insert(people)
          .values({
            reference: await nextReference(tx, 'RH', year),
            givenNames: input.givenNames,
            familyName: input.familyName,
            dateOfBirth: input.dateOfBirth,
            sex: input.sex,
            nationality: input.nationality,
            arrivalDate: input.arrivalDate,
            route: input.route,
            languages: input.languages ?? [],
            householdId: input.householdId ?? null,
            householdRole: input.householdRole ?? (input.householdId ? 'other_dependant' : null),
          })
          .returning();
        const person = personFromRow(row!);
        const [caseRow] = await tx
          .insert(cases)
          .values({ reference: await nextReference(tx, 'CASE', year), personId: person.id, state: 'ARRIVED' })
          .returning();
        await ctx.audit(tx, actor, {
          action: 'person.register',
          entityType: 'person',
          entityId: person.id,
          after: person,
        });
        await ctx.audit(tx, actor, {
          action: 'case.open',
          entityType: 'case',
          entityId: caseRow!.id,
          after: caseFromRow(caseRow!),
        });
        return { person, caseId: caseRow!.id, caseReference: caseRow!.reference };
      });
    },

    /** A person's record as the actor may see it, with their case id; the read is audited. */
    async get(actor: Actor, id: string): Promise<MinimisedRecord & { caseIds?: string[]; version?: number }> {
      return ctx.transaction(async (tx) => {
        const person = await visiblePerson(tx, actor, id);
        const personFlags = (
          await tx.select().from(flags).where(eq(flags.personId, id)).orderBy(asc(flags.raisedOn))
        ).map(flagFromRow);
        const caseRows = await tx.select({ id: cases.id }).from(cases).where(eq(cases.personId, id));
        const [versionRow] = await tx
          .select({ version: people.version })
          .from(people)
          .where(eq(people.id, id));
        await ctx.audit(tx, actor, { action: 'person.read', entityType: 'person', entityId: id });
        const view = minimised(actor, ctx.config, { person, flags: personFlags });
        return readLevel(actor) === 'pseudonymised'
          ? view
          : { ...view, caseIds: caseRows.map((r) => r.id), version: versionRow!.version };
      });
    },

    async update(actor: Actor, id: string, patch: PersonPatch, version: number | undefined): Promise<Person> {
      authorise(actor, 'edit_person');
      return ctx.transaction(async (tx) => {
        const [row] = await tx.select().from(people).where(eq(people.id, id)).for('update');
        if (!row) throw personNotFound(id);
        assertVersion('person', id, version, row.version);
        const [updated] = await tx
          .update(people)
          .set({ ...patch, version: row.version + 1, updatedAt: ctx.now() })
          .where(eq(people.id, id))
          .returning();
        const before = personFromRow(row);
        const after = personFromRow(updated!);
        await ctx.audit(tx, actor, {
          action: 'person.update',
          entityType: 'person',
          entityId: id,
          before,
          after,
        });
        return after;
      });
    },

    visiblePerson,
  };
}

export function householdsService(ctx: ServiceContext) {
  return {
    async create(actor: Actor, input: { principalPersonId?: string | null } = {}) {
      authorise(actor, 'create_person');
      return ctx.transaction(async (tx) => {
        const [row] = await tx
          .insert(households)
          .values({
            reference: await nextReference(tx, 'HH', ctx.now().getUTCFullYear()),
            principalPersonId: input.principalPersonId ?? null,
          })
          .returning();
        if (input.principalPersonId) {
          const moved = await tx
            .update(people)
            .set({ householdId: row!.id, householdRole: 'principal', updatedAt: ctx.now() })
            .where(eq(people.id, input.principalPersonId))
            .returning({ id: people.id });
          if (moved.length === 0) throw notFound('person', input.principalPersonId);
        }
        await ctx.audit(tx, actor, {
          action: 'household.create',
          entityType: 'household',
          entityId: row!.id,
          after: row,
        });
        return { ...householdFromRow(row!), version: row!.version };
      });
    },

    async get(actor: Actor, id: string) {
      const level = readLevel(actor);
      if (level === 'partner') throw notFound('household', id);
      return ctx.transaction(async (tx) => {
        const [row] = await tx.select().from(households).where(eq(households.id, id));
        if (!row) throw notFound('household', id);
        const members = (
          await tx.select().from(people).where(eq(people.householdId, id)).orderBy(asc(people.dateOfBirth))
        ).map(personFromRow);
        await ctx.audit(tx, actor, { action: 'household.read', entityType: 'household', entityId: id });
        return {
          ...(level === 'full' ? householdFromRow(row) : { id: row.id }),
          version: row.version,
          members: members.map((person) => minimised(actor, ctx.config, { person })),
        };
      });
    },

    async addMember(actor: Actor, id: string, input: { personId: string; role: HouseholdRole }) {
      authorise(actor, 'edit_person');
      return ctx.transaction(async (tx) => {
        const [row] = await tx.select().from(households).where(eq(households.id, id)).for('update');
        if (!row) throw notFound('household', id);
        const [person] = await tx.select().from(people).where(eq(people.id, input.personId)).for('update');
        if (!person) throw notFound('person', input.personId);
        if (person.householdId && person.householdId !== id) {
          throw new AppError(
            'CONFLICT',
            `Person ${input.personId} already belongs to household ${person.householdId}. Remove them from it first.`,
          );
        }
        await tx
          .update(people)
          .set({
            householdId: id,
            householdRole: input.role,
            version: person.version + 1,
            updatedAt: ctx.now(),
          })
          .where(and(eq(people.id, input.personId)));
        if (input.role === 'principal') {
          await tx
            .update(households)
            .set({ principalPersonId: input.personId, version: row.version + 1 })
            .where(eq(households.id, id));
        }
        await ctx.audit(tx, actor, {
          action: 'household.add_member',
          entityType: 'household',
          entityId: id,
          after: { personId: input.personId, role: input.role },
        });
        return { householdId: id, personId: input.personId, role: input.role };
      });
    },
  };
}

/**
 * The domain in one import: pure types and rules, no I/O. Prefer importing the module you need
 * (`./domain/lifecycle.ts`); this barrel is for adapters that use many of them.
 */
export * from './agreements.ts';
export * from './allocation.ts';
export * from './calendar.ts';
export * from './capacity.ts';
export * from './ledger.ts';
export * from './lifecycle.ts';
export * from './money.ts';
export * from './permissions.ts';
export * from './retention.ts';
export * from './rightToWork.ts';
export * from './safeguards.ts';
export * from './stages.ts';
export * from './transfers.ts';
export * from './types.ts';

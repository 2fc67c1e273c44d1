import type { Config } from '../config.ts';
import type { Store } from '../store/db.ts';
import { formatDemoAccounts, isDatabaseEmpty, seedDemo } from './seed.ts';

/**
 * `npm start` on a fresh clone: when DEMO_ON_START is on and the database is empty, seed the demo
 * caseload and print the demo accounts with their tokens. Tokens go to the terminal, never to the
 * log (the logger redacts them anyway). Returns whether it seeded.
 */
export async function seedDemoOnFirstRun(
  store: Store,
  config: Pick<Config, 'DEMO_ON_START' | 'DEMO_SEED'>,
  write: (text: string) => void = (text) => process.stdout.write(text),
  options: { people?: number; asOf?: string } = {},
): Promise<boolean> {
  if (!config.DEMO_ON_START || !(await isDatabaseEmpty(store))) return false;
  write(`Empty database: seeding the demo caseload (seed ${config.DEMO_SEED}) ...\n`);
  const started = Date.now();
  const { accounts, counts } = await seedDemo(store, { seed: config.DEMO_SEED, ...options });
  write(
    `Seeded ${counts.people} people, ${counts.cases} cases, ${counts.hubs} hubs and ${counts.auditEvents} audit events in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
  );
  write(`${formatDemoAccounts(accounts)}\n`);
  return true;
}

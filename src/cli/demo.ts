import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { formatDemoAccounts, isDatabaseEmpty, seedDemo } from '../demo/seed.ts';
import type { CliDeps } from './deps.ts';
import { withStore } from './deps.ts';

const wholeNumber = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number.`);
  return n;
};
const isoDate = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) {
    throw new InvalidArgumentError('write the date as YYYY-MM-DD.');
  }
  return v;
};

/** `hubs demo seed`: the deterministic demo caseload, into an empty database. */
export function registerDemo(program: Command, deps: CliDeps): void {
  const demo = program.command('demo').description('the synthetic demo caseload');
  demo
    .command('seed')
    .description(
      'seed the demo caseload (5,000+ synthetic people, partners, hubs, users) into an empty database',
    )
    .option('--seed <n>', 'seed of the generator (default: DEMO_SEED)', wholeNumber('--seed'))
    .option('--people <n>', 'at least this many people', wholeNumber('--people'), 5_000)
    .option('--as-of <date>', "the demo's today, YYYY-MM-DD (default: today)", isoDate)
    .action(async (options: { seed?: number; people: number; asOf?: string }) => {
      await withStore(deps, async (store, config) => {
        if (!(await isDatabaseEmpty(store))) {
          deps.err(
            'The database already holds users or cases; the demo seeds only an empty database. Point DATA_DIR (or DATABASE_URL) at a new database and run it again.\n',
          );
          deps.setExitCode(1);
          return;
        }
        const started = deps.now().getTime();
        const { accounts, counts } = await seedDemo(store, {
          seed: options.seed ?? config.DEMO_SEED,
          people: options.people,
          ...(options.asOf ? { asOf: options.asOf } : {}),
          now: deps.now,
        });
        deps.out(
          `Seeded ${counts.people} people, ${counts.households} households, ${counts.cases} cases, ${counts.partners} partners, ${counts.hubs} hubs, ${counts.transfers} transfers and ${counts.auditEvents} audit events in ${((deps.now().getTime() - started) / 1000).toFixed(1)} s.\n`,
        );
        deps.out(`${formatDemoAccounts(accounts)}\n`);
      });
    });
}

import type { Command } from 'commander';
import { migrate, openStore } from '../store/db.ts';
import type { CliDeps } from './deps.ts';

/** `hubs db migrate`: applies every migration not yet applied. */
export function registerDb(program: Command, deps: CliDeps): void {
  const db = program.command('db').description('database administration');
  db.command('migrate')
    .description('apply every pending migration (safe to run again)')
    .action(async () => {
      const config = deps.config();
      const store = await openStore(config);
      try {
        await migrate(store);
        deps.out(
          `Migrations applied (${store.driver === 'postgres' ? 'PostgreSQL' : `PGlite in ${config.DATA_DIR}`}).\n`,
        );
      } finally {
        await store.close();
      }
    });
}

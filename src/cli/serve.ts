import type { Command } from 'commander';

/** `hubs serve`: the same start-up as `npm start` (migrate, seed the demo on first run, listen). */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'migrate the database, seed the demo on first run when it is empty, and serve the web pages and API',
    )
    .action(async () => {
      await import('../server.ts');
    });
}

import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import type { Command } from 'commander';
import { exportCases } from '../services/importExport.ts';
import type { CliDeps } from './deps.ts';
import { actorFor, withStore } from './deps.ts';

const writeTo = (stream: WriteStream) => (chunk: string) =>
  new Promise<void>((resolve, reject) => {
    if (stream.write(chunk)) resolve();
    else {
      stream.once('drain', resolve);
      stream.once('error', reject);
    }
  });

/** `hubs export cases [--out FILE]`: every case as CSV, in the import's format. */
export function registerExport(program: Command, deps: CliDeps): void {
  const exp = program.command('export').description('export records to files');
  exp
    .command('cases')
    .description('export every case as CSV in the import format (to stdout, or to --out)')
    .option('--out <file>', 'write to this file instead of stdout')
    .option(
      '--as <username>',
      'act as this user (their role must allow exporting); default: the system operator',
    )
    .action(async (options: { out?: string; as?: string }) => {
      await withStore(deps, async (store, config) => {
        const actor = await actorFor(store, config, options.as);
        if (!options.out) {
          await exportCases(store, actor, (chunk) => deps.out(chunk), { now: deps.now });
          return;
        }
        const stream = createWriteStream(options.out, { encoding: 'utf8' });
        try {
          const count = await exportCases(store, actor, writeTo(stream), { now: deps.now });
          deps.err(`Exported ${count} cases to ${options.out}.\n`);
        } finally {
          await new Promise<void>((resolve) => stream.end(resolve));
        }
      });
    });
}

import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatProblem } from '../services/caseCsv.ts';
import { importCases } from '../services/importExport.ts';
import type { CliDeps } from './deps.ts';
import { actorFor, withStore } from './deps.ts';

/** `hubs import cases FILE.csv`: all of the file or none of it. */
export function registerImport(program: Command, deps: CliDeps): void {
  const imp = program.command('import').description('import records from files');
  imp
    .command('cases')
    .description(
      'import cases from a CSV file (columns: see the README); writes nothing unless every line is valid',
    )
    .argument('<file>', 'the CSV file')
    .option(
      '--as <username>',
      'act as this user (their role must allow importing); default: the system operator',
    )
    .option('--dry-run', 'check the file and report, but write nothing')
    .action(async (file: string, options: { as?: string; dryRun?: boolean }) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        deps.err(`Cannot read ${file}. Check the path and that the file is readable.\n`);
        deps.setExitCode(1);
        return;
      }
      await withStore(deps, async (store, config) => {
        const actor = await actorFor(store, config, options.as);
        const started = deps.now().getTime();
        const result = await importCases(store, actor, text, {
          today: deps.now().toISOString().slice(0, 10),
          now: deps.now,
          dryRun: options.dryRun ?? false,
        });
        if (!result.ok) {
          deps.err(
            `${file}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in ${result.rows} line${result.rows === 1 ? '' : 's'}; nothing was imported.\n`,
          );
          for (const p of result.problems) deps.err(`  ${formatProblem(p)}\n`);
          deps.err('Fix every line listed and import the whole file again.\n');
          deps.setExitCode(1);
          return;
        }
        const seconds = ((deps.now().getTime() - started) / 1000).toFixed(1);
        deps.out(
          result.dryRun
            ? `${file}: all ${result.rows} lines are valid (dry run: nothing written).\n`
            : `Imported ${result.cases} cases, ${result.people} people and ${result.households} households from ${file} in ${seconds} s.\n`,
        );
      });
    });
}

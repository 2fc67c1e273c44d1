import type { Command } from 'commander';
import { verifyAuditChain } from '../store/audit.ts';
import type { CliDeps } from './deps.ts';
import { withStore } from './deps.ts';

/** `hubs audit verify`: walks the hash chain; exit code 1 and the first broken link if tampered. */
export function registerAudit(program: Command, deps: CliDeps): void {
  const audit = program.command('audit').description('the tamper-evident audit trail');
  audit
    .command('verify')
    .description('check every event against the hash chain; exits 1 at the first broken link')
    .action(async () => {
      await withStore(deps, async (store) => {
        const result = await verifyAuditChain(store.db);
        if (result.ok) {
          deps.out(`Audit chain intact: ${result.events} events, head ${result.headHash}.\n`);
          return;
        }
        deps.err(
          `Audit chain BROKEN: first broken link at event ${result.brokenAt} (${result.reason}); ${result.events} events before it verified.\n${result.message}\n`,
        );
        deps.setExitCode(1);
      });
    });
}

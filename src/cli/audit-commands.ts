import type { Command } from 'commander';
import { verifyAuditChain } from '../audit/audit-verify.js';
import { CliError, withGateway } from './cli-support.js';

/** `nextmodel audit verify`: exit 0 when the hash chain is intact, 4 when it is not. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log of admin mutations');

  audit
    .command('verify')
    .description('check every entry of the audit chain; exit 4 and print the first bad entry if it was edited, deleted or reordered')
    .option('--json', 'print JSON')
    .action(async function (this: Command, opts: { json?: boolean }) {
      await withGateway(this, async ({ services }) => {
        const result = await verifyAuditChain(services.db);
        if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        else if (result.ok) process.stdout.write(`audit chain intact: ${result.entries} entries, head ${result.head}\n`);
        else {
          process.stdout.write(`audit chain BROKEN at seq ${result.firstBadSeq}: ${result.reason}\n`);
          if (result.badEntry) process.stdout.write(`first bad entry as stored:\n${JSON.stringify(result.badEntry, null, 2)}\n`);
        }
        if (!result.ok) throw new CliError(`audit verification failed at seq ${result.firstBadSeq}`, 4);
      });
    });
}

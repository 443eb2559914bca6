import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { getReceipt } from '../billing/receipt-store.js';
import { verifyReceipt } from '../billing/receipt-signer.js';
import { publicKeyMap } from '../billing/signing-keys.js';
import { CliError, withGateway } from './cli-support.js';

export function registerReceiptCommands(program: Command): void {
  const receipts = program.command('receipts').description('signed receipts');

  receipts
    .command('get <id>')
    .description('print a receipt as JSON')
    .action(async function (this: Command, id: string) {
      await withGateway(this, async ({ services }) => {
        const receipt = await getReceipt(services.db, id, { projectId: null });
        if (!receipt) throw new CliError(`no such receipt: ${id}`, 3);
        process.stdout.write(JSON.stringify(receipt, null, 2) + '\n');
      });
    });

  receipts
    .command('verify <file>')
    .description("verify a receipt JSON file ('-' for stdin) against this gateway's public keys; exit 4 if invalid")
    .option('--json', 'print JSON')
    .action(async function (this: Command, file: string, opts: { json?: boolean }) {
      let receipt: unknown;
      try {
        receipt = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
      } catch (err) {
        throw new CliError(`cannot read a JSON receipt from ${file}: ${(err as Error).message}`);
      }
      await withGateway(this, async ({ services }) => {
        const result = verifyReceipt(receipt, await publicKeyMap(services.db));
        if (opts.json) process.stdout.write(JSON.stringify(result) + '\n');
        else process.stdout.write(result.valid ? `valid (signed by ${result.key_id})\n` : `INVALID: ${result.reason}: ${result.detail}\n`);
        if (!result.valid) throw new CliError('receipt verification failed', 4);
      });
    });
}

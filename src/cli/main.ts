import { Command, Option } from 'commander';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { registerKeyCommands } from './key-commands.js';
import { registerReceiptCommands } from './receipt-commands.js';
import { registerModelCommands } from './model-commands.js';
import { registerTenancyCommands } from './tenancy-commands.js';
import { registerAuditCommands } from './audit-commands.js';
import { registerUsageCommands } from './usage-commands.js';
import { registerCompareCommands } from './compare-commands.js';
import { registerBenchCommands } from './bench-commands.js';
import { CliError } from './cli-support.js';
import { StoreInUseError } from '../db/serve-lock.js';

const program = new Command()
  .name('nextmodel')
  .description('NextModel: an OpenAI-compatible LLM gateway with verified exact cache, signed receipts and INR spend control')
  .addOption(new Option('-c, --config <path>', 'path to nextmodel.yaml').env('NEXTMODEL_CONFIG'))
  .showHelpAfterError()
  // Commander exits 1 on usage errors; our contract (cli-support.ts) says 1 is an unexpected
  // failure and 2 is bad usage. Subcommands inherit this because it is set before they are added.
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

program
  .command('serve')
  .description('start the gateway (default http://127.0.0.1:8787)')
  .option('--host <host>', 'listen address')
  .option('--port <port>', 'listen port', (v) => Number(v))
  .option('--workers <n>', 'processes serving the port (needs PostgreSQL + Redis when > 1)', (v) => Number(v))
  .action(async (opts: { host?: string; port?: number; workers?: number }) => {
    const server = { ...(opts.host ? { host: opts.host } : {}), ...(opts.port !== undefined ? { port: opts.port } : {}), ...(opts.workers !== undefined ? { workers: opts.workers } : {}) };
    const config = loadConfig({ path: program.opts().config, overrides: { server } });
    if (config.server.workers > 1) {
      const { default: cluster } = await import('node:cluster');
      const { servePrimary, serveWorker, workersUnsupportedReason } = await import('../serve-workers.js');
      const unsupported = workersUnsupportedReason(config);
      if (unsupported) throw new CliError(unsupported, 2);
      if (cluster.isPrimary) await servePrimary(config, (line) => process.stdout.write(line + '\n'));
      else await serveWorker(config);
      return;
    }
    const { serve } = await import('../serve.js');
    await serve(config);
  });

program
  .command('migrate')
  .description('create or upgrade the database schema, then exit')
  .action(async () => {
    const config = loadConfig({ path: program.opts().config });
    const { createGateway } = await import('../create-gateway.js');
    const gateway = await createGateway(config, { defaultMetrics: false });
    await gateway.close();
    process.stdout.write('nextmodel: schema is up to date\n');
  });

registerKeyCommands(program);
registerTenancyCommands(program);
registerModelCommands(program);
registerReceiptCommands(program);
registerAuditCommands(program);
registerUsageCommands(program);
registerCompareCommands(program);
registerBenchCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof CliError) {
    process.stderr.write(`nextmodel: ${err.message}\n`);
    process.exit(err instanceof CliError ? err.exitCode : 2);
  }
  if (err instanceof StoreInUseError) {
    process.stderr.write(`nextmodel: ${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`nextmodel: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});

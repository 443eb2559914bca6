import type { Command } from 'commander';
import { appendAudit } from '../audit/audit-log.js';
import { createKey, getKey, getProject, keyView, listKeys, listProjects, revokeKey } from '../keys/tenancy-store.js';
import { CliError, printJsonOrTable, withGateway } from './cli-support.js';
import { label, name, parseFlag } from './tenancy-input.js';

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('create, list and revoke API keys');

  keys
    .command('create')
    .description('create a project key (shown once)')
    .option('--project <id>', 'project id (default: the first project)')
    .option('--name <name>', 'display name')
    .option('--environment <env>', 'environment label (prod, staging, dev, …)', 'prod')
    .option('--workload <label>', 'workload label')
    .option('--json', 'print JSON')
    .action(async function (this: Command, opts: { project?: string; name?: string; environment: string; workload?: string; json?: boolean }) {
      // Usage errors (exit 2) before touching the store.
      const input = {
        name: opts.name === undefined ? null : parseFlag(name, '--name', opts.name),
        environment: parseFlag(label, '--environment', opts.environment),
        workload: opts.workload === undefined ? null : parseFlag(label, '--workload', opts.workload),
      };
      await withGateway(this, async ({ services }) => {
        const created = await services.db.transaction().execute(async (trx) => {
          const projectId = opts.project ?? (await listProjects(trx))[0]?.id;
          if (!projectId || !(await getProject(trx, projectId))) throw new CliError(`no such project: ${opts.project ?? '(none exists)'}`, 3);
          const made = await createKey(trx, { kind: 'project', project_id: projectId, ...input });
          await appendAudit(trx, { actor: 'cli', action: 'key.create', target: made.row.id, before: null, after: keyView(made.row) });
          return made;
        });
        const projectId = created.row.project_id;
        if (opts.json) process.stdout.write(JSON.stringify({ ...keyView(created.row), key: created.key }, null, 2) + '\n');
        else process.stdout.write(`created ${created.row.id} in ${projectId} (${opts.environment})\nkey (shown once): ${created.key}\n`);
      });
    });

  keys
    .command('list')
    .description('list keys (never their secrets)')
    .option('--project <id>', 'only this project')
    .option('--json', 'print JSON')
    .action(async function (this: Command, opts: { project?: string; json?: boolean }) {
      await withGateway(this, async ({ services }) => {
        const rows = (await listKeys(services.db, opts.project ? { project_id: opts.project } : {})).map(keyView);
        printJsonOrTable(Boolean(opts.json), rows, ['id', 'kind', 'project_id', 'name', 'environment', 'workload', 'display', 'created', 'revoked']);
      });
    });

  keys
    .command('revoke <id>')
    .description('revoke a key; effective on the next request')
    .action(async function (this: Command, id: string) {
      await withGateway(this, async ({ services }) => {
        await services.db.transaction().execute(async (trx) => {
          const before = await getKey(trx, id);
          if (!before) throw new CliError(`no such key: ${id}`, 3);
          if (before.revoked_ms !== null) return;
          await revokeKey(trx, id);
          await appendAudit(trx, { actor: 'cli', action: 'key.revoke', target: id, before: keyView(before), after: keyView((await getKey(trx, id))!) });
        });
        process.stdout.write(`revoked ${id}\n`);
      });
    });
}

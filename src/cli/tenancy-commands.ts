import type { Command } from 'commander';
import { appendAudit } from '../audit/audit-log.js';
import { createProject, createTeam, getTeam, listProjects, listTeams } from '../keys/tenancy-store.js';
import { projectView, teamView } from '../http/routes/admin-tenancy.js';
import { gstin, name as nameRule, parseFlag, stateCode } from './tenancy-input.js';
import { CliError, printJson, printJsonOrTable, withGateway } from './cli-support.js';

export function registerTenancyCommands(program: Command): void {
  const teams = program.command('teams').description('billing accounts');
  teams
    .command('list')
    .description('list teams')
    .option('--json', 'print JSON')
    .action(async function (this: Command, opts: { json?: boolean }) {
      await withGateway(this, async ({ services }) => {
        printJsonOrTable(Boolean(opts.json), (await listTeams(services.db)).map(teamView), ['id', 'name', 'gstin', 'state_code', 'created']);
      });
    });
  teams
    .command('create <name>')
    .description('create a team (a billing account)')
    .option('--gstin <gstin>')
    .option('--state-code <code>', 'two-digit GST state code')
    .option('--json', 'print JSON')
    .action(async function (this: Command, name: string, opts: { gstin?: string; stateCode?: string; json?: boolean }) {
      const input = {
        name: parseFlag(nameRule, 'name', name),
        gstin: opts.gstin === undefined ? null : parseFlag(gstin, '--gstin', opts.gstin),
        state_code: opts.stateCode === undefined ? null : parseFlag(stateCode, '--state-code', opts.stateCode),
      };
      await withGateway(this, async ({ services }) => {
        const team = await services.db.transaction().execute(async (trx) => {
          const created = await createTeam(trx, input);
          await appendAudit(trx, { actor: 'cli', action: 'team.create', target: created.id, before: null, after: teamView(created) });
          return created;
        });
        if (opts.json) printJson(teamView(team));
        else printJsonOrTable(false, [teamView(team)], ['id', 'name', 'gstin', 'state_code']);
      });
    });

  const projects = program.command('projects').description('projects (a team has many; keys belong to one)');
  projects
    .command('list')
    .description('list projects')
    .option('--team <id>')
    .option('--json', 'print JSON')
    .action(async function (this: Command, opts: { team?: string; json?: boolean }) {
      await withGateway(this, async ({ services }) => {
        printJsonOrTable(Boolean(opts.json), (await listProjects(services.db, opts.team ? { team_id: opts.team } : {})).map(projectView), ['id', 'team_id', 'name', 'cache_mode', 'created']);
      });
    });
  projects
    .command('create <name>')
    .description('create a project in a team')
    .option('--team <id>', 'team id (default: the first team)')
    .option('--json', 'print JSON')
    .action(async function (this: Command, name: string, opts: { team?: string; json?: boolean }) {
      const projectName = parseFlag(nameRule, 'name', name);
      await withGateway(this, async ({ services }) => {
        const project = await services.db.transaction().execute(async (trx) => {
          const teamId = opts.team ?? (await listTeams(trx))[0]?.id;
          if (!teamId || !(await getTeam(trx, teamId))) throw new CliError(`no such team: ${opts.team ?? '(none exists)'}`, 3);
          const created = await createProject(trx, { name: projectName, team_id: teamId });
          await appendAudit(trx, { actor: 'cli', action: 'project.create', target: created.id, before: null, after: projectView(created) });
          return created;
        });
        if (opts.json) printJson(projectView(project));
        else printJsonOrTable(false, [projectView(project)], ['id', 'team_id', 'name']);
      });
    });
}

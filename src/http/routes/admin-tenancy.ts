import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appendAudit, type AuditEvent } from '../../audit/audit-log.js';
import type { Database } from '../../db/schema.js';
import { authenticate, requireAdmin, type AdminPrincipal } from '../../keys/authenticate.js';
import {
  createKey,
  createProject,
  createTeam,
  getKey,
  getProject,
  getTeam,
  keyView,
  listKeys,
  listProjects,
  listTeams,
  revokeKey,
  type ProjectRow,
  type TeamRow,
} from '../../keys/tenancy-store.js';
import type { GatewayServices } from '../../inference/gateway-services.js';
import { invalidRequest, notFound } from '../../openai/errors.js';
import { parseBody } from '../request-body.js';
import { budgetInput, budgetToJson, budgetView, rateLimitInput, rateLimitToJson, rateLimitView } from '../../spend/spend-policy.js';

/** Admin API for teams, projects and keys (SPEC §7, first bullet). */

const label = z.string().regex(/^[\w.:-]{1,64}$/, 'must be 1-64 characters of letters, digits, _ . : -');
const name = z.string().trim().min(1).max(200);
const gstin = z.string().regex(/^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/, 'must be a 15-character GSTIN');
const stateCode = z.string().regex(/^\d{2}$/, 'must be a two-digit GST state code');

const limits = { budget: budgetInput.optional(), rate_limit: rateLimitInput.optional() };
const teamCreate = z.strictObject({ name, gstin: gstin.nullable().optional(), state_code: stateCode.nullable().optional() });
const teamPatch = z.strictObject({ ...teamCreate.partial().shape, budget: budgetInput.optional() });
const projectCreate = z.strictObject({ name, team_id: z.string().optional() });
const projectPatch = z.strictObject({
  name: name.optional(),
  cache_mode: z.enum(['on', 'off', 'read-only', 'write-only']).optional(),
  canonical_cache: z.boolean().optional(),
  cache_ttl_seconds: z.number().int().positive().max(31_536_000).nullable().optional(),
  ...limits,
});
const keyCreate = z.strictObject({ project_id: z.string(), name: name.optional(), environment: label.optional(), workload: label.nullable().optional() });
const keyPatch = z.strictObject({ name: name.optional(), environment: label.optional(), workload: label.nullable().optional(), ...limits });

/** `{budget, rate_limit}` of a PATCH body → the JSON columns they are stored in. */
function limitColumns(body: { budget?: z.output<typeof budgetInput>; rate_limit?: z.output<typeof rateLimitInput> }) {
  return {
    ...(body.budget === undefined ? {} : { budget_json: budgetToJson(body.budget) }),
    ...(body.rate_limit === undefined ? {} : { rate_limit_json: rateLimitToJson(body.rate_limit) }),
  };
}


const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export const teamView = (t: TeamRow) => ({
  id: t.id,
  object: 'team' as const,
  name: t.name,
  gstin: t.gstin,
  state_code: t.state_code,
  budget: budgetView(t.budget_json),
  created: iso(t.created_ms),
});
export const projectView = (p: ProjectRow) => ({
  id: p.id,
  object: 'project' as const,
  team_id: p.team_id,
  name: p.name,
  cache_mode: p.cache_mode,
  canonical_cache: p.canonical_cache === 1,
  cache_ttl_seconds: p.cache_ttl_seconds,
  budget: budgetView(p.budget_json),
  rate_limit: rateLimitView(p.rate_limit_json),
  created: iso(p.created_ms),
});

export function registerAdminTenancy(app: FastifyInstance, services: GatewayServices): void {
  const { db } = services;
  const admin = async (request: FastifyRequest) => requireAdmin(await authenticate(db, request.headers.authorization));
  /**
   * Runs a mutation and its audit entry in one transaction: no change without its entry, no entry
   * for a change that rolled back. Inside `fn` use only `trx` (on SQLite the outer handle waits
   * for this very transaction).
   */
  const audited = <T>(principal: AdminPrincipal, fn: (trx: Kysely<Database>, audit: (event: Omit<AuditEvent, 'actor'>) => Promise<void>) => Promise<T>) =>
    db.transaction().execute((trx) =>
      fn(trx, async (event) => {
        await appendAudit(trx, { ...event, actor: principal.key.id });
      }),
    );

  app.post('/v1/admin/teams', async (request, reply) => {
    const principal = await admin(request);
    const body = parseBody(teamCreate, request);
    const team = await audited(principal, async (trx, audit) => {
      const created = await createTeam(trx, body);
      await audit({ action: 'team.create', target: created.id, before: null, after: teamView(created) });
      return created;
    });
    return reply.code(201).send(teamView(team));
  });
  app.get('/v1/admin/teams', async (request) => {
    await admin(request);
    return { object: 'list', data: (await listTeams(db)).map(teamView) };
  });
  app.get('/v1/admin/teams/:id', async (request) => {
    await admin(request);
    const team = await getTeam(db, (request.params as { id: string }).id);
    if (!team) throw notFound('No such team.', 'team_not_found', 'id');
    return teamView(team);
  });
  app.patch('/v1/admin/teams/:id', async (request) => {
    const principal = await admin(request);
    const { id } = request.params as { id: string };
    const body = parseBody(teamPatch, request);
    const { budget, ...fields } = body;
    const set = { ...fields, ...limitColumns({ budget }) };
    const team = await audited(principal, async (trx, audit) => {
      const before = await getTeam(trx, id);
      if (!before) throw notFound('No such team.', 'team_not_found', 'id');
      if (!Object.keys(set).length) return before;
      await trx.updateTable('teams').set(set).where('id', '=', id).execute();
      const after = (await getTeam(trx, id)) as TeamRow;
      await audit({ action: 'team.update', target: id, before: teamView(before), after: teamView(after) });
      return after;
    });
    return teamView(team);
  });
  app.delete('/v1/admin/teams/:id', async (request) => {
    const principal = await admin(request);
    const { id } = request.params as { id: string };
    await audited(principal, async (trx, audit) => {
      const before = await getTeam(trx, id);
      if (!before) throw notFound('No such team.', 'team_not_found', 'id');
      if ((await listProjects(trx, { team_id: id })).length > 0) throw invalidRequest('Delete or move the team’s projects first.', 'id', 'team_not_empty');
      await trx.updateTable('teams').set({ deleted_ms: Date.now() }).where('id', '=', id).execute();
      await audit({ action: 'team.delete', target: id, before: teamView(before), after: null });
    });
    return { id, object: 'team', deleted: true };
  });

  app.post('/v1/admin/projects', async (request, reply) => {
    const principal = await admin(request);
    const body = parseBody(projectCreate, request);
    const project = await audited(principal, async (trx, audit) => {
      const teamId = body.team_id ?? (await listTeams(trx))[0]?.id;
      if (!teamId || !(await getTeam(trx, teamId))) throw invalidRequest('team_id does not name an existing team.', 'team_id');
      const created = await createProject(trx, { name: body.name, team_id: teamId });
      await audit({ action: 'project.create', target: created.id, before: null, after: projectView(created) });
      return created;
    });
    return reply.code(201).send(projectView(project));
  });
  app.get('/v1/admin/projects', async (request) => {
    await admin(request);
    const { team_id } = request.query as { team_id?: string };
    return { object: 'list', data: (await listProjects(db, team_id ? { team_id } : {})).map(projectView) };
  });
  app.get('/v1/admin/projects/:id', async (request) => {
    await admin(request);
    const project = await getProject(db, (request.params as { id: string }).id);
    if (!project) throw notFound('No such project.', 'project_not_found', 'id');
    return projectView(project);
  });
  app.patch('/v1/admin/projects/:id', async (request) => {
    const principal = await admin(request);
    const { id } = request.params as { id: string };
    const body = parseBody(projectPatch, request);
    const { canonical_cache, budget, rate_limit, ...rest } = body;
    const set = { ...rest, ...limitColumns({ budget, rate_limit }), ...(canonical_cache === undefined ? {} : { canonical_cache: canonical_cache ? 1 : 0 }) };
    const project = await audited(principal, async (trx, audit) => {
      const before = await getProject(trx, id);
      if (!before) throw notFound('No such project.', 'project_not_found', 'id');
      if (!Object.keys(set).length) return before;
      await trx.updateTable('projects').set(set).where('id', '=', id).execute();
      const after = (await getProject(trx, id)) as ProjectRow;
      await audit({ action: 'project.update', target: id, before: projectView(before), after: projectView(after) });
      return after;
    });
    return projectView(project);
  });
  app.delete('/v1/admin/projects/:id', async (request) => {
    const principal = await admin(request);
    const { id } = request.params as { id: string };
    await audited(principal, async (trx, audit) => {
      const before = await getProject(trx, id);
      if (!before) throw notFound('No such project.', 'project_not_found', 'id');
      const now = Date.now();
      const live = await trx.selectFrom('api_keys').select('id').where('project_id', '=', id).where('revoked_ms', 'is', null).orderBy('id').execute();
      // Deleting a project revokes its keys at once.
      await trx.updateTable('api_keys').set({ revoked_ms: now }).where('project_id', '=', id).where('revoked_ms', 'is', null).execute();
      await trx.updateTable('projects').set({ deleted_ms: now }).where('id', '=', id).execute();
      await audit({ action: 'project.delete', target: id, before: projectView(before), after: { deleted: true, revoked_key_ids: live.map((k) => k.id) } });
    });
    return { id, object: 'project', deleted: true };
  });

  app.post('/v1/admin/keys', async (request, reply) => {
    const principal = await admin(request);
    const body = parseBody(keyCreate, request);
    const created = await audited(principal, async (trx, audit) => {
      if (!(await getProject(trx, body.project_id))) throw invalidRequest('project_id does not name an existing project.', 'project_id');
      const made = await createKey(trx, { kind: 'project', project_id: body.project_id, name: body.name ?? null, environment: body.environment ?? null, workload: body.workload ?? null });
      // keyView: display prefix only, never the key or its hash.
      await audit({ action: 'key.create', target: made.row.id, before: null, after: keyView(made.row) });
      return made;
    });
    // The only time the plaintext key is ever shown.
    return reply.code(201).send({ ...keyView(created.row), key: created.key });
  });
  app.get('/v1/admin/keys', async (request) => {
    await admin(request);
    const { project_id } = request.query as { project_id?: string };
    return { object: 'list', data: (await listKeys(db, project_id ? { project_id } : {})).map(keyView) };
  });
  app.get('/v1/admin/keys/:id', async (request) => {
    await admin(request);
    const key = await getKey(db, (request.params as { id: string }).id);
    if (!key) throw notFound('No such key.', 'key_not_found', 'id');
    return keyView(key);
  });
  app.patch('/v1/admin/keys/:id', async (request) => {
    const principal = await admin(request);
    const { id } = request.params as { id: string };
    const body = parseBody(keyPatch, request);
    const { budget, rate_limit, ...fields } = body;
    const set = { ...fields, ...limitColumns({ budget, rate_limit }) };
    const key = await audited(principal, async (trx, audit) => {
      const before = await getKey(trx, id);
      if (!before) throw notFound('No such key.', 'key_not_found', 'id');
      if (!Object.keys(set).length) return before;
      await trx.updateTable('api_keys').set(set).where('id', '=', id).execute();
      const after = (await getKey(trx, id))!;
      await audit({ action: 'key.update', target: id, before: keyView(before), after: keyView(after) });
      return after;
    });
    return keyView(key);
  });
  app.delete('/v1/admin/keys/:id', async (request) => {
    const principal = await admin(request);
    const { id } = request.params as { id: string };
    if (id === principal.key.id) throw invalidRequest('An admin key cannot revoke itself.', 'id');
    await audited(principal, async (trx, audit) => {
      const before = await getKey(trx, id);
      if (!before) throw notFound('No such key.', 'key_not_found', 'id');
      // Revoking a revoked key changes nothing, so it is not an audited mutation.
      if (before.revoked_ms !== null) return;
      await revokeKey(trx, id);
      await audit({ action: 'key.revoke', target: id, before: keyView(before), after: keyView((await getKey(trx, id))!) });
    });
    return { id, object: 'api_key', revoked: true };
  });
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { routePolicySchema, type RoutePolicy } from './route-policy.js';

/** Per-project routes (admin API); config routes apply to every project and are shadowed by these. */

export async function getProjectRoute(db: Kysely<Database>, projectId: string, name: string): Promise<RoutePolicy | null> {
  const row = await db.selectFrom('routes').select('policy_json').where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
  return row ? routePolicySchema.parse(JSON.parse(row.policy_json)) : null;
}

export async function putProjectRoute(db: Kysely<Database>, projectId: string, name: string, policy: RoutePolicy): Promise<void> {
  const values = { project_id: projectId, name, policy_json: JSON.stringify(policy), updated_ms: Date.now() };
  await db
    .insertInto('routes')
    .values(values)
    .onConflict((oc) => oc.columns(['project_id', 'name']).doUpdateSet({ policy_json: values.policy_json, updated_ms: values.updated_ms }))
    .execute();
}

export async function deleteProjectRoute(db: Kysely<Database>, projectId: string, name: string): Promise<boolean> {
  const r = await db.deleteFrom('routes').where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function listProjectRoutes(db: Kysely<Database>, projectId: string): Promise<Array<{ name: string; policy: RoutePolicy }>> {
  const rows = await db.selectFrom('routes').select(['name', 'policy_json']).where('project_id', '=', projectId).orderBy('name').execute();
  return rows.map((r) => ({ name: r.name, policy: routePolicySchema.parse(JSON.parse(r.policy_json)) }));
}

/** Config `routes:` validated at start: a bad route stops the gateway with the field named. */
export function parseConfigRoutes(raw: Record<string, unknown>): Map<string, RoutePolicy> {
  const out = new Map<string, RoutePolicy>();
  for (const [name, value] of Object.entries(raw)) {
    const parsed = routePolicySchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`invalid configuration: routes.${name}${issue?.path.length ? '.' + issue.path.join('.') : ''}: ${issue?.message ?? 'invalid'}`);
    }
    out.set(name, parsed.data);
  }
  return out;
}

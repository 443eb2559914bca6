import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { hashApiKey } from '../keys/api-key.js';
import { createKey, createProject, createTeam, findKeyByHash } from '../keys/tenancy-store.js';

export interface BootstrapResult {
  /** Set only when created now: the plaintext keys are shown this once. */
  adminKey: string | null;
  projectKey: string | null;
  projectId: string | null;
}

/**
 * First start with an empty store: an admin key (NEXTMODEL_ADMIN_KEY if given), a default team,
 * project and project key. Later starts create nothing, except an admin key named by
 * NEXTMODEL_ADMIN_KEY that is not yet stored.
 */
export async function bootstrapStore(db: Kysely<Database>, configuredAdminKey: string | null): Promise<BootstrapResult> {
  const result: BootstrapResult = { adminKey: null, projectKey: null, projectId: null };
  if (configuredAdminKey !== null && !/^nm_admin_[A-Za-z0-9_-]{16,128}$/.test(configuredAdminKey)) {
    throw new Error('NEXTMODEL_ADMIN_KEY must look like nm_admin_<16-128 letters, digits, _ or ->');
  }
  const anyAdmin = await db.selectFrom('api_keys').select('id').where('kind', '=', 'admin').executeTakeFirst();
  if (configuredAdminKey && !(await findKeyByHash(db, hashApiKey(configuredAdminKey)))) {
    await createKey(db, { kind: 'admin', project_id: null, name: 'admin (from NEXTMODEL_ADMIN_KEY)', plaintext: configuredAdminKey });
  } else if (!anyAdmin) {
    result.adminKey = (await createKey(db, { kind: 'admin', project_id: null, name: 'admin' })).key;
  }
  const anyTeam = await db.selectFrom('teams').select('id').executeTakeFirst();
  if (!anyTeam) {
    const team = await createTeam(db, { name: 'Default team' });
    const project = await createProject(db, { name: 'Default project', team_id: team.id });
    result.projectKey = (await createKey(db, { kind: 'project', project_id: project.id, name: 'default', environment: 'dev' })).key;
    result.projectId = project.id;
  }
  return result;
}

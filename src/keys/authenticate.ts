import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { invalidApiKey, permissionDenied } from '../openai/errors.js';
import { bearerToken, hashApiKey, hashesEqual } from './api-key.js';
import { findKeyByHash, getProject, type KeyRow, type ProjectRow } from './tenancy-store.js';

export interface ProjectPrincipal {
  kind: 'project';
  key: KeyRow;
  project: ProjectRow;
}

export interface AdminPrincipal {
  kind: 'admin';
  key: KeyRow;
}

export type Principal = ProjectPrincipal | AdminPrincipal;

/**
 * Authorization header → principal. The lookup is by SHA-256 (an index probe reveals nothing
 * useful: an attacker cannot choose hash prefixes), then the stored hash is compared in
 * constant time. Revocation is read from the store on every request, so it takes effect at once.
 */
export async function authenticate(db: Kysely<Database>, authorization: string | undefined): Promise<Principal> {
  const token = bearerToken(authorization);
  if (!token) throw invalidApiKey();
  const hash = hashApiKey(token);
  const key = await findKeyByHash(db, hash);
  if (!key || !hashesEqual(key.key_hash, hash)) throw invalidApiKey();
  if (key.revoked_ms !== null) throw invalidApiKey('This API key has been revoked.');
  if (key.kind === 'admin') return { kind: 'admin', key };
  const project = key.project_id ? await getProject(db, key.project_id) : undefined;
  if (!project) throw invalidApiKey('This API key belongs to a project that no longer exists.');
  return { kind: 'project', key, project };
}

export function requireProject(principal: Principal): ProjectPrincipal {
  if (principal.kind !== 'project') {
    throw permissionDenied('Inference needs a project key (nm_…); admin keys manage the gateway but do not send requests.');
  }
  return principal;
}

export function requireAdmin(principal: Principal): AdminPrincipal {
  if (principal.kind !== 'admin') throw permissionDenied('This endpoint needs an admin key (nm_admin_…).');
  return principal;
}

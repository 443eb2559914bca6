import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SecretBox } from '../keys/secret-box.js';
import { hashSessionToken, newSessionToken, SESSION_TTL_MS } from './session-cookie.js';

/**
 * Dashboard sessions in the shared store, so any replica can serve a signed-in browser. A row
 * holds the token's SHA-256 and the API key sealed with the master key (the token hash is the
 * associated data, so a sealed key cannot be moved to another row).
 */

const aad = (tokenHash: string) => `dashboard-session:${tokenHash}`;

export interface SessionStoreDeps {
  db: Kysely<Database>;
  secrets: SecretBox;
}

/** A new session for an already-authenticated key; returns the cookie token (shown only to that browser). */
export async function createSession(deps: SessionStoreDeps, apiKey: string, keyId: string, now = Date.now()): Promise<string> {
  const token = newSessionToken();
  const tokenHash = hashSessionToken(token);
  // Expired sessions are swept here rather than by a timer: sign-ins are rare, the delete is indexed.
  await deps.db.deleteFrom('dashboard_sessions').where('expires_ms', '<', now).execute();
  await deps.db
    .insertInto('dashboard_sessions')
    .values({ token_hash: tokenHash, key_id: keyId, key_sealed: deps.secrets.seal(apiKey, aad(tokenHash)), created_ms: now, expires_ms: now + SESSION_TTL_MS })
    .execute();
  return token;
}

/** The API key a live session stands for, or null (unknown, expired, or sealed under another master key). */
export async function sessionKey(deps: SessionStoreDeps, token: string, now = Date.now()): Promise<string | null> {
  const tokenHash = hashSessionToken(token);
  const row = await deps.db.selectFrom('dashboard_sessions').select(['key_sealed', 'expires_ms']).where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!row || Number(row.expires_ms) <= now) return null;
  try {
    return deps.secrets.open(row.key_sealed, aad(tokenHash));
  } catch {
    return null;
  }
}

export async function deleteSession(deps: SessionStoreDeps, token: string): Promise<void> {
  await deps.db.deleteFrom('dashboard_sessions').where('token_hash', '=', hashSessionToken(token)).execute();
}

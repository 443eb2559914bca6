/** Tables of the dashboard (issue 10): server-side sign-in sessions. */

export interface DashboardSessionsTable {
  /** SHA-256 (hex) of the random token in the session cookie; the token itself is never stored. */
  token_hash: string;
  /** The signed-in API key's id, so revoking or deleting a key can find its sessions. */
  key_id: string;
  /** The API key, sealed with the master key (SecretBox), bound to token_hash as associated data. */
  key_sealed: string;
  created_ms: number;
  expires_ms: number;
}

export interface DashboardTables {
  dashboard_sessions: DashboardSessionsTable;
}

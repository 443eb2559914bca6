import type { Migration, MigrationProvider } from 'kysely';
import { m0001_core } from './0001-core.js';
import { m0002_cache } from './0002-cache.js';
import { m0003_spend } from './0003-spend.js';
import { m0004_audit } from './0004-audit.js';
import { m0005_statements } from './0005-statements.js';
import { m0006_provider_credentials } from './0006-provider-credentials.js';
import { m0007_routes } from './0007-routes.js';
import { m0008_dashboard_sessions } from './0008-dashboard-sessions.js';
import { m0009_usage_daily } from './0009-usage-daily.js';
import { m0010_receipts_by_project_id } from './0010-receipts-by-project-id.js';
import { m0011_tenancy_version } from './0011-tenancy-version.js';
import { m0012_drop_cache_entries_project } from './0012-drop-cache-entries-project.js';

/**
 * Schema migrations, in order, one file each. Written with Kysely's schema builder so the same
 * steps run on SQLite and PostgreSQL. Never edit a shipped migration: add the next one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_core': m0001_core,
  '0002_cache': m0002_cache,
  '0003_spend': m0003_spend,
  '0004_audit': m0004_audit,
  '0005_statements': m0005_statements,
  '0006_provider_credentials': m0006_provider_credentials,
  '0007_routes': m0007_routes,
  '0008_dashboard_sessions': m0008_dashboard_sessions,
  '0009_usage_daily': m0009_usage_daily,
  '0010_receipts_by_project_id': m0010_receipts_by_project_id,
  '0011_tenancy_version': m0011_tenancy_version,
  '0012_drop_cache_entries_project': m0012_drop_cache_entries_project,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};

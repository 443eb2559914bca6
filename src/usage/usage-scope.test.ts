import { describe, expect, it } from 'vitest';
import type { Principal } from '../keys/authenticate.js';
import type { KeyRow, ProjectRow } from '../keys/tenancy-store.js';
import { scopeFilter } from './usage-scope.js';

const key = { id: 'key_1', kind: 'project', project_id: 'proj_1', name: 'k', environment: 'prod', workload: null, key_hash: '', prefix: '', budget_json: null, rate_limit_json: null, created_ms: 0, revoked_ms: null } satisfies KeyRow;
const project = { id: 'proj_1', team_id: 'team_1', name: 'p', cache_mode: 'on', canonical_cache: 0, cache_ttl_seconds: null, budget_json: null, rate_limit_json: null, created_ms: 0, deleted_ms: null } satisfies ProjectRow;
const projectKey: Principal = { kind: 'project', key, project, team: null };
const admin: Principal = { kind: 'admin', key: { ...key, kind: 'admin', project_id: null } };

describe('scopeFilter', () => {
  it('an admin key sees what it asks for', () => {
    expect(scopeFilter(admin, {})).toEqual({});
    expect(scopeFilter(admin, { projectId: 'proj_9', teamId: 'team_9' })).toEqual({ projectId: 'proj_9', teamId: 'team_9' });
  });

  it('a project key is pinned to its project', () => {
    expect(scopeFilter(projectKey, { fromMs: 1 })).toEqual({ fromMs: 1, projectId: 'proj_1' });
    expect(scopeFilter(projectKey, { projectId: 'proj_1', teamId: 'team_1', keyId: 'key_2' })).toEqual({ projectId: 'proj_1', teamId: 'team_1', keyId: 'key_2' });
  });

  it('another project or team is 403 permission_denied', () => {
    expect(() => scopeFilter(projectKey, { projectId: 'proj_2' })).toThrow(expect.objectContaining({ status: 403, code: 'permission_denied' }));
    expect(() => scopeFilter(projectKey, { teamId: 'team_2' })).toThrow(expect.objectContaining({ status: 403, code: 'permission_denied' }));
  });
});

import type { Principal } from '../keys/authenticate.js';
import { permissionDenied } from '../openai/errors.js';
import type { ReceiptFilter } from './usage-params.js';

/**
 * What a caller may see (SPEC §4: "a project key sees only its project"). An admin key sees
 * everything. A project key is pinned to its project; asking for another project or team is a
 * 403 rather than an empty answer, so a mistyped id is not mistaken for "no spend". A `key_id`
 * outside the project simply matches nothing: answering 403 there would tell the caller that
 * the key exists elsewhere.
 */
export function scopeFilter(principal: Principal, filter: ReceiptFilter): ReceiptFilter {
  if (principal.kind === 'admin') return filter;
  const { project } = principal;
  if (filter.projectId !== undefined && filter.projectId !== project.id) {
    throw permissionDenied(`'project_id': this key belongs to project '${project.id}' and can see only that project's usage.`);
  }
  if (filter.teamId !== undefined && filter.teamId !== project.team_id) {
    throw permissionDenied(`'team_id': this key's project belongs to team '${project.team_id}' and can see only its own project's usage.`);
  }
  return { ...filter, projectId: project.id };
}

import { createHash } from 'node:crypto';
import { canonicalJson } from '../../util/canonical-json.js';
import type { BenchCase, BenchRequest } from './case-schema.js';

/**
 * Equivalence classes over requests (vCache's ID_Set idea): identical requests share a class, and
 * a `same` case joins its seed's class with its probe's. Time-dependent cases are left out —
 * their identical words have different answers at different times, so no class can hold them.
 */

export const requestKey = (r: BenchRequest): string => canonicalJson(r);

export function answerClasses(cases: readonly BenchCase[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(x, root);
    return root;
  };
  const add = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    // The smaller key wins, so the representative does not depend on case order.
    if (ra !== rb) (ra < rb ? parent.set(rb, ra) : parent.set(ra, rb));
  };
  for (const c of cases) {
    if (c.category === 'time_dependent') continue;
    const [s, p] = [requestKey(c.seed.request), requestKey(c.probe.request)];
    add(s);
    add(p);
    if (c.truth.answer === 'same') union(s, p);
  }
  const ids = new Map<string, string>();
  for (const key of parent.keys()) ids.set(key, `cls-${createHash('sha256').update(find(key)).digest('hex').slice(0, 12)}`);
  return ids;
}

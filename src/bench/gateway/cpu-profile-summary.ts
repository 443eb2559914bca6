import { readFileSync } from 'node:fs';

/**
 * Where the time goes in a V8 .cpuprofile (what `node --cpu-prof` writes: a call tree of nodes,
 * the node sampled at each tick and the µs between ticks; see the Chrome DevTools Protocol,
 * Profiler.Profile). Self time per function and per module (package or source folder), as a share
 * of the non-idle time.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  nodes: ProfileNode[];
  /** µs, on the monotonic clock of the profiled process. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Only samples taken inside this window (µs on the profiled process's monotonic clock). */
export interface ProfileWindow {
  fromUs: number;
  toUs: number;
}

export interface SelfTime {
  name: string;
  where: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  functions: SelfTime[];
  modules: SelfTime[];
}

/** The bench gateway's statement counter (gateway-process.ts): SQLite's native time lands on it. */
const SQLITE_EXECUTION = 'executeSqliteStatement';

/** node_modules/<pkg> (scoped too), our dist/<folder>, node:internal, or V8's pseudo-frames. */
export function moduleOf(url: string, functionName: string): string {
  if (functionName === SQLITE_EXECUTION) return 'sqlite (statement execution, native)';
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?([^/]+).*/, 'node:$2');
  const ours = /\/dist\/(.+?)\/[^/]+\.js$/.exec(url);
  if (ours) return `nextmodel:${ours[1]}`;
  return url.split('/').slice(-2).join('/');
}

// (program) is native work V8 cannot attribute to a JS function: busy, not idle.
const IDLE = new Set(['(idle)']);

export function summariseCpuProfile(profile: CpuProfile, top = 25, window?: ProfileWindow): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fnTime = new Map<string, SelfTime>();
  const modTime = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    total += dt;
    if (IDLE.has(name)) {
      idle += dt;
      return;
    }
    const where = url ? `${url.replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${name} ${where}`;
    const entry = fnTime.get(key) ?? { name, where, selfMs: 0, share: 0 };
    entry.selfMs += dt;
    fnTime.set(key, entry);
    const mod = moduleOf(url, name);
    modTime.set(mod, (modTime.get(mod) ?? 0) + dt);
  });
  const busy = total - idle || 1;
  const rank = (list: SelfTime[]) =>
    list
      .map((e) => ({ ...e, selfMs: Math.round(e.selfMs * 10) / 10, share: Math.round((e.selfMs / busy) * 1000) / 10 }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top);
  return {
    totalMs: Math.round(total),
    idleMs: Math.round(idle),
    functions: rank([...fnTime.values()]),
    modules: rank([...modTime.entries()].map(([name, selfMs]) => ({ name, where: '', selfMs, share: 0 }))),
  };
}

export function readCpuProfile(path: string): CpuProfile {
  return JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
}

export function formatProfileTable(summary: ProfileSummary): string {
  const lines = [`sampled ${summary.totalMs} ms, idle ${summary.idleMs} ms; shares are of the busy (non-idle) time`, '', 'self %   self ms  function  (location)'];
  for (const f of summary.functions) lines.push(`${f.share.toFixed(1).padStart(6)}  ${f.selfMs.toFixed(1).padStart(8)}  ${f.name}  ${f.where}`);
  lines.push('', 'self %   self ms  module');
  for (const m of summary.modules) lines.push(`${m.share.toFixed(1).padStart(6)}  ${m.selfMs.toFixed(1).padStart(8)}  ${m.name}`);
  return lines.join('\n');
}

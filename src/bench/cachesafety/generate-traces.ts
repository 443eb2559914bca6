import { answerClasses, requestKey } from './answer-classes.js';
import { isTrapCategory, type BenchCase, type Category, type TraceItem, type TraceKind, type TraceManifest, type TraceSpec } from './case-schema.js';
import { prng, shuffled } from './prng.js';

/**
 * Seeded traffic traces with declared mixes. A trace is built from case halves: `fresh` items are
 * seeds (new questions), `paraphrase` and `trap` items are a case's probe placed somewhere after
 * its seed, and `exact` items repeat an earlier item verbatim. Time-dependent cases are left out
 * (a trace's clock runs 20 s per request; their answers move over hours and days).
 */

type TraceDef = Omit<TraceSpec, 'file'> & { trapCategories: readonly Category[] | 'all' };

export const TRACE_DEFS: readonly TraceDef[] = [
  { name: 'faq-heavy', seed: 11, requests: 600, mix: { fresh: 0.35, exact: 0.3, paraphrase: 0.25, trap: 0.1 }, validity_s: 86_400, trapCategories: 'all', description: 'Support/FAQ traffic: many verbatim repeats and rewordings, few look-alikes.' },
  { name: 'chat-like', seed: 22, requests: 600, mix: { fresh: 0.55, exact: 0.1, paraphrase: 0.15, trap: 0.2 }, validity_s: 86_400, trapCategories: 'all', description: 'General assistant traffic: mostly new questions, more look-alikes than repeats.' },
  { name: 'agentic-tools', seed: 33, requests: 600, mix: { fresh: 0.4, exact: 0.25, paraphrase: 0.05, trap: 0.3 }, validity_s: 86_400, trapCategories: ['tools_params', 'system_prompt', 'multi_turn', 'tenant_user', 'code_one_char'], description: 'Agent loops: repeated tool-bearing calls; traps are parameter, context and tenant changes.' },
];

const STEP_MS = 20_000;
const BASE_MS = Date.parse('2026-03-02T03:30:00Z');

interface Slot {
  c: BenchCase;
  side: 'seed' | 'probe';
  kind: TraceKind;
}

function buildTrace(def: TraceDef, cases: readonly BenchCase[]): Slot[] {
  const rng = prng(def.seed);
  const n = def.requests;
  const count = (share: number) => Math.round(n * share);
  const [nExact, nPara, nTrap] = [count(def.mix.exact), count(def.mix.paraphrase), count(def.mix.trap)];
  const nFresh = n - nExact - nPara - nTrap;
  if (nFresh < nPara + nTrap) throw new Error(`${def.name}: every paraphrase/trap needs its own fresh seed; raise the fresh share`);
  const usable = cases.filter((c) => c.category !== 'time_dependent');
  const traps = shuffled(rng, usable.filter((c) => isTrapCategory(c.category) && (def.trapCategories === 'all' || def.trapCategories.includes(c.category)))).slice(0, nTrap);
  const paras = shuffled(rng, usable.filter((c) => c.category === 'paraphrase' || c.category === 'normalisation')).slice(0, nPara);
  if (traps.length < nTrap || paras.length < nPara) throw new Error(`${def.name}: not enough cases for the declared mix`);
  const used = new Set([...traps, ...paras].flatMap((c) => [requestKey(c.seed.request), requestKey(c.probe.request)]));
  const fillers: BenchCase[] = [];
  for (const c of shuffled(rng, usable)) {
    if (fillers.length === nFresh - nPara - nTrap) break;
    const key = requestKey(c.seed.request);
    if (used.has(key) || traps.includes(c) || paras.includes(c)) continue;
    used.add(key); // a fresh question really is new in this trace
    fillers.push(c);
  }
  const slots: Slot[] = shuffled(rng, [...traps, ...paras, ...fillers]).map((c) => ({ c, side: 'seed', kind: 'fresh' }));
  for (const c of [...paras, ...traps]) {
    const at = slots.findIndex((s) => s.c === c && s.side === 'seed');
    const pos = at + 1 + Math.floor(rng() * (slots.length - at));
    slots.splice(pos, 0, { c, side: 'probe', kind: paras.includes(c) ? 'paraphrase' : 'trap' });
  }
  for (let k = 0; k < nExact; k++) {
    const pos = 1 + Math.floor(rng() * slots.length);
    const source = slots[Math.floor(rng() * pos)] as Slot;
    slots.splice(pos, 0, { c: source.c, side: source.side, kind: 'exact' });
  }
  return slots;
}

export function generateTraces(cases: readonly BenchCase[]): { manifest: TraceManifest; traces: Map<string, TraceItem[]> } {
  const classes = answerClasses(cases);
  const traces = new Map<string, TraceItem[]>();
  for (const def of TRACE_DEFS) {
    const items = buildTrace(def, cases).map((s, seq): TraceItem => {
      const turn = s.c[s.side];
      return {
        seq,
        at: new Date(BASE_MS + seq * STEP_MS).toISOString().replace('.000Z', 'Z'),
        scope: turn.scope,
        ref: { case: s.c.id, side: s.side },
        kind: s.kind,
        answer_class: classes.get(requestKey(turn.request)) ?? 'cls-unknown',
      };
    });
    traces.set(def.name, items);
  }
  const manifest: TraceManifest = {
    traces: TRACE_DEFS.map(({ trapCategories: _unused, ...def }) => ({ ...def, file: `${def.name}.jsonl` })),
  };
  return { manifest, traces };
}

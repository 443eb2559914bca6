import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CATEGORIES, type BenchCase, type Scope, type Turn } from './case-schema.js';
import { defaultDatasetDir } from './dataset.js';
import { generateTraces } from './generate-traces.js';
import { pick, prng } from './prng.js';
import { CATEGORY_SPECS } from './templates/index.js';
import type { TurnSpec } from './templates/spec.js';

/**
 * Expands the hand-written templates into data/cachesafety/cases/<category>.jsonl and the seeded
 * traffic traces. Deterministic: same templates, same bytes. Run after editing a template:
 *
 *   npm run build && node dist/bench/cachesafety/generate-dataset.js
 *
 * (test/bench/cachesafety-dataset.test.ts fails if the committed files differ from this output.)
 */

const GENERATOR_SEED = 20260202;
const BASE_MS = Date.parse('2026-02-02T03:30:00Z');
const TENANTS = ['t-acme', 't-globex', 't-initech', 't-umbrella'];
const USERS = ['u-asha', 'u-ravi', 'u-meera', 'u-arjun', 'u-fatima', 'u-john'];

export const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

export function generateCases(): BenchCase[] {
  const rng = prng(GENERATOR_SEED);
  const cases: BenchCase[] = [];
  let slot = 0;
  for (const spec of CATEGORY_SPECS) {
    spec.pairs.forEach((pair, i) => {
      const defaultScope: Scope = { tenant: pick(rng, TENANTS), user: pick(rng, USERS) };
      const seedMs = BASE_MS + slot++ * 173_000;
      const gapMs = (15 + Math.floor(rng() * 226)) * 1000; // 15–240 s: inside every TTL that matters
      const turn = (t: TurnSpec, at: number, scope: Scope): Turn => ({
        scope: { tenant: t.tenant ?? scope.tenant, user: t.user ?? scope.user },
        at: t.at ?? iso(at),
        request: t.request,
      });
      const seed = turn(pair.seed, seedMs, defaultScope);
      cases.push({
        id: `${spec.prefix}-${String(i + 1).padStart(3, '0')}`,
        category: spec.category,
        language: pair.lang,
        severity: pair.severity ?? spec.severity,
        seed,
        probe: turn(pair.probe, seedMs + gapMs, seed.scope),
        truth: { answer: pair.answer, seed_fingerprint: pair.fp[0], probe_fingerprint: pair.fp[1] },
        expected_output_tokens: pair.outTokens ?? spec.outTokens,
        why: pair.why,
      });
    });
  }
  return cases;
}

/** File name → JSONL text, for every file the generator owns. */
export function renderDataset(): Map<string, string> {
  const cases = generateCases();
  const files = new Map<string, string>();
  for (const category of CATEGORIES) {
    const lines = cases.filter((c) => c.category === category).map((c) => JSON.stringify(c));
    files.set(`cases/${category}.jsonl`, lines.join('\n') + '\n');
  }
  const { manifest, traces } = generateTraces(cases);
  files.set('traces/manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  for (const [name, items] of traces) files.set(`traces/${name}.jsonl`, items.map((t) => JSON.stringify(t)).join('\n') + '\n');
  return files;
}

export function writeDataset(dir = defaultDatasetDir()): string[] {
  const written: string[] = [];
  for (const [file, text] of renderDataset()) {
    const path = join(dir, file);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    written.push(path);
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const written = writeDataset(process.argv[2]);
  process.stdout.write(`wrote ${written.length} files\n`);
}

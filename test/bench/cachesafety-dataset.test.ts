import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LANGUAGES, TRAP_CATEGORIES, type BenchCase } from '../../src/bench/cachesafety/case-schema.js';
import { runCacheSafety } from '../../src/bench/cachesafety/command.js';
import { defaultDatasetDir, loadCases, loadTraces } from '../../src/bench/cachesafety/dataset.js';
import { renderDataset } from '../../src/bench/cachesafety/generate-dataset.js';
import { lintDataset } from '../../src/bench/cachesafety/lint-dataset.js';

/** The bundled dataset: generated from the templates, big enough, and linted — and the lint bites. */

const dir = defaultDatasetDir();
const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

/** A copy of the dataset with one case rewritten. */
function copyWith(file: string, id: string, edit: (c: BenchCase) => unknown): string {
  const tmp = mkdtempSync(join(tmpdir(), 'cachesafety-'));
  temps.push(tmp);
  cpSync(dir, tmp, { recursive: true });
  const path = join(tmp, 'cases', file);
  const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => {
    const c = JSON.parse(l) as BenchCase;
    return JSON.stringify(c.id === id ? edit(structuredClone(c)) : c);
  });
  writeFileSync(path, lines.join('\n') + '\n');
  return tmp;
}
const rules = (d: string) => lintDataset(d).errors.map((e) => e.rule);

describe('the CacheSafety dataset', () => {
  it('is exactly what the generator produces from the templates', () => {
    for (const [file, text] of renderDataset()) expect(readFileSync(join(dir, file), 'utf8'), file).toBe(text);
  });

  it('has 14+ trap categories of 30+ cases in three languages, must-hit controls, and 700+ cases', () => {
    const cases = loadCases();
    expect(cases.length).toBeGreaterThanOrEqual(700);
    expect(TRAP_CATEGORIES.length).toBeGreaterThanOrEqual(14);
    for (const category of TRAP_CATEGORIES) {
      const own = cases.filter((c) => c.category === category);
      expect(own.length, category).toBeGreaterThanOrEqual(30);
      for (const lang of LANGUAGES) expect(own.filter((c) => c.language === lang).length, `${category}/${lang}`).toBeGreaterThanOrEqual(10);
    }
    for (const control of ['exact_repeat', 'normalisation', 'paraphrase']) expect(cases.filter((c) => c.category === control).length).toBeGreaterThanOrEqual(80);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('lints clean, traces included, with their declared mixes', () => {
    const result = lintDataset();
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const traces = loadTraces();
    expect(traces.map((t) => t.spec.name)).toEqual(['faq-heavy', 'chat-like', 'agentic-tools']);
  });

  it('lint fails on a deliberately mislabelled case', () => {
    // A negation trap relabelled as safe to reuse: its fingerprints still disagree.
    const tmp = copyWith('negation.jsonl', 'neg-001', (c) => ({ ...c, truth: { ...c.truth, answer: 'same' } }));
    expect(rules(tmp)).toEqual(expect.arrayContaining(['trap-labelled-same', 'same-fingerprints-differ']));
  });

  it('lint catches identical "different" pairs, cross-scope must-hits, duplicates and missing fields', () => {
    const identical = copyWith('exact_repeat.jsonl', 'rep-001', (c) => ({ ...c, truth: { ...c.truth, answer: 'different', probe_fingerprint: ['other'] } }));
    expect(rules(identical)).toContain('different-but-identical');
    const scope = copyWith('paraphrase.jsonl', 'para-001', (c) => ({ ...c, probe: { ...c.probe, scope: { ...c.probe.scope, tenant: 't-other' } } }));
    expect(rules(scope)).toContain('must-hit-scope-differs');
    const dup = copyWith('numbers.jsonl', 'num-002', (c) => ({ ...c, id: 'num-001' }));
    expect(rules(dup)).toContain('duplicate-id');
    const missing = copyWith('units.jsonl', 'unit-001', ({ truth: _dropped, ...rest }) => rest);
    expect(rules(missing)).toContain('schema');
    const sameFp = copyWith('dates.jsonl', 'date-001', (c) => ({ ...c, truth: { ...c.truth, probe_fingerprint: c.truth.seed_fingerprint } }));
    expect(rules(sameFp)).toContain('different-fingerprints-equal');
  });

  it('the bench refuses to run on a dataset that fails the lint (exit 4)', async () => {
    const tmp = copyWith('negation.jsonl', 'neg-001', (c) => ({ ...c, truth: { ...c.truth, answer: 'same' } }));
    const err: string[] = [];
    const result = await runCacheSafety({ strategies: 'exact', thresholds: '0.9', model: 'claude-sonnet-4-6', modelGiven: false, dataset: tmp, traces: false, tenantKey: [], quiet: true }, { out: () => {}, err: (t) => void err.push(t), tty: false });
    expect(result.exitCode).toBe(4);
    expect(err.join('')).toMatch(/neg-001.*trap-labelled-same/);
  });
});

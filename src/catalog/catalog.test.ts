import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Catalog, PROVIDER_IDS, normalizeModelName, type CatalogFile, type CatalogModel } from './catalog.js';

const rawText = readFileSync(new URL('../../data/catalog.json', import.meta.url), 'utf8');
/** A fresh, mutable copy of data/catalog.json for building broken variants. */
function rawFile(): { version: string; as_of: string; models: Record<string, unknown>[] } {
  return JSON.parse(rawText) as { version: string; as_of: string; models: Record<string, unknown>[] };
}
function build(file: unknown): Catalog {
  return new Catalog(file as CatalogFile);
}
function modelAt(file: ReturnType<typeof rawFile>, id: string): Record<string, unknown> {
  const m = file.models.find((x) => x['id'] === id);
  if (m === undefined) throw new Error(`test setup: no ${id}`);
  return m;
}

const catalog = Catalog.loadDefault();
const models = catalog.list();
const PRICE_FIELDS = [
  'input_usd_per_mtok',
  'output_usd_per_mtok',
  'cached_input_usd_per_mtok',
  'cache_write_usd_per_mtok',
  'input_cny_per_mtok',
  'output_cny_per_mtok',
  'cached_input_cny_per_mtok',
] as const;

describe('data/catalog.json', () => {
  it('validates and carries its version', () => {
    expect(catalog.version).toBe('2026-11-30.1');
    expect(catalog.asOf).toBe('2026-11-30');
  });

  it('has at least 42 non-sandbox models', () => {
    expect(models.filter((m) => m.provider !== 'sandbox').length).toBeGreaterThanOrEqual(42);
  });

  it('has at least one model for every provider id of SPEC §3', () => {
    expect([...PROVIDER_IDS].sort()).toEqual(
      ['openai', 'anthropic', 'gemini', 'deepseek', 'ark', 'dashscope', 'moonshot', 'zhipu', 'minimax', 'mistral', 'xai', 'groq', 'together', 'openrouter', 'sandbox'].sort(),
    );
    for (const p of PROVIDER_IDS) {
      expect(models.filter((m) => m.provider === p).length, p).toBeGreaterThan(0);
    }
  });

  it('backs every non-null price with sources and an as_of date', () => {
    let priced = 0;
    for (const m of models) {
      const hasPrice = PRICE_FIELDS.some((f) => m.pricing[f] !== null);
      if (!hasPrice) continue;
      priced += 1;
      expect(m.sources.length, m.id).toBeGreaterThan(0);
      for (const s of m.sources) expect(s.trim(), m.id).not.toBe('');
      expect(m.as_of, m.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(priced).toBe(models.length);
  });

  it('points every replacement at an existing model that still serves', () => {
    for (const m of models) {
      if (m.status === 'retired') expect(m.replacement, m.id).not.toBeNull();
      if (m.replacement === null) continue;
      const target = catalog.get(m.replacement);
      expect(target, `${m.id} → ${m.replacement}`).toBeDefined();
      expect(target?.status, `${m.id} → ${m.replacement}`).not.toBe('retired');
      expect(target?.id).not.toBe(m.id);
    }
  });

  it('keeps claude-sonnet-4-5 and doubao-seed-2-0-mini usable', () => {
    const sonnet = catalog.get('claude-sonnet-4-5');
    expect(sonnet?.status).toBe('deprecated');
    expect(sonnet?.replacement).toBe('claude-sonnet-4-6');
    expect(catalog.get('claude-sonnet-4-6')?.status).toBe('active');
    const doubao = catalog.get('doubao-seed-2-0-mini');
    expect(doubao?.status).toBe('active');
    expect(doubao?.provider).toBe('ark');
  });

  it('keeps USD null and CNY filled for CNY-only models', () => {
    const m = catalog.get('doubao-seed-1-6');
    expect(m?.pricing.input_usd_per_mtok).toBeNull();
    expect(m?.pricing.output_usd_per_mtok).toBeNull();
    expect(m?.pricing.input_cny_per_mtok).toBe(0.8);
    expect(m?.pricing.output_cny_per_mtok).toBe(8);
  });

  it('gives the sandbox models the nominal test price and every capability', () => {
    for (const id of ['sandbox-echo', 'sandbox-tools']) {
      const m = catalog.get(id);
      expect(m?.provider).toBe('sandbox');
      expect(m?.status).toBe('active');
      expect(m?.pricing.input_usd_per_mtok).toBe(1);
      expect(m?.pricing.output_usd_per_mtok).toBe(2);
      expect(m?.pricing.cached_input_usd_per_mtok).toBe(0.1);
      expect(m?.pricing.notes).toMatch(/nominal test price/i);
      expect(Object.values(m?.capabilities ?? {}).every(Boolean)).toBe(true);
    }
  });

  it('derives workloads by the rule stated in src/catalog/README.md', () => {
    const coding = new Set(['codestral', 'qwen3-coder-plus', 'doubao-seed-2-0-code']);
    const expected = (m: CatalogModel): string[] => {
      if (m.provider === 'sandbox') return ['general'];
      const p = m.pricing;
      const usd = p.input_usd_per_mtok !== null && p.output_usd_per_mtok !== null;
      const blended = usd
        ? (3 * (p.input_usd_per_mtok ?? 0) + (p.output_usd_per_mtok ?? 0)) / 4
        : (3 * (p.input_cny_per_mtok ?? Infinity) + (p.output_cny_per_mtok ?? Infinity)) / 4;
      const w: string[] = [];
      if (coding.has(m.id)) w.push('coding');
      if (m.source_region === 'china') w.push('chinese');
      if (blended <= (usd ? 0.6 : 4.2)) w.push('low-cost');
      if (m.capabilities.vision) w.push('vision');
      if ((m.context_window ?? 0) >= 500_000) w.push('long-context');
      if (m.capabilities.tools && m.capabilities.reasoning) w.push('agent');
      if (!coding.has(m.id)) w.push('general');
      return w;
    };
    for (const m of models) expect(m.workloads, m.id).toEqual(expected(m));
  });

  it('lists only genuinely different aliases', () => {
    for (const m of models) {
      for (const a of m.aliases) expect(normalizeModelName(a), m.id).not.toBe(normalizeModelName(m.id));
    }
  });
});

describe('Catalog.resolve', () => {
  it.each([
    ['claude-sonnet-4-5', 'claude-sonnet-4-5'],
    ['claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['Claude-Sonnet-4.5', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['gpt-4.1', 'gpt-4.1'],
    ['gpt-4-1', 'gpt-4.1'],
    ['GPT-4.1-MINI', 'gpt-4.1-mini'],
    ['kimi-k2.6', 'kimi-k2.6'],
    ['kimi-k2-6', 'kimi-k2.6'],
    ['gemini-2-5-pro', 'gemini-2.5-pro'],
    ['doubao-seed-2.0-mini', 'doubao-seed-2-0-mini'],
    ['doubao-seed-2-0-mini-260428', 'doubao-seed-2-0-mini'],
    ['deepseek-v4-flash', 'deepseek-flash'],
    ['anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['Anthropic/claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['ark/doubao-seed-2-0-mini', 'doubao-seed-2-0-mini'],
    ['ark/doubao-seed-2-0-mini-260428', 'doubao-seed-2-0-mini'],
    ['openai/gpt-4.1', 'gpt-4.1'],
    ['groq/openai/gpt-oss-120b', 'gpt-oss-120b'],
    ['groq/gpt-oss-120b', 'gpt-oss-120b'],
    ['together/meta-llama/Llama-3.3-70B-Instruct-Turbo', 'llama-3.3-70b'],
    ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'llama-3.3-70b'],
    ['openrouter/anthropic/claude-haiku-4.5', 'openrouter-claude-haiku-4-5'],
    ['openrouter/claude-haiku-4-5', 'openrouter-claude-haiku-4-5'],
    ['sandbox/sandbox-echo', 'sandbox-echo'],
    ['  sandbox-tools ', 'sandbox-tools'],
  ])('%s → %s', (name, id) => {
    expect(catalog.resolve(name)?.id).toBe(id);
  });

  it.each([
    'anthropic/no-such-model',
    'openai/claude-sonnet-4-5',
    'anthropic/',
    'no-such-model',
    '',
    'claude-sonnet-4_5',
    // Lookalikes never resolve: no Unicode case mapping or trimming (KELVIN SIGN, NBSP, BOM, ideographic space).
    '\u212aimi-k2.6',
    '\u00a0sandbox-echo',
    '\ufeffgpt-4.1',
    'gpt-4.1\u3000',
    'ѕandbox-echo',
  ])('%j → undefined', (name) => {
    expect(catalog.resolve(name)).toBeUndefined();
  });

  it('get() takes exact ids only', () => {
    expect(catalog.get('claude-sonnet-4-5')?.id).toBe('claude-sonnet-4-5');
    expect(catalog.get('claude-sonnet-4.5')).toBeUndefined();
  });

  it('returns retired models so callers can name their replacement', () => {
    expect(catalog.resolve('deepseek-chat')?.status).toBe('retired');
    expect(catalog.resolve('deepseek-chat')?.replacement).toBe('deepseek-flash');
  });

  it('hands out frozen models', () => {
    const m = catalog.get('gpt-4o');
    expect(Object.isFrozen(m)).toBe(true);
    expect(Object.isFrozen(m?.pricing)).toBe(true);
  });
});

describe('a broken catalog file throws naming the field', () => {
  it('negative price', () => {
    const f = rawFile();
    (modelAt(f, 'gpt-4o')['pricing'] as Record<string, unknown>)['input_usd_per_mtok'] = -1;
    expect(() => build(f)).toThrow(/models\[\d+\] \(id "gpt-4o"\)\.pricing\.input_usd_per_mtok/);
  });

  it('unknown provider', () => {
    const f = rawFile();
    modelAt(f, 'gpt-4o')['provider'] = 'azure';
    expect(() => build(f)).toThrow(/\(id "gpt-4o"\)\.provider/);
  });

  it('unknown field', () => {
    const f = rawFile();
    modelAt(f, 'gpt-4o')['prcing'] = {};
    expect(() => build(f)).toThrow(/\(id "gpt-4o"\).*prcing/);
  });

  it('bad as_of date', () => {
    const f = rawFile();
    modelAt(f, 'gpt-4o')['as_of'] = '2026-02-30';
    expect(() => build(f)).toThrow(/\(id "gpt-4o"\)\.as_of/);
  });

  it('no sources', () => {
    const f = rawFile();
    modelAt(f, 'gpt-4o')['sources'] = [];
    expect(() => build(f)).toThrow(/\(id "gpt-4o"\)\.sources/);
  });

  it('duplicate id, also up to dots and case', () => {
    const f = rawFile();
    f.models.push({ ...modelAt(f, 'gpt-4o'), id: 'GPT-4O', aliases: [] });
    expect(() => build(f)).toThrow(/id "GPT-4O"\)\.id: duplicates .*"gpt-4o"/);
  });

  it('alias colliding with another id', () => {
    const f = rawFile();
    modelAt(f, 'gpt-4o')['aliases'] = ['gpt-4o-mini'];
    expect(() => build(f)).toThrow(/\(id "gpt-4o"\)\.aliases\[0\].*collides.*"gpt-4o-mini"/);
  });

  it('alias that only restates the id', () => {
    const f = rawFile();
    modelAt(f, 'gpt-4.1')['aliases'] = ['gpt-4-1'];
    expect(() => build(f)).toThrow(/\(id "gpt-4\.1"\)\.aliases\[0\]/);
  });

  it('replacement that is unknown, retired, or missing on a retired model', () => {
    const unknown = rawFile();
    modelAt(unknown, 'gpt-4o')['replacement'] = 'gpt-9';
    expect(() => build(unknown)).toThrow(/\(id "gpt-4o"\)\.replacement: "gpt-9" is not a catalog id/);

    const retired = rawFile();
    modelAt(retired, 'gpt-4o')['replacement'] = 'o4-mini';
    expect(() => build(retired)).toThrow(/\(id "gpt-4o"\)\.replacement: "o4-mini" is retired/);

    const missing = rawFile();
    modelAt(missing, 'o4-mini')['replacement'] = null;
    expect(() => build(missing)).toThrow(/\(id "o4-mini"\)\.replacement: a retired model must name/);
  });
});

describe('Catalog.withOverrides', () => {
  const newModel = {
    id: 'acme-local-7b',
    provider: 'together',
    upstream_model: 'acme/local-7b',
    protocol: 'openai',
    source_region: 'global',
    status: 'active',
    pricing: { input_usd_per_mtok: 0.2, output_usd_per_mtok: 0.2 },
    context_window: 32768,
    capabilities: { tools: false, json_object: true, json_schema: false, vision: false, streaming: true, reasoning: false },
    sources: ['team contract 2026-11'],
    as_of: '2026-11-30',
  };

  it('adds a model and overrides a price, leaving the base catalog alone', () => {
    const next = catalog.withOverrides([newModel, { id: 'gpt-4.1', pricing: { input_usd_per_mtok: 1.5 } }]);

    const added = next.resolve('together/acme/local-7b');
    expect(added?.id).toBe('acme-local-7b');
    expect(added?.aliases).toEqual([]);
    expect(added?.workloads).toEqual(['general']);
    expect(added?.pricing.cached_input_usd_per_mtok).toBeNull();

    const gpt41 = next.get('gpt-4.1');
    expect(gpt41?.pricing.input_usd_per_mtok).toBe(1.5);
    expect(gpt41?.pricing.output_usd_per_mtok).toBe(8);
    expect(gpt41?.sources).toEqual(catalog.get('gpt-4.1')?.sources);

    expect(catalog.get('gpt-4.1')?.pricing.input_usd_per_mtok).toBe(2);
    expect(catalog.get('acme-local-7b')).toBeUndefined();
    expect(next.list().length).toBe(models.length + 1);
    expect(next.version).toMatch(/^2026-11-30\.1\+overrides\.[0-9a-f]{8}$/);
  });

  it('matches an existing model by a dotted or dashed spelling of its id', () => {
    const next = catalog.withOverrides([{ id: 'GPT-4-1', status: 'retired', replacement: 'gpt-6-luna' }]);
    expect(next.get('gpt-4.1')?.status).toBe('retired');
    expect(next.list().length).toBe(models.length);
  });

  it('returns the same catalog when there is nothing to apply', () => {
    expect(catalog.withOverrides([])).toBe(catalog);
  });

  it('rejects a bad override naming the field', () => {
    expect(() => catalog.withOverrides([{ id: 'gpt-4.1', pricing: { input_usd_per_mtok: 'cheap' } }])).toThrow(
      /config models\[0\] \(override "gpt-4\.1"\): pricing\.input_usd_per_mtok/,
    );
    expect(() => catalog.withOverrides([{ ...newModel, capabilities: undefined }])).toThrow(
      /config models\[0\] \(new model "acme-local-7b"\): capabilities/,
    );
    expect(() => catalog.withOverrides([{ pricing: {} }])).toThrow(/config models\[0\]\.id: required/);
    expect(() => catalog.withOverrides(['gpt-4.1'])).toThrow(/config models\[0\]: expected an object/);
  });

  it('rejects an added model whose name is already taken', () => {
    expect(() => catalog.withOverrides([{ ...newModel, id: 'claude-sonnet-4-5-20250929' }])).toThrow(/collides|duplicates/);
  });
});

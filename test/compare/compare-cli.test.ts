import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPercent, computeCost } from '../../src/billing/cost.js';
import { formatMicro } from '../../src/billing/money.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { cliEnv, runCli, tempDataDir } from '../support/cli-process.js';

/** `nextmodel models compare` through the built binary: offline, from the catalog, no server. */

let dataDir: string;
let env: NodeJS.ProcessEnv;
const catalog = Catalog.loadDefault();

beforeAll(() => {
  dataDir = tempDataDir();
  env = cliEnv(dataDir);
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('nextmodel models compare', () => {
  it('--json gives the /v1/compare answer with the catalog prices', async () => {
    const r = await runCli(['models', 'compare', '--models', 'gpt-5.5,claude-haiku-4-5,doubao-seed-1-6,qwen-max', '--prompt-tokens', '40000', '--max-tokens', '1000', '--requests', '7', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.object).toBe('compare');
    expect(out.candidates.map((c: any) => c.id)).toEqual(['gpt-5.5', 'claude-haiku-4-5', 'doubao-seed-1-6', 'qwen-max']);
    const rates = { usd_inr: 88, cny_inr: 12.4, catalog_version: catalog.version };
    for (const c of out.candidates) {
      const cost = computeCost({ prompt: 40_000, completion: 1000, cached: 0, reasoning: 0, total: 41_000 }, catalog.get(c.id)!, rates);
      expect(c.cost.fresh.total.inr, c.id).toBe(formatMicro(BigInt(cost.listCostUinr) * 7n));
      expect(c.cost.exact_cache.per_request.inr, c.id).toBe(formatMicro(applyPercent(cost.listCostUinr, 90, 'subtract')));
    }
    const qwen = out.candidates[3];
    expect(qwen.fits.context).toBe(false);
    expect(qwen.reasons.join('; ')).toMatch(/context overflow/);
  });

  it('prints a table, tokenizing --prompt', async () => {
    const r = await runCli(['models', 'compare', '--models', 'gpt-5.5,deepseek-flash', '--prompt', 'The quick brown fox jumps over 13 lazy dogs. 😺'], env);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^model\s+provider\s+source\s+status\s+prompt/);
    // 13 text tokens + 3 per message + 1 role + 3 reply priming = 20; an estimate for deepseek.
    expect(lines[1]).toMatch(/^gpt-5\.5\s+openai\s+global\s+active\s+20\s+512\s+1\.360480\s/);
    expect(lines[2]).toMatch(/^deepseek-flash\s+deepseek\s+china\s+active\s+20~\s/);
    expect(r.stdout).toMatch(/gpt-tokenizer o200k_base/);
  });

  it('reads config: overrides and routes', async () => {
    const config = join(dataDir, 'nextmodel.yaml');
    writeFileSync(config, 'models:\n  - id: mistral-small\n    capabilities: { tools: false }\nroutes:\n  cn: { source: china, order: price }\nbilling: { usd_inr: 90 }\nproviders:\n  deepseek: { api_key: sk-test-0000 }\n');
    const r = await runCli(['--config', config, 'models', 'compare', '--route', 'cn', '--prompt-tokens', '100', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rates.usd_inr).toBe(90);
    const ranked = out.candidates.filter((c: any) => c.route_rank !== null);
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked.every((c: any) => c.provider === 'deepseek' && c.source_region === 'china')).toBe(true);
    expect(out.candidates.find((c: any) => c.id === 'mistral-small').capabilities.tools).toBe(false);
  });

  it('exit codes: 3 for an unknown model, 2 for bad usage', async () => {
    const unknown = await runCli(['models', 'compare', '--models', 'gpt-5.5,nope', '--prompt-tokens', '10'], env);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/'nope' does not exist/);
    expect((await runCli(['models', 'compare', '--models', 'gpt-5.5'], env)).code).toBe(2);
    expect((await runCli(['models', 'compare', '--models', 'gpt-5.5', '--prompt-tokens', 'ten'], env)).code).toBe(2);
  });
});

import type { Command } from 'commander';
import { Catalog } from '../catalog/catalog.js';
import { compareInputSchema } from '../compare/compare-input.js';
import { compareModels } from '../compare/compare-models.js';
import { compareFootnotes, compareRows, COMPARE_COLUMNS } from '../compare/compare-table.js';
import { loadConfig } from '../config/load-config.js';
import { GatewayError } from '../openai/errors.js';
import { formatParamPath } from '../openai/parse-chat-request.js';
import { LatencyStats } from '../routing/latency-stats.js';
import { AUTO_ROUTE } from '../routing/route-policy.js';
import { parseConfigRoutes } from '../routing/route-store.js';
import { CliError, printJson, printJsonOrTable } from './cli-support.js';

/**
 * `nextmodel models compare`: the /v1/compare answer computed offline from the catalog and the
 * local config (prices, rates, config routes, which providers have keys). No server, no store,
 * so latency is the catalog's estimate only.
 */

interface CompareOptions {
  models?: string;
  route?: string;
  promptTokens?: number;
  prompt?: string;
  maxTokens?: number;
  expectedOutputTokens?: number;
  requests?: number;
  workload?: string;
  json?: boolean;
}

function integer(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new CliError(`${name} must be a whole number, got '${value}'`);
    return Number(value);
  };
}

export function registerCompareCommands(program: Command): void {
  const models = program.commands.find((c) => c.name() === 'models') ?? program.command('models').description('the model catalog');
  models
    .command('compare')
    .description('compare cost (₹ and $, fresh and exact-cache), fit and latency of models for one prompt; offline, from the catalog')
    .option('--models <ids>', 'comma-separated model ids or aliases')
    .option('--route <name>', "a config route or 'auto' instead of --models")
    .option('--prompt-tokens <n>', 'prompt size in tokens', integer('--prompt-tokens'))
    .option('--prompt <text>', 'prompt text, tokenized as one user message')
    .option('--max-tokens <n>', 'max_tokens the request would set', integer('--max-tokens'))
    .option('--expected-output-tokens <n>', 'output tokens to price (default: --max-tokens, else 512)', integer('--expected-output-tokens'))
    .option('--requests <n>', 'number of requests to total', integer('--requests'))
    .option('--workload <label>', 'workload label to check fit against')
    .option('--json', 'print the full JSON answer (as POST /v1/compare)')
    .action(async function (this: Command, opts: CompareOptions) {
      let root: Command = this;
      while (root.parent) root = root.parent;
      if ((opts.models === undefined) === (opts.route === undefined)) throw new CliError('give --models a,b,c or --route <name> (one of them)');
      if ((opts.prompt === undefined) === (opts.promptTokens === undefined)) throw new CliError('give --prompt "text" or --prompt-tokens N (one of them)');
      const config = loadConfig({ path: root.opts().config });
      const catalog = config.models.length ? Catalog.loadDefault().withOverrides(config.models) : Catalog.loadDefault();
      const routes = parseConfigRoutes(config.routes);
      const parsed = compareInputSchema.safeParse({
        ...(opts.models !== undefined ? { models: opts.models.split(',').map((m) => m.trim()).filter(Boolean) } : {}),
        ...(opts.route !== undefined ? { route: opts.route } : {}),
        ...(opts.prompt !== undefined ? { messages: [{ role: 'user', content: opts.prompt }] } : {}),
        ...(opts.promptTokens !== undefined ? { prompt_tokens: opts.promptTokens } : {}),
        ...(opts.maxTokens !== undefined ? { max_tokens: opts.maxTokens } : {}),
        ...(opts.expectedOutputTokens !== undefined ? { expected_output_tokens: opts.expectedOutputTokens } : {}),
        ...(opts.requests !== undefined ? { requests: opts.requests } : {}),
        ...(opts.workload !== undefined ? { workload: opts.workload } : {}),
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const flag = flagOf(formatParamPath(issue?.path ?? []));
        throw new CliError(`${flag}: ${issue?.message ?? 'invalid'}`);
      }
      const empty = new LatencyStats();
      let result;
      try {
        result = await compareModels(
          {
            catalog,
            billing: config.billing,
            usable: (m) => m.provider === 'sandbox' || Boolean(config.providers[m.provider]?.api_key),
            latency: (id) => empty.summary(id),
            findRoute: async (name) => routes.get(name) ?? (name === 'auto' ? AUTO_ROUTE : null),
            workload: null,
          },
          parsed.data,
        );
      } catch (err) {
        if (err instanceof GatewayError) throw new CliError(err.message, err.status === 404 ? 3 : 2);
        throw err;
      }
      if (opts.json) {
        printJson(result);
        return;
      }
      printJsonOrTable(false, compareRows(result), COMPARE_COLUMNS);
      for (const note of compareFootnotes(result)) process.stdout.write(`  ${note}\n`);
    });
}

/** Body field → the flag that sets it, for error messages. */
function flagOf(param: string): string {
  const field = param.split(/[.[]/)[0] ?? param;
  const flags: Record<string, string> = { models: '--models', route: '--route', messages: '--prompt', prompt_tokens: '--prompt-tokens', max_tokens: '--max-tokens', expected_output_tokens: '--expected-output-tokens', requests: '--requests', workload: '--workload' };
  return flags[field] ?? field;
}

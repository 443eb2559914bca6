import { Option, type Command } from 'commander';
import { runCacheSafety, type CacheSafetyArgs } from '../bench/cachesafety/command.js';
import { DEFAULT_STRATEGIES, DEFAULT_THRESHOLDS } from '../bench/cachesafety/strategies.js';
import { CliError } from './cli-support.js';

/** `nextmodel bench …`. Adds to an existing `bench` command if another module created it. */

const number = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new CliError(`${name} expects a non-negative number, got "${v}"`);
  return n;
};
const collect = (v: string, prev: string[]) => [...prev, v];

export function registerBenchCommands(program: Command): void {
  const bench = program.commands.find((c) => c.name() === 'bench') ?? program.command('bench').description('benchmarks: cache safety and gateway overhead');
  bench
    .command('gateway')
    .description('gateway overhead vs the mock upstream alone and the Portkey peer (docs/performance.md); same as `npm run bench`')
    .option('--quick', 'a few seconds per scenario, no peer (smoke run)')
    .option('--only <prefix...>', 'only scenarios whose id starts with these')
    .option('--out <file>', 'write the JSON report here')
    .action(async (opts: { quick?: boolean; only?: string[]; out?: string }) => {
      const { runGatewayBench, formatReportTable } = await import('../bench/gateway/run-gateway-bench.js');
      const report = await runGatewayBench({ quick: Boolean(opts.quick), ...(opts.only ? { only: opts.only } : {}), outFile: opts.out ?? null, log: (line) => process.stderr.write(line + '\n') });
      process.stdout.write(formatReportTable(report) + '\n');
    });
  bench
    .command('cachesafety')
    .description('measure safe hits, bad hits, trap failures and savings of cache strategies on the bundled dataset (offline), a live endpoint (--observe) or a receipts export (--workload); exit 4 on cross-scope hits or dataset lint errors')
    .option('--json <file>', "write the full report as JSON ('-' prints it instead of the table)")
    .option('--html <file>', 'write a self-contained HTML report with charts')
    .option('--strategies <list>', 'none, exact, canonical, lexical[@t], lexical-lastmsg[@t], oracle', DEFAULT_STRATEGIES)
    .option('--thresholds <list>', 'lexical thresholds when no @t is given', DEFAULT_THRESHOLDS.join(','))
    .option('--model <id>', 'catalog model that prices requests and scopes the cache (with --observe: the model sent)', 'claude-sonnet-4-6')
    .option('--usd-inr <rate>', 'reference ₹ per $ (default: config default, 88)', number('--usd-inr'))
    .option('--discount-pct <pct>', 'replay discount (default: config exact_cache_discount_pct, 90)', number('--discount-pct'))
    .option('--ttl <seconds>', 'cache TTL (default: config cache.ttl_seconds, 86400)', number('--ttl'))
    .option('--dataset <dir>', 'dataset directory (default: the bundled data/cachesafety)')
    .option('--sample <n>', 'score an evenly spaced subset of n cases', number('--sample'))
    .option('--no-traces', 'skip the seeded traffic traces')
    .option('--lint', 'only lint the dataset')
    .option('--observe', 'send each pair to a live OpenAI-compatible endpoint and score its x-nextmodel-serve-mode header')
    .option('--base-url <url>', 'with --observe: the endpoint base URL, e.g. http://127.0.0.1:8787/v1')
    .option('--api-key <key>', 'with --observe: API key used for every tenant without its own --tenant-key')
    .addOption(new Option('--tenant-key <tenant=key>', 'with --observe: API key for one dataset tenant (repeatable)').argParser(collect).default([]))
    .option('--price-model <id>', 'with --observe: catalog model for ₹/$ when --model is not in the catalog')
    .option('--max-gap <seconds>', 'with --observe: skip pairs whose seed→probe gap is longer (default 300)', number('--max-gap'))
    .option('--concurrency <n>', 'with --observe: pairs in flight (default 4)', number('--concurrency'))
    .option('--workload <file>', 'estimate what exact/canonical caching served and saved from a receipts export (JSONL or CSV)')
    .option('--quiet', 'no progress output on stderr')
    .action(async function (this: Command, opts: Omit<CacheSafetyArgs, 'modelGiven'>) {
      const args: CacheSafetyArgs = { ...opts, modelGiven: this.getOptionValueSource('model') !== 'default' };
      const result = await runCacheSafety(args, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), tty: process.stderr.isTTY === true });
      if (result.exitCode !== 0) throw new CliError(result.message ?? 'cachesafety failed', result.exitCode);
    });
}

#!/usr/bin/env node
// `npm run bench [-- options]`: the gateway benchmark (docs/performance.md). Runs the compiled
// bench from dist/ (the npm script builds first), prints the table, writes the JSON report.
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    peer: { type: 'boolean' },
    'no-peer': { type: 'boolean', default: false },
    'no-ungoverned': { type: 'boolean', default: false },
    'no-floor': { type: 'boolean', default: false },
    repeats: { type: 'string' },
    duration: { type: 'string' },
    'slow-streams': { type: 'string' },
    only: { type: 'string', multiple: true },
    out: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'seed-receipts': { type: 'string' },
    concurrency: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(`npm run bench -- [--quick] [--peer|--no-peer] [--no-ungoverned] [--no-floor] [--repeats N] [--duration MS]
                      [--slow-streams N] [--only SCENARIO_PREFIX]... [--out FILE] [--profile]
                      [--concurrency N]
  --quick      a few seconds, small counts, no peer unless --peer (smoke run)
  --duration   length of each concurrency-N run in ms (concurrency-1 runs take 60% of it)
  --profile    instead of the bench: CPU-profile the gateway under fresh non-streaming c=50
               (node --cpu-prof) and print the top self-time functions
  --seed-receipts N   with --profile: the store already holds N receipts this month
  --concurrency N     connections of the concurrency-N scenarios (default 50; with --profile,
                      1 profiles the one-at-a-time path that the added-latency goal measures)
`);
  process.exit(0);
}

const root = join(fileURLToPath(import.meta.url), '..', '..');
const int = (v) => (v === undefined ? undefined : Number.parseInt(v, 10));
const duration = int(values.duration);
const settings = {
  ...(values.peer !== undefined ? { peer: values.peer } : {}),
  ...(values['no-peer'] ? { peer: false } : {}),
  ...(values['no-ungoverned'] ? { ungoverned: false } : {}),
  ...(values['no-floor'] ? { floor: false } : {}),
  ...(values.repeats ? { repeats: int(values.repeats) } : {}),
  ...(duration ? { concurrentMs: duration, serialMs: Math.round(duration * 0.6) } : {}),
  ...(values['slow-streams'] ? { slowStreams: int(values['slow-streams']) } : {}),
  ...(values.concurrency ? { concurrency: int(values.concurrency) } : {}),
};
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const log = (line) => process.stderr.write(line + '\n');
const [load1] = loadavg();
if (load1 > cpus().length / 2) log(`note: load average ${load1.toFixed(1)} on ${cpus().length} cores: other work on this machine will add noise (the report records it)`);

if (values.profile) {
  const { profileGateway, formatProfileSummary } = await import(pathToFileURL(join(root, 'dist/bench/gateway/profile-gateway.js')).href);
  const result = await profileGateway({ quick: values.quick, settings, seedReceipts: int(values['seed-receipts']), dir: join(root, 'bench', 'results', `profile-${stamp}`), log });
  process.stdout.write(formatProfileSummary(result) + '\n');
} else {
  const { runGatewayBench, formatReportTable } = await import(pathToFileURL(join(root, 'dist/bench/gateway/run-gateway-bench.js')).href);
  const outFile = values.out ?? join(root, 'bench', 'results', `gateway-${values.quick ? 'quick-' : ''}${stamp}.json`);
  const report = await runGatewayBench({ quick: values.quick, settings, only: values.only, outFile, log });
  process.stdout.write(formatReportTable(report));
  process.stdout.write(`\nJSON report: ${outFile}\n`);
}

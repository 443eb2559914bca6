import { open, rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import type { z } from 'zod';
import { zodToGatewayError } from '../openai/parse-chat-request.js';
import { ExportProgress } from '../usage/export-progress.js';
import { countReceipts, EXPORT_PAGE_SIZE, EXPORT_STREAM_OPTIONS, exportChunks, receiptPages, snapshotFilter } from '../usage/receipt-export.js';
import { EXPORT_FORMATS, exportQuery, filterOf, GROUP_BY, usageQuery, type ExportFormat } from '../usage/usage-params.js';
import { usageReport } from '../usage/usage-report.js';
import { CliError, printJson, printJsonOrTable, withGateway } from './cli-support.js';

/**
 * `nextmodel usage` and `nextmodel receipts export`: the same queries and validation as
 * GET /v1/usage and GET /v1/usage/export, run on the local store with admin scope.
 */

interface FilterOptions {
  from?: string;
  to?: string;
  project?: string;
  team?: string;
  key?: string;
}

/** The query parameters the HTTP API would receive, so the same zod schema validates them. */
const queryOf = (o: FilterOptions) => ({ from: o.from, to: o.to, project_id: o.project, team_id: o.team, key_id: o.key });

const FLAG: Record<string, string> = { from: '--from', to: '--to', group_by: '--group-by', project_id: '--project', team_id: '--team', key_id: '--key', format: '--format' };

function parseCli<T>(schema: z.ZodType<T>, input: Record<string, unknown>): T {
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const result = schema.safeParse(defined);
  if (result.success) return result.data;
  const error = zodToGatewayError(result.error, 'options');
  // The API's messages name query parameters ('from'); the CLI's name flags (--from).
  throw new CliError(error.message.replace(/'(\w+)'/g, (quoted, name: string) => FLAG[name] ?? quoted));
}

function addFilterOptions(cmd: Command): Command {
  return cmd
    .option('--from <time>', 'start (inclusive): ISO date/time, YYYY-MM-DD (IST day) or epoch ms')
    .option('--to <time>', 'end (exclusive): ISO date/time, YYYY-MM-DD (IST day) or epoch ms')
    .option('--project <id>', 'only this project')
    .option('--team <id>', 'only this team')
    .option('--key <id>', 'only this key');
}

const TABLE_COLUMNS = ['group', 'requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'reasoning_tokens', 'list_cost_inr', 'charged_inr', 'saved_by_cache_inr'];

function formatFromPath(path: string): ExportFormat | null {
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(path)) return 'jsonl';
  return null;
}

export function registerUsageCommands(program: Command): void {
  addFilterOptions(
    program
      .command('usage')
      .description('spend and tokens summed from receipts, per group and in total (₹, IST days)')
      .addOption(new Option('--group-by <dimension>', 'group rows by').choices(GROUP_BY).default('day')),
  )
    .option('--json', 'print JSON (the GET /v1/usage body)')
    .action(async function (this: Command, opts: FilterOptions & { groupBy: string; json?: boolean }) {
      const q = parseCli(usageQuery, { ...queryOf(opts), group_by: opts.groupBy });
      await withGateway(this, async ({ services }) => {
        const report = await usageReport(services.db, { groupBy: q.group_by, filter: filterOf(q) });
        if (opts.json) return printJson(report);
        const rows: Array<Record<string, unknown>> = report.data.map((row) => ({
          ...row,
          group: row.name ? `${row.group} (${row.name})` : (row.group ?? '(none)'),
        }));
        printJsonOrTable(false, [...rows, { ...report.totals, group: 'TOTAL' }], TABLE_COLUMNS);
      });
    });

  // `receipts` is registered by receipt-commands.ts (before this, in main.ts); `export` joins it.
  const receipts = program.commands.find((c) => c.name() === 'receipts') ?? program.command('receipts').description('signed receipts');
  addFilterOptions(
    receipts
      .command('export')
      .description('stream receipts to a file: CSV (spreadsheet-ready) or JSONL (signed bodies, one per line); progress on stderr')
      .addOption(new Option('--format <format>', 'file format (default: from the --out extension)').choices(EXPORT_FORMATS))
      .requiredOption('--out <file>', "output file, '-' for stdout"),
  )
    .addOption(new Option('--page-size <n>', 'receipts read per database page').argParser(Number).default(EXPORT_PAGE_SIZE).hideHelp())
    .action(async function (this: Command, opts: FilterOptions & { format?: string; out: string; pageSize: number }) {
      const format = opts.format ?? formatFromPath(opts.out);
      if (!format) throw new CliError('give --format csv|jsonl (it cannot be told from the --out file name)');
      if (!Number.isSafeInteger(opts.pageSize) || opts.pageSize < 1) throw new CliError('--page-size must be a positive integer');
      const q = parseCli(exportQuery, { ...queryOf(opts), format });
      await withGateway(this, async ({ services }) => {
        const filter = snapshotFilter(filterOf(q));
        const progress = new ExportProgress(await countReceipts(services.db, filter), process.stderr, opts.pageSize);
        const source = Readable.from(exportChunks(receiptPages(services.db, filter, opts.pageSize), q.format, (n) => progress.add(n)), EXPORT_STREAM_OPTIONS);
        if (opts.out === '-') {
          await pipeline(source, process.stdout, { end: false });
        } else {
          // Written aside and renamed when complete: a failed export never leaves a file that looks whole.
          const partial = `${opts.out}.partial`;
          const file = await open(partial, 'w').catch((err: NodeJS.ErrnoException) => {
            throw new CliError(`cannot write ${opts.out}: ${err.code ?? err.message}`);
          });
          try {
            await pipeline(source, file.createWriteStream());
            await rename(partial, opts.out);
          } catch (err) {
            await rm(partial, { force: true });
            throw err;
          } finally {
            await file.close().catch(() => {});
          }
        }
        progress.finish();
        process.stderr.write(`nextmodel: exported ${progress.exported} receipts${opts.out === '-' ? '' : ` to ${opts.out}`} (${q.format})\n`);
      });
    });
}

import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import type { Gateway } from '../create-gateway.js';

/** Exit codes scripts can trust: 0 ok, 1 unexpected failure, 2 bad usage/config, 3 not found, 4 verification failed. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

/** Opens the configured store (no HTTP listener), runs `fn`, closes. */
export async function withGateway<T>(cmd: Command, fn: (gateway: Gateway) => Promise<T>): Promise<T> {
  const root = rootOf(cmd);
  const config = loadConfig({ path: root.opts().config });
  // Loaded on use: the full gateway graph costs ~0.4 s, which `--help` and usage errors should not pay.
  const { createGateway } = await import('../create-gateway.js');
  const gateway = await createGateway(config, { defaultMetrics: false });
  try {
    return await fn(gateway);
  } finally {
    await gateway.close();
  }
}

function rootOf(cmd: Command): Command {
  let c = cmd;
  while (c.parent) c = c.parent;
  return c;
}

/** `create` commands print the one created object (like `keys create --json`), not a one-row list. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function printJsonOrTable(json: boolean, rows: Array<Record<string, unknown>>, columns: string[]): void {
  if (json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return;
  }
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  process.stdout.write(line(columns) + '\n');
  for (const row of rows) process.stdout.write(line(columns.map((c) => String(row[c] ?? ''))) + '\n');
}

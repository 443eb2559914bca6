import type { Command } from 'commander';

/** `nextmodel usage` and `nextmodel receipts export` (placeholder until usage lands). */
export function registerUsageCommands(_program: Command): void {}

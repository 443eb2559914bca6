import type { Command } from 'commander';

/** `nextmodel audit verify` (placeholder until the audit log lands). */
export function registerAuditCommands(_program: Command): void {}

import type { MeasuredProcess } from './bench-process.js';

/**
 * Where a scenario's requests go. `direct` is the mock itself (the baseline every ratio divides
 * by); the others are gateways in front of the same mock.
 */

export type TargetName = 'direct' | 'gateway' | 'gateway-ungoverned' | 'node-floor' | 'portkey';

export const TARGET_NAMES: readonly TargetName[] = ['direct', 'gateway', 'gateway-ungoverned', 'node-floor', 'portkey'];

export const TARGET_DESCRIPTIONS: Readonly<Record<TargetName, string>> = {
  direct: 'the mock upstream, no gateway',
  gateway: 'NextModel, everything governed: auth, rate limit, hard budget, cache, signed receipts',
  'gateway-ungoverned': 'NextModel with receipts, signing and budgets off (bench-only variant)',
  'node-floor': 'a bare Node.js proxy (http server + undici, no parsing, no governance): the floor under any Node gateway',
  portkey: 'Portkey gateway 1.15.2 (--headless), OpenAI adapter with custom host = the mock',
};

export interface BenchTarget {
  name: TargetName;
  /** http://127.0.0.1:port */
  origin: string;
  path: string;
  headers: Record<string, string>;
  /** The process whose CPU and memory are charged to this target (the mock for `direct`). */
  process: MeasuredProcess;
}

export const CHAT_PATH = '/v1/chat/completions';

export function loopbackOrigin(port: number): string {
  return `http://127.0.0.1:${port}`;
}

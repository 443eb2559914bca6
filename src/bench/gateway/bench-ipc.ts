/**
 * The bench-only IPC between the runner and its child processes (mock upstream, gateway): the
 * child says `ready`, then answers numbered requests. Nothing here is part of the product.
 */

export interface ProcessSample {
  /** process.cpuUsage() user + system, in µs. */
  cpuMicros: number;
  rssBytes: number;
  /** Upstream requests served so far (the mock only). */
  requests?: number;
  /** Paced streams open now, and the most open at once since the last resetPeak (the mock only). */
  openStreams?: number;
  peakOpenStreams?: number;
  /** Receipts stored so far (a gateway only). */
  receipts?: number;
  /** SQL statements executed so far (a gateway only). */
  sqlStatements?: number;
  /** The child's monotonic clock in µs (the clock V8's .cpuprofile timestamps use). */
  monotonicUs?: number;
}

export type ChildRequest =
  | { type: 'sample'; resetPeak?: boolean }
  | { type: 'mode'; mode: unknown }
  /** Gateway only: add this many copies of the latest receipt, dated now (a month of history). */
  | { type: 'seed-receipts'; count: number }
  | { type: 'stop' };

export type ParentMessage = ChildRequest & { id: number };

export type ChildMessage =
  | { type: 'ready'; port: number; info: Record<string, string> }
  | { type: 'failed'; message: string }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; message: string };

export function selfSample(extra: Partial<ProcessSample> = {}): ProcessSample {
  const cpu = process.cpuUsage();
  return { cpuMicros: cpu.user + cpu.system, rssBytes: process.memoryUsage.rss(), monotonicUs: Number(process.hrtime.bigint() / 1000n), ...extra };
}

function send(message: ChildMessage, then?: () => void): void {
  if (!process.send) return then?.();
  process.send(message, undefined, {}, () => then?.());
}

/** In a child: announce the port, then answer requests until `stop` (which exits the process). */
export function serveParent(ready: { port: number; info?: Record<string, string> }, handle: (req: ChildRequest) => Promise<unknown>): void {
  process.on('message', (raw: ParentMessage) => {
    handle(raw).then(
      (value) => {
        // After `stop`, exit once the reply is out: a clean exit is when --cpu-prof writes its profile.
        send({ type: 'reply', id: raw.id, ok: true, value: value ?? null }, raw.type === 'stop' ? () => process.exit(0) : undefined);
      },
      (err: unknown) => send({ type: 'reply', id: raw.id, ok: false, message: err instanceof Error ? err.message : String(err) }),
    );
  });
  // The runner died: do not linger.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port: ready.port, info: ready.info ?? {} });
}

export function reportStartFailure(err: unknown): void {
  send({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () => process.exit(1));
}

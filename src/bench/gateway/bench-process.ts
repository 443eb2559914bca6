import { fork, type ChildProcess } from 'node:child_process';
import type { ChildMessage, ChildRequest, ProcessSample } from './bench-ipc.js';

/**
 * A child process of the bench (mock upstream, gateway) spoken to over IPC: started, sampled for
 * CPU and memory, stopped. Children still running when the runner exits are killed by PID.
 */

/** A process whose CPU and memory the bench measures: the mock, a gateway, the peer. */
export interface MeasuredProcess {
  name: string;
  pid: number;
  port: number;
  sample(): Promise<ProcessSample>;
  stop(): Promise<void>;
  /** The tail of what it printed, for error messages. */
  output(): string;
}

/** One of our own children, which also answers requests over IPC. */
export interface BenchProcess extends MeasuredProcess {
  info: Record<string, string>;
  request(req: ChildRequest): Promise<unknown>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export function trackChild(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of running) if (c.pid !== undefined) c.kill('SIGKILL');
    });
  }
}

/** Keeps the last `limit` characters a child printed. */
export function outputTail(child: ChildProcess, limit = 8_000): () => string {
  let text = '';
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-limit);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text;
}

export interface ForkOptions {
  env?: Record<string, string>;
  /** Node flags for the child (e.g. --cpu-prof); the runner's own flags are never inherited. */
  execArgv?: string[];
  readyTimeoutMs?: number;
}

export async function forkBenchProcess(name: string, entry: string, options: ForkOptions = {}): Promise<BenchProcess> {
  const child = fork(entry, [], { execArgv: options.execArgv ?? [], env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  trackChild(child);
  const output = outputTail(child);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const ready = await new Promise<Extract<ChildMessage, { type: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${options.readyTimeoutMs ?? 30_000} ms\n${output()}`)), options.readyTimeoutMs ?? 30_000);
    child.on('message', (msg: ChildMessage) => {
      if (msg.type === 'ready') {
        clearTimeout(timer);
        resolve(msg);
      } else if (msg.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${name} failed to start: ${msg.message}`));
      } else {
        const waiter = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.ok) waiter?.resolve(msg.value);
        else waiter?.reject(new Error(`${name}: ${msg.message}`));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const err = new Error(`${name} exited (${signal ?? code})\n${output()}`);
      reject(err);
      for (const w of pending.values()) w.reject(err);
      pending.clear();
    });
  });
  const request = (req: ChildRequest) =>
    new Promise<unknown>((resolve, reject) => {
      if (child.exitCode !== null || !child.connected) return reject(new Error(`${name} is not running\n${output()}`));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...req, id });
    });
  return {
    name,
    pid: child.pid ?? 0,
    port: ready.port,
    info: ready.info,
    request,
    sample: async () => (await request({ type: 'sample' })) as ProcessSample,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await request({ type: 'stop' }).catch(() => child.kill('SIGKILL'));
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    output,
  };
}

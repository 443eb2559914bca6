import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StreamPacing } from './bench-settings.js';
import { completionBody, streamFrames, type StreamFrames } from './bench-wire.js';

/**
 * The bench's upstream: an OpenAI-wire chat endpoint on loopback. `instant` answers at once (a
 * whole stream in one write); `paced` sends the first content token after a delay, then one token
 * per interval, like a model generating. Any path ending in /chat/completions is served, so the
 * gateway, the peer and direct clients can all use it as an OpenAI base URL.
 */

export type MockMode = { kind: 'instant' } | { kind: 'paced'; pacing: StreamPacing };

export interface MockStats {
  requests: number;
  openStreams: number;
  /** Most streams open at once since the last resetPeak(). */
  peakOpenStreams: number;
}

interface ParsedRequest {
  model: string;
  stream: boolean;
  includeUsage: boolean;
}

function parseRequest(body: string): ParsedRequest | null {
  try {
    const json = JSON.parse(body) as { model?: unknown; stream?: unknown; stream_options?: { include_usage?: unknown } };
    return { model: typeof json.model === 'string' ? json.model : 'mock', stream: json.stream === true, includeUsage: json.stream_options?.include_usage === true };
  } catch {
    return null;
  }
}

export class BenchMockUpstream {
  mode: MockMode = { kind: 'instant' };
  readonly stats: MockStats = { requests: 0, openStreams: 0, peakOpenStreams: 0 };
  private server: Server | null = null;
  private readonly completions = new Map<string, string>();
  private readonly frames = new Map<string, StreamFrames>();

  async start(): Promise<number> {
    const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => this.handle(req, res));
    // Thousands of concurrent slow streams: no per-server cap on sockets or header timeouts.
    server.maxConnections = 100_000;
    server.headersTimeout = 0;
    server.requestTimeout = 0;
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      this.stats.requests++;
      const parsed = req.method === 'POST' && req.url?.endsWith('/chat/completions') ? parseRequest(Buffer.concat(parts).toString('utf8')) : null;
      if (!parsed) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found","type":"invalid_request_error"}}');
        return;
      }
      if (parsed.stream) this.stream(res, parsed);
      else this.complete(res, parsed);
    });
  }

  private complete(res: ServerResponse, p: ParsedRequest): void {
    let body = this.completions.get(p.model);
    if (!body) this.completions.set(p.model, (body = completionBody(p.model)));
    const send = () => res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_bench' }).end(body);
    const mode = this.mode;
    if (mode.kind === 'instant') send();
    else setTimeout(send, mode.pacing.firstTokenMs + mode.pacing.tokens * mode.pacing.tokenIntervalMs);
  }

  private stream(res: ServerResponse, p: ParsedRequest): void {
    const key = `${p.model}\n${p.includeUsage}`;
    let frames = this.frames.get(key);
    if (!frames) this.frames.set(key, (frames = streamFrames(p.model, p.includeUsage)));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': 'req_bench' });
    const mode = this.mode;
    if (mode.kind === 'instant') {
      res.end(frames.head + frames.tokens.join('') + frames.tail);
      return;
    }
    this.paced(res, frames, mode.pacing);
  }

  resetPeak(): void {
    this.stats.peakOpenStreams = this.stats.openStreams;
  }

  private paced(res: ServerResponse, frames: StreamFrames, pacing: StreamPacing): void {
    this.stats.openStreams++;
    this.stats.peakOpenStreams = Math.max(this.stats.peakOpenStreams, this.stats.openStreams);
    let sent = 0;
    let timer: NodeJS.Timeout | null = null;
    const finish = () => {
      if (timer) clearTimeout(timer);
      this.stats.openStreams--;
    };
    res.once('close', finish);
    res.write(frames.head);
    const next = () => {
      if (res.destroyed) return;
      res.write(frames.tokens[sent % frames.tokens.length] as string);
      sent++;
      if (sent < pacing.tokens) timer = setTimeout(next, pacing.tokenIntervalMs);
      else res.end(frames.tail);
    };
    timer = setTimeout(next, pacing.firstTokenMs);
  }
}

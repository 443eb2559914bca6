import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sse, type RecordedRequest } from '../../support/mock-upstream.js';
import { completionJson, streamEvents, type Script } from '../../support/openai-responder.js';

/**
 * A fault-injecting OpenAI-wire upstream on loopback. Each request is answered according to the
 * current fault (or a per-request choice): healthy JSON/SSE answers in OpenAI's documented shapes
 * (test/support/openai-responder.ts), or one of the failures a real provider or network produces.
 * Every socket it opens is tracked, so `stop()` ends hangs at once.
 */

export const FAULTS = [
  'http_500',
  'http_429',
  'reset_mid_body',
  'hang_before_headers',
  'hang_mid_body',
  'malformed_json',
  'truncated',
  'sse_error_event',
  'error_body_200',
] as const;
export type Fault = (typeof FAULTS)[number];

export type Behaviour =
  | { kind: 'ok'; script?: Script; delayMs?: number; paceMs?: number }
  | { kind: 'fault'; fault: Fault }
  /**
   * A live but slow upstream: a JSON answer one byte, or a stream one event, every `gapMs` —
   * each gap under the timeout, the whole answer far over it.
   */
  | { kind: 'trickle'; gapMs: number }
  /** A 200 whose body is `bytes` long (JSON or one SSE event), to test upstream size limits. */
  | { kind: 'huge'; bytes: number }
  /** Reflects the Authorization header it received in an error message (a hostile or careless upstream). */
  | { kind: 'echo_auth_error'; status: number };

export type Chooser = (req: RecordedRequest) => Behaviour;

const chunkOf = (req: RecordedRequest, content: string) => {
  const model = (req.json as { model?: string } | null)?.model ?? 'mock';
  return { id: 'chatcmpl-fault', object: 'chat.completion.chunk', created: 1764460800, model, choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }] };
};

export class FaultUpstream {
  readonly requests: RecordedRequest[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private chooser: Chooser;
  private readonly answeredListeners = new Set<() => void>();

  constructor(chooser: Chooser = () => ({ kind: 'ok' })) {
    this.chooser = chooser;
  }

  set(chooser: Chooser): void {
    this.chooser = chooser;
  }

  /** Called each time a healthy answer has been sent in full (its last byte handed to the socket). */
  onAnswered(listener: () => void): () => void {
    this.answeredListeners.add(listener);
    return () => this.answeredListeners.delete(listener);
  }

  /** Requests received since `mark` (a value of `requests.length` taken earlier). */
  since(mark: number): number {
    return this.requests.length - mark;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parts: Buffer[] = [];
    for await (const c of req) parts.push(c as Buffer);
    const body = Buffer.concat(parts).toString('utf8');
    let json: unknown = null;
    try {
      json = JSON.parse(body);
    } catch {
      json = null;
    }
    const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json };
    this.requests.push(recorded);
    const stream = (json as { stream?: boolean } | null)?.stream === true;
    const b = this.chooser(recorded);
    switch (b.kind) {
      case 'ok':
        return this.healthy(recorded, res, stream, b);
      case 'fault':
        return this.fault(recorded, res, stream, b.fault);
      case 'huge':
        return this.huge(recorded, res, stream, b.bytes);
      case 'trickle':
        return this.trickle(recorded, res, stream, b.gapMs);
      case 'echo_auth_error':
        res.writeHead(b.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${req.headers.authorization ?? req.headers['x-api-key'] ?? ''}`, type: 'invalid_request_error', code: 'invalid_api_key' } }));
        return;
      default: {
        const unreachable: never = b;
        return unreachable;
      }
    }
  }

  private async healthy(req: RecordedRequest, res: ServerResponse, stream: boolean, b: { script?: Script; delayMs?: number; paceMs?: number }): Promise<void> {
    const script = b.script ?? { content: 'all good here', usage: { prompt_tokens: 20, completion_tokens: 4 } };
    if (b.delayMs) await pause(b.delayMs);
    if (!stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(completionJson(req, script)), () => this.answered());
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const event of streamEvents(req, script)) {
      if (res.destroyed) return;
      await writeFlushed(res, event);
      if (b.paceMs) await pause(b.paceMs);
    }
    res.end(() => this.answered());
  }

  private answered(): void {
    for (const listener of this.answeredListeners) listener();
  }

  private async fault(req: RecordedRequest, res: ServerResponse, stream: boolean, fault: Fault): Promise<void> {
    const full = JSON.stringify(completionJson(req, { content: 'this answer never arrives whole' }));
    const events = streamEvents(req, { content: 'this stream never ends well at all' });
    switch (fault) {
      case 'http_500':
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'The server had an error while processing your request.', type: 'server_error', code: null } }));
        return;
      case 'http_429':
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ error: { message: 'Rate limit reached for requests.', type: 'requests', code: 'rate_limit_exceeded' } }));
        return;
      case 'reset_mid_body':
        if (stream) {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          for (const e of events.slice(0, 3)) await writeFlushed(res, e);
        } else {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(full.length) });
          await writeFlushed(res, full.slice(0, Math.floor(full.length / 2)));
        }
        res.socket?.resetAndDestroy();
        return;
      case 'hang_before_headers':
        return; // never answers; the socket is closed by the client or by stop()
      case 'hang_mid_body':
        if (stream) {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          for (const e of events.slice(0, 3)) await writeFlushed(res, e);
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          await writeFlushed(res, full.slice(0, 40));
        }
        return; // and then nothing more
      case 'malformed_json':
        if (stream) {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          await writeFlushed(res, events[0] ?? '');
          await writeFlushed(res, sse('{"id":"chatcmpl-fault","choices":[{"delta":{"content":"x"'));
          res.end(sse('[DONE]'));
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(`${full.slice(0, 60)}<html>oops`);
        }
        return;
      case 'truncated':
        // Ends cleanly (no reset) but before the answer is complete: no finish_reason, no [DONE].
        if (stream) {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          for (const e of events.slice(0, 3)) await writeFlushed(res, e);
          res.end();
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(full.slice(0, Math.floor(full.length / 2)));
        }
        return;
      case 'sse_error_event':
        // Mid-stream error event, as OpenAI-compatible servers send it. Asked for JSON, the
        // upstream answers with an event stream anyway (a misbehaving proxy in front of it).
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        await writeFlushed(res, events[0] ?? '');
        await writeFlushed(res, sse(chunkOf(req, 'partial ')));
        res.end(`event: error\n${sse({ error: { message: 'The model is overloaded. Please try again later.', type: 'server_error', code: 'overloaded' } })}`);
        return;
      case 'error_body_200':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'Upstream quota exhausted for this organisation.', type: 'insufficient_quota', code: 'insufficient_quota' } }));
        return;
      default: {
        const unreachable: never = fault;
        return unreachable;
      }
    }
  }

  private async trickle(req: RecordedRequest, res: ServerResponse, stream: boolean, gapMs: number): Promise<void> {
    const script = { content: 'a slow but steady answer arriving piece by piece', usage: { prompt_tokens: 20, completion_tokens: 10 } };
    res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json' });
    const pieces = stream ? streamEvents(req, script) : [...JSON.stringify(completionJson(req, script))];
    for (const piece of pieces) {
      if (res.destroyed) return;
      await writeFlushed(res, piece);
      await pause(gapMs);
    }
    if (!res.destroyed) res.end();
  }

  private async huge(req: RecordedRequest, res: ServerResponse, stream: boolean, bytes: number): Promise<void> {
    const filler = 'x'.repeat(64 * 1024);
    if (stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // One event whose data line never ends within the limit.
      await writeFlushed(res, `data: {"id":"chatcmpl-huge","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"`);
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      await writeFlushed(res, `{"id":"chatcmpl-huge","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"`);
    }
    for (let sent = 0; sent < bytes && !res.destroyed; sent += filler.length) {
      if (!res.write(filler)) await new Promise<void>((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
    }
    if (!res.destroyed) res.end(stream ? '"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n' : '"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}');
    void req;
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once the bytes are handed to the socket, so a fault after them is really mid-body. */
function writeFlushed(res: ServerResponse, data: string): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(data, () => resolve());
  });
}

/** A loopback port with nothing listening on it: connections are refused. */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

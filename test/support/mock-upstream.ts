import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP server standing in for a provider. It records every request (method, path,
 * headers, body) and answers with whatever the test scripts: JSON, SSE events (optionally
 * paced or cut), raw status codes, or a hang.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: unknown;
}

export type MockReply =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string>; delayMs?: number }
  | { kind: 'text'; status: number; body: string; headers?: Record<string, string> }
  | { kind: 'sse'; events: string[]; headers?: Record<string, string>; cutAfter?: number; delayMs?: number }
  | { kind: 'hang' };

export type MockHandler = (req: RecordedRequest) => MockReply | Promise<MockReply>;

export class MockUpstream {
  readonly requests: RecordedRequest[] = [];
  private server: Server | null = null;
  private handler: MockHandler;
  private readonly sockets = new Set<import('node:net').Socket>();
  private readonly hanging = new Set<ServerResponse>();

  constructor(handler: MockHandler) {
    this.handler = handler;
  }

  setHandler(handler: MockHandler): void {
    this.handler = handler;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let json: unknown = null;
    try {
      json = JSON.parse(body);
    } catch {
      json = null;
    }
    const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json };
    this.requests.push(recorded);
    const reply = await this.handler(recorded);
    switch (reply.kind) {
      case 'json':
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify(reply.body));
        return;
      case 'text':
        res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
        res.end(reply.body);
        return;
      case 'hang':
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      case 'sse': {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...reply.headers });
        for (const [i, event] of reply.events.entries()) {
          if (reply.cutAfter !== undefined && i >= reply.cutAfter) {
            res.destroy();
            return;
          }
          // Wait until the event is handed to the socket, so a cut after it is really mid-stream.
          await new Promise<void>((resolve) => res.write(event, () => resolve()));
          if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        }
        res.end();
        return;
      }
    }
  }
}

/** `data: {...}\n\n` framing used by OpenAI-compatible streams. */
export const sse = (payload: unknown) => `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;

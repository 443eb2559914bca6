import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Pool } from 'undici';
import { upstreamEvents } from './upstream-events.js';

const isDone = (e: { data: string }) => e.data === '[DONE]';

/** An SSE upstream whose body ends 50 ms after its last event, as a real one's final chunk often arrives in a later packet. */
async function lateEndingUpstream(): Promise<{ server: Server; origin: string; connections: () => number; aborted: () => number }> {
  let connections = 0;
  let aborted = 0;
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: {"n":1}\n\ndata: [DONE]\n\n');
    const timer = setTimeout(() => res.end(), 50);
    res.on('close', () => {
      if (!res.writableFinished) aborted++;
      clearTimeout(timer);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections, aborted: () => aborted };
}

async function readUntil(pool: Pool, stop: (data: string) => boolean, isLast?: typeof isDone): Promise<string[]> {
  const res = await pool.request({ path: '/', method: 'POST', body: '{}' });
  const seen: string[] = [];
  for await (const event of upstreamEvents(res.body, 'test', 5_000, isLast)) {
    seen.push(event.data);
    if (stop(event.data)) break;
  }
  return seen;
}

describe('upstreamEvents', () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it('after the last event, drains the rest of the body so the connection is reused', async () => {
    const up = await lateEndingUpstream();
    const pool = new Pool(up.origin, { connections: 1 });
    close = async () => {
      await pool.close();
      up.server.close();
    };
    expect(await readUntil(pool, (d) => d === '[DONE]', isDone)).toEqual(['{"n":1}', '[DONE]']);
    expect(await readUntil(pool, (d) => d === '[DONE]', isDone)).toEqual(['{"n":1}', '[DONE]']);
    expect(up.connections()).toBe(1);
    expect(up.aborted()).toBe(0);
  });

  it('a consumer that stops before the last event aborts the upstream response', async () => {
    const up = await lateEndingUpstream();
    const pool = new Pool(up.origin, { connections: 1 });
    close = async () => {
      await pool.destroy();
      up.server.close();
    };
    expect(await readUntil(pool, () => true, isDone)).toEqual(['{"n":1}']);
    await new Promise((r) => setTimeout(r, 20));
    expect(up.aborted()).toBe(1);
  });
});

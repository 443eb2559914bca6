import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { reportStartFailure, selfSample, serveParent } from './bench-ipc.js';

/**
 * Child-process entry: `node-floor`, the least a Node.js gateway can do — read the request body,
 * POST it to the mock with undici (the gateway's client and pool settings), copy status,
 * content-type and body back (streams piped as they arrive). No auth, no parsing, no cache, no
 * receipt. It answers "how much of the gateway's CPU per request is Node's HTTP in and out
 * alone?" on this machine, in the same run: the floor under any Node.js gateway's numbers.
 */

async function main(): Promise<void> {
  const upstream = process.env.NEXTMODEL_BENCH_UPSTREAM;
  if (!upstream) throw new Error('NEXTMODEL_BENCH_UPSTREAM is not set');
  const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, connections: 8192, pipelining: 1 });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      request(`${upstream}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '' },
        body: Buffer.concat(chunks),
        dispatcher: agent,
      }).then(
        (up) => {
          res.writeHead(up.statusCode, { 'content-type': String(up.headers['content-type'] ?? 'application/json') });
          up.body.pipe(res);
        },
        (err: Error) => {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(err.message);
        },
      );
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, resolve));
  const { port } = server.address() as AddressInfo;
  serveParent({ port }, async (req) => {
    switch (req.type) {
      case 'sample':
        return selfSample({});
      case 'mode':
        throw new Error('the floor proxy has no modes');
      case 'seed-receipts':
        throw new Error('the floor proxy keeps no receipts');
      case 'stop':
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await agent.close();
        return null;
      default: {
        const unreachable: never = req;
        return unreachable;
      }
    }
  });
}

main().catch(reportStartFailure);

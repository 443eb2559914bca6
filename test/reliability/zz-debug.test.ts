import type { AddressInfo } from 'node:net';
import { it } from 'vitest';
import { startTestGateway } from '../support/test-gateway.js';
import { rawExchange } from './support/raw-http.js';
it('dbg', async () => {
  const tg = await startTestGateway({ server: { request_timeout_ms: 2000 } });
  const srv = tg.gateway.app.server;
  srv.on('clientError', (e) => console.log('clientError seen', (e as any).code, Date.now()));
  const port = (srv.address() as AddressInfo).port;
  for (const path of ['/v1/chat/completions', '/v1/receipts/verify', '/nowhere']) {
    const headers = `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tg.projectKey}\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n`;
    const a = await rawExchange(port, { data: headers, paced: { pieces: Array.from({ length: 25 }, () => '{'), intervalMs: 200 }, deadlineMs: 6000 });
    console.log(path, a.status, a.elapsedMs, a.closedByServer, Date.now());
  }
  await tg.close();
}, 60000);

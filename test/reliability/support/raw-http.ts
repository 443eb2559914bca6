import { connect } from 'node:net';

/**
 * HTTP on a bare TCP socket, for requests no well-behaved client can send (CRLF in the request
 * line, obs-fold, NUL in headers, request smuggling shapes, slow-loris pacing). Every exchange is
 * bounded by a deadline; the socket is always destroyed at the end.
 */

export interface RawResponse {
  /** 0 when the server closed without answering. */
  status: number;
  headers: Record<string, string>;
  body: string;
  elapsedMs: number;
  /** The server closed the connection (rather than the deadline ending the exchange). */
  closedByServer: boolean;
}

export function parseRawResponse(raw: string): Omit<RawResponse, 'elapsedMs' | 'closedByServer'> {
  const end = raw.indexOf('\r\n\r\n');
  if (!raw.startsWith('HTTP/') || end < 0) return { status: 0, headers: {}, body: '' };
  const [statusLine, ...lines] = raw.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine?.split(' ')[1] ?? 0), headers, body: raw.slice(end + 4) };
}

export interface RawExchangeOptions {
  /** Bytes to send at once. */
  data?: Buffer | string;
  /** Or: send these pieces one by one with a pause between them (slow loris). */
  paced?: { pieces: Array<Buffer | string>; intervalMs: number };
  deadlineMs: number;
}

export function rawExchange(port: number, options: RawExchangeOptions): Promise<RawResponse> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    const parts: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    let pacer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (closedByServer: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(pacer);
      socket.destroy();
      resolve({ ...parseRawResponse(Buffer.concat(parts).toString('latin1')), elapsedMs: Date.now() - started, closedByServer });
    };
    timer = setTimeout(() => finish(false), options.deadlineMs);
    socket.on('data', (d: Buffer) => parts.push(d));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', () => {
      if (options.data !== undefined) socket.write(options.data);
      const paced = options.paced;
      if (!paced) return;
      let i = 0;
      const next = () => {
        if (done || i >= paced.pieces.length) return;
        socket.write(paced.pieces[i++] as Buffer | string);
        pacer = setTimeout(next, paced.intervalMs);
      };
      next();
    });
  });
}

import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError, invalidRequest } from '../openai/errors.js';
import { newRequestId } from '../util/ids.js';
import { sendError } from './send-error.js';

/**
 * Failures Node's HTTP parser raises before a request reaches a route (malformed request line or
 * headers, headers too large, a request not received within server.request_timeout_ms). Fastify's
 * default answers these in its own shape; we answer in OpenAI's error shape like everything else,
 * then close the connection (the byte stream is no longer trustworthy).
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  // A reset socket has nobody to answer (https://nodejs.org/api/http.html#event-clienterror).
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  let status = 400;
  let code = 'invalid_request_error';
  let message = 'Malformed HTTP request.';
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    code = 'request_timeout';
    message = 'The request was not received in full within the time allowed.';
  } else if (err.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    code = 'request_headers_too_large';
    message = 'Request headers are too large.';
  }
  if (socket.writable) {
    const body = JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code } });
    const requestId = newRequestId();
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/**
 * Router-level failures Fastify raises before hooks run: a URL that does not decode
 * (FST_ERR_BAD_URL) or a path parameter over the router's length limit (FST_ERR_MAX_PARAM_LENGTH).
 */
export function frameworkErrorHandler(err: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const error =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new GatewayError({ status: 414, type: 'invalid_request_error', code: 'uri_too_long', message: 'A path segment of the URL is too long.' })
      : invalidRequest('The URL is malformed (it does not decode as UTF-8 percent-encoding).', null, 'invalid_url');
  void sendError(reply.header('x-request-id', request.id), error);
}

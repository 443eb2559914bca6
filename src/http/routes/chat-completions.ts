import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, requireProject, type ProjectPrincipal } from '../../keys/authenticate.js';
import { newDraft, runChatCompletion, type InferenceOutcome } from '../../inference/chat-pipeline.js';
import type { GatewayServices } from '../../inference/gateway-services.js';
import { priceNothing, writeReceipt } from '../../inference/settle-receipt.js';
import { parseChatRequest } from '../../openai/parse-chat-request.js';
import { SSE_HEADERS } from '../../openai/sse-encoder.js';
import { toGatewayError, type GatewayError } from '../../openai/errors.js';
import { newReceiptId } from '../../util/ids.js';
import { inferenceHeaders, receiptUrlFor } from '../inference-headers.js';
import { sendError } from '../send-error.js';
import { tagsOf, workloadOf } from '../attribution-headers.js';

/**
 * Best effort: the model a malformed body asked for, for the failure receipt. No control
 * characters (a JSON string cannot hold them raw, and PostgreSQL text cannot hold a NUL).
 */
function modelOf(body: unknown): string {
  if (!Buffer.isBuffer(body)) return '';
  const match = /"model"\s*:\s*"([^"\\\p{Cc}]{1,256})"/u.exec(body.subarray(0, 4096).toString('utf8'));
  return match?.[1] ?? '';
}

export function registerChatCompletions(app: FastifyInstance, services: GatewayServices): void {
  app.post('/v1/chat/completions', async (request, reply) => {
    const startedAt = Date.now();
    const principal = requireProject(await authenticate(services.db, request.headers.authorization, services.tenancy));
    const receiptId = newReceiptId();
    const receiptUrl = receiptUrlFor(services.config.server.public_url, request.headers.host, `${services.config.server.host}:${services.config.server.port}`, receiptId);
    const base = {
      principal,
      requestId: request.id,
      receiptId,
      receiptUrl,
      workload: workloadOf(request.headers['x-nextmodel-workload']),
      tags: tagsOf(request.headers['x-nextmodel-tags']),
      startedAt,
    };

    let chatRequest;
    try {
      chatRequest = parseChatRequest(request.body as Buffer);
    } catch (err) {
      return rejectBeforeCall(services, reply, principal, base, modelOf(request.body), toGatewayError(err));
    }

    const controller = new AbortController();
    const onClose = () => {
      if (!reply.raw.writableFinished) controller.abort();
    };
    reply.raw.on('close', onClose);
    const outcome = await runChatCompletion(services, { ...base, request: chatRequest, signal: controller.signal, cacheHeaders: request.headers });
    return respond(reply, request, outcome, receiptUrl);
  });
}

async function rejectBeforeCall(
  services: GatewayServices,
  reply: FastifyReply,
  principal: ProjectPrincipal,
  base: { requestId: string; receiptId: string; receiptUrl: string; workload: string | null; tags: string[]; startedAt: number },
  model: string,
  error: GatewayError,
): Promise<FastifyReply> {
  const draft = newDraft({ ...base, principal, modelRequested: model, stream: false });
  draft.status = error.status;
  draft.errorCode = error.code;
  priceNothing(draft);
  const receipt = await writeReceipt(services, draft);
  return sendError(reply, error, inferenceHeaders(draft, receipt, base.receiptUrl, false));
}

async function respond(reply: FastifyReply, request: FastifyRequest, outcome: InferenceOutcome, receiptUrl: string): Promise<FastifyReply | void> {
  switch (outcome.kind) {
    case 'error':
      return sendError(reply, outcome.error, inferenceHeaders(outcome.draft, outcome.receipt, receiptUrl, false));
    case 'json':
      return reply
        .code(200)
        .headers(inferenceHeaders(outcome.draft, outcome.receipt, receiptUrl, false))
        .type('application/json')
        .send(JSON.stringify(outcome.body));
    case 'stream':
      return streamToClient(reply, request, outcome, receiptUrl);
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}

/** Writes SSE frames with backpressure; if the client leaves, stops the relay (which settles the receipt). */
async function streamToClient(reply: FastifyReply, request: FastifyRequest, outcome: Extract<InferenceOutcome, { kind: 'stream' }>, receiptUrl: string): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { ...SSE_HEADERS, ...inferenceHeaders(outcome.draft, null, receiptUrl, true) });
  // The headers go out now, together with the first frame when it is already here (it usually
  // arrives with the upstream's own headers): one write and one packet instead of two per stream.
  const socket = res.socket;
  socket?.cork();
  res.flushHeaders();
  if (socket) process.nextTick(() => socket.uncork());
  const frames = outcome.frames;
  try {
    for (;;) {
      if (res.destroyed) {
        await frames.return(undefined);
        return;
      }
      const next = await frames.next();
      if (next.done) break;
      if (res.destroyed) {
        await frames.return(undefined);
        return;
      }
      if (!res.write(next.value)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
    res.end();
  } catch (err) {
    request.log.error({ err }, 'stream relay failed');
    res.destroy();
  }
}

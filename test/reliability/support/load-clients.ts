import { Agent, request } from 'undici';

/**
 * Clients for the crash test: each call records exactly what arrived. A JSON response counts as
 * received in full when its whole body arrived and parsed; a stream when `data: [DONE]` arrived.
 * Every request carries a unique tag (x-nextmodel-tags), so a receipt in the store can be traced
 * to the request that caused it whether or not the client ever saw its id.
 */

export interface ClientRecord {
  tag: string;
  stream: boolean;
  /** complete: the whole response arrived; incomplete: the connection died first. */
  state: 'complete' | 'incomplete';
  /** HTTP status (0 when no headers arrived). */
  httpStatus: number;
  /** From the x-nextmodel-receipt-id header (streams send it before the body). */
  headerReceiptId: string | null;
  /** From the final chunk's `nextmodel.receipt_id` (streams) or the header (JSON), once complete. */
  receiptId: string | null;
  /** Streams: the final chunk was an error chunk; its status is then the error's. */
  streamError: { code: string } | null;
}

export const loadAgent = () => new Agent({ connections: 64, keepAliveTimeout: 10_000, headersTimeout: 30_000, bodyTimeout: 30_000 });

export async function sendTracked(agent: Agent, baseUrl: string, key: string, tag: string, stream: boolean, content: string): Promise<ClientRecord> {
  const record: ClientRecord = { tag, stream, state: 'incomplete', httpStatus: 0, headerReceiptId: null, receiptId: null, streamError: null };
  try {
    const res = await request(`${baseUrl}/v1/chat/completions`, {
      method: 'POST',
      dispatcher: agent,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-nextmodel-tags': tag },
      body: JSON.stringify({ model: 'gpt-5.5', messages: [{ role: 'user', content }], ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}) }),
    });
    record.httpStatus = res.statusCode;
    const header = res.headers['x-nextmodel-receipt-id'];
    record.headerReceiptId = typeof header === 'string' ? header : null;
    const text = await res.body.text();
    if (!stream || res.statusCode !== 200) {
      JSON.parse(text); // throws on a cut body: not received in full
      record.receiptId = record.headerReceiptId;
      record.state = 'complete';
      return record;
    }
    // A stream is whole only with its [DONE]; the chunk that names the receipt comes just before.
    if (!text.endsWith('data: [DONE]\n\n')) return record;
    for (const frame of text.split('\n\n')) {
      if (!frame.startsWith('data: {')) continue;
      const chunk = JSON.parse(frame.slice(6)) as { nextmodel?: { receipt_id: string }; error?: { code: string } };
      if (chunk.nextmodel) record.receiptId = chunk.nextmodel.receipt_id;
      if (chunk.error) record.streamError = { code: chunk.error.code };
    }
    record.state = 'complete';
    return record;
  } catch {
    return record; // reset, refused, cut mid-body: not received in full
  }
}

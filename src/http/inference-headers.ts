import type { SignedReceipt } from '../billing/receipt.js';
import { formatMicro } from '../billing/money.js';
import type { ReceiptDraft } from '../inference/receipt-draft.js';
import { formatResetDuration } from '../spend/rate-limiter.js';

/**
 * The x-nextmodel-* headers of SPEC §4, on every inference response (hit, miss or error).
 * Streams send these before the body, so the hash and cost are absent there (they travel in the
 * final chunk instead).
 */
export function inferenceHeaders(draft: ReceiptDraft, receipt: SignedReceipt | null, receiptUrl: string, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'x-request-id': draft.requestId,
    'x-nextmodel-request-id': draft.requestId,
    'x-nextmodel-serve-mode': draft.serveMode,
    'x-nextmodel-usage-source': stream ? (draft.serveMode === 'fresh' ? 'upstream' : 'replay') : draft.usageSource,
    'x-nextmodel-billing-basis': draft.billingBasis,
    'x-nextmodel-receipt-id': draft.id,
    'x-nextmodel-receipt-url': receiptUrl,
    'x-nextmodel-cache': draft.cacheStatus,
  };
  if (draft.cacheAgeS !== null) headers['x-nextmodel-cache-age'] = String(draft.cacheAgeS);
  if (draft.provider) headers['x-nextmodel-provider'] = draft.provider;
  if (draft.modelServed) headers['x-nextmodel-model'] = draft.modelServed;
  const rl = draft.rateLimit;
  if (rl) {
    // OpenAI's six headers (https://platform.openai.com/docs/guides/rate-limits#rate-limits-in-headers), for the tightest applicable limit.
    if (rl.limitRequests) {
      headers['x-ratelimit-limit-requests'] = String(rl.limitRequests);
      headers['x-ratelimit-remaining-requests'] = String(rl.remainingRequests);
      headers['x-ratelimit-reset-requests'] = formatResetDuration(rl.resetRequestsMs);
    }
    if (rl.limitTokens) {
      headers['x-ratelimit-limit-tokens'] = String(rl.limitTokens);
      headers['x-ratelimit-remaining-tokens'] = String(rl.remainingTokens);
      headers['x-ratelimit-reset-tokens'] = formatResetDuration(rl.resetTokensMs);
    }
  }
  if (!stream && receipt) {
    headers['x-nextmodel-receipt-hash'] = receipt.receipt_hash;
    headers['x-nextmodel-cost-inr'] = formatMicro(draft.chargedUinr);
  }
  return headers;
}

/** Where a receipt can be fetched: NEXTMODEL_PUBLIC_URL when set, else the address the client used. */
export function receiptUrlFor(publicUrl: string | null, hostHeader: string | undefined, fallbackHost: string, receiptId: string): string {
  const host = hostHeader && /^[A-Za-z0-9.\-[\]:]{1,255}$/.test(hostHeader) ? hostHeader : fallbackHost;
  const base = (publicUrl ?? `http://${host}`).replace(/\/+$/, '');
  return `${base}/v1/receipts/${receiptId}`;
}

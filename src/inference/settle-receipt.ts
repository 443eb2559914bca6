import type { CatalogModel } from '../catalog/catalog.js';
import { applyPercent, computeCost, percentOf } from '../billing/cost.js';
import type { SignedReceipt } from '../billing/receipt.js';
import { payloadHash, payloadOf } from '../cache/cache-entry.js';
import type { ChatCompletion } from '../openai/chat-response.js';
import { insertReceipt } from '../billing/receipt-store.js';
import { settleBudget } from '../spend/budget-ledger.js';
import type { UsageCounts } from '../openai/chat-response.js';
import type { GatewayServices } from './gateway-services.js';
import type { ReceiptDraft } from './receipt-draft.js';

/** Prices a fresh (upstream-served) answer onto the draft: list cost, platform markup or BYOK fee. */
export function priceFresh(services: GatewayServices, draft: ReceiptDraft, model: CatalogModel, usage: UsageCounts): void {
  const billing = services.config.billing;
  const cost = computeCost(usage, model, { usd_inr: billing.usd_inr, cny_inr: billing.cny_inr, catalog_version: services.catalog.version });
  draft.usage = usage;
  draft.price = cost.price;
  draft.listCostUinr = cost.listCostUinr;
  draft.upstreamCostUusd = cost.upstreamCostUusd;
  draft.discountUinr = 0;
  draft.chargedUinr =
    draft.billingBasis === 'byok' ? percentOf(cost.listCostUinr, billing.byok_fee_pct) : applyPercent(cost.listCostUinr, billing.fresh_markup_pct, 'add');
}

/** A failure is recorded at no charge. */
export function priceNothing(draft: ReceiptDraft): void {
  draft.listCostUinr = 0;
  draft.discountUinr = 0;
  draft.chargedUinr = 0;
  draft.upstreamCostUusd = 0;
}

/** The receipt's response_hash: the hash of exactly what a cache replay of this answer would serve. */
export function responseHash(completion: ChatCompletion): string {
  return payloadHash(payloadOf(completion));
}

/**
 * Signs and durably stores the receipt. Called before the response's last byte is written, so a
 * response the client received in full always has a receipt (SPEC §6).
 */
export async function writeReceipt(services: GatewayServices, draft: ReceiptDraft): Promise<SignedReceipt> {
  const receipt = services.signer.sign(draft.toReceipt());
  // One transaction: the receipt and the budget counters it moves commit together, so the
  // counters always equal the receipts and the reservation is released exactly once.
  const states = await services.db.transaction().execute(async (trx) => {
    await insertReceipt(trx, receipt);
    return settleBudget(trx, draft.spendScopes, draft.reservation, draft.chargedUinr, draft.startedAt);
  });
  draft.reservation = null;
  if (states.length > 0) {
    await services.alerts.afterCharge(states, draft.chargedUinr).catch((err: unknown) => services.log.error({ err }, 'budget alert failed'));
  }
  return receipt;
}

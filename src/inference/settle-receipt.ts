import type { CatalogModel } from '../catalog/catalog.js';
import { applyPercent, computeCost, percentOf } from '../billing/cost.js';
import type { SignedReceipt } from '../billing/receipt.js';
import { payloadHash, payloadOf, type CacheEntry } from '../cache/cache-entry.js';
import type { ChatCompletion } from '../openai/chat-response.js';
import { insertReceipt } from '../billing/receipt-store.js';
import { transact } from '../db/group-commit.js';
import { chargeExact, holdExact, settleBudget } from '../spend/budget-ledger.js';
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

export interface ReceiptWrites {
  /**
   * A cache replay's charge is exact and known before serving: charge it (checking hard budgets)
   * in the receipt's own transaction, with no reservation beforehand.
   */
  chargeUpFront?: boolean;
  /** Cache entries this receipt anchors, stored in the same commit (SPEC §5.3). */
  cacheEntries?: readonly CacheEntry[];
}

/**
 * Signs and durably stores the receipt. Called before the response's last byte is written, so a
 * response the client received in full always has a receipt (SPEC §6).
 */
export async function writeReceipt(services: GatewayServices, draft: ReceiptDraft, writes: ReceiptWrites = {}): Promise<SignedReceipt> {
  const receipt = services.signer.sign(draft.toReceipt());
  const entries = writes.cacheEntries ?? [];
  // One transaction (on SQLite, possibly committed with other requests' ones: group-commit.ts):
  // the receipt, the budget counters it moves and the cache entries it anchors commit together, so the counters always equal the receipts, the reservation is released
  // exactly once, and no entry exists without the receipt that paid for it.
  const local = services.reservations;
  let states;
  try {
    states = await transact(services.db, async (trx) => {
      if (writes.chargeUpFront && !local) {
        const charged = await chargeExact(trx, draft.spendScopes, draft.chargedUinr, draft.startedAt);
        await insertReceipt(trx, receipt);
        return charged;
      }
      // On SQLite a replay's charge is held in memory first, like a fresh request's reservation.
      if (writes.chargeUpFront && local) draft.reservation = await holdExact(trx, local, draft.spendScopes, draft.chargedUinr, draft.startedAt);
      await insertReceipt(trx, receipt);
      const settled = await settleBudget(trx, draft.spendScopes, draft.reservation, draft.chargedUinr, draft.startedAt, local);
      for (const entry of entries) await services.cache.storeInTransaction(trx, entry);
      return settled;
    });
  } finally {
    // A receipt that failed to commit charged nothing: what it held in memory is free again (a
    // no-op when the settlement already released it). SQL reservations wait for the stale sweeper.
    if (draft.reservation && local) local.release(draft.reservation.id);
  }
  draft.reservation = null;
  if (states.length > 0) {
    await services.alerts.afterCharge(states, draft.chargedUinr).catch((err: unknown) => services.log.error({ err }, 'budget alert failed'));
  }
  return receipt;
}

import type { CompiledQuery, Kysely, Transaction } from 'kysely';
import type { SignedReceipt, UnsignedReceipt } from '../../billing/receipt.js';
import { generateSigningKey, ReceiptSigner } from '../../billing/receipt-signer.js';
import type { Database } from '../../db/schema.js';
import type { GatewayServices } from '../../inference/gateway-services.js';

/**
 * Bench-only: the gateway with receipts, signing and budgets switched off, to measure what they
 * cost (the product has no such switch, on purpose). The bench project gets no budget, receipts
 * are not signed, and the receipt transaction writes only the cache entries. Everything else —
 * auth, rate limits, cache lookup and store, pricing, the HTTP path — is the same code as the
 * governed gateway.
 */

/** Fills the signature fields without hashing or signing. */
class UnsignedReceiptSigner extends ReceiptSigner {
  constructor() {
    const { privateKeyPem, publicKeyPem } = generateSigningKey();
    super(privateKeyPem, publicKeyPem);
  }

  override sign(receipt: UnsignedReceipt): SignedReceipt {
    return { ...receipt, receipt_hash: 'sha256:unsigned', signature: '', key_id_signing: this.keyId };
  }
}

/** Tables the receipt write touches (the receipt, its usage rollup): discarded here. */
const RECEIPT_TABLES = new Set(['receipts', 'usage_daily']);

/**
 * What writeReceipt's transaction gets without budgets: receipt writes are discarded; statements
 * sent as SQL text (the cache entries the receipt anchors) run on the real database, so the cache
 * store costs the same as on the governed gateway.
 */
function discardingTransaction(db: Kysely<Database>): Transaction<Database> {
  return {
    insertInto(table: string) {
      if (!RECEIPT_TABLES.has(table)) throw new Error(`ungoverned bench gateway: unexpected write to ${table} inside a transaction`);
      const chain: Record<string, unknown> = { execute: async () => [] };
      for (const m of ['values', 'onConflict', 'returning']) chain[m] = () => chain;
      return chain;
    },
    getExecutor: () => db.getExecutor(),
    // Savepoints of a group commit (src/db/group-commit.ts) belong to the discarded transaction.
    executeQuery: (query: CompiledQuery) => (/^(savepoint|release|rollback to) /.test(query.sql) ? Promise.resolve({ rows: [] }) : db.executeQuery(query)),
  } as unknown as Transaction<Database>;
}

/** The same database, except that transaction() runs its body against the discarding transaction. */
function withoutReceiptWrites(db: Kysely<Database>): Kysely<Database> {
  const trx = discardingTransaction(db);
  const transaction = () => ({ execute: <T>(fn: (trx: Transaction<Database>) => Promise<T>) => fn(trx) });
  // Kysely keeps its state in #private fields: methods must run with the real instance as `this`.
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction') return transaction;
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      let fn = bound.get(prop);
      if (!fn) bound.set(prop, (fn = (value as (...args: unknown[]) => unknown).bind(target)));
      return fn;
    },
  });
}

/** Call after the admin setup (which needs real transactions) and before listening. */
export function ungovern(services: GatewayServices): void {
  services.signer = new UnsignedReceiptSigner();
  services.db = withoutReceiptWrites(services.db);
}

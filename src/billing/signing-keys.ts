import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SecretBox } from '../keys/secret-box.js';
import { generateSigningKey, ReceiptSigner, signingKeyId, type PublicSigningKey } from './receipt-signer.js';

const AAD = 'signing-key';

/**
 * The active Ed25519 key lives in the database, its private half sealed with the master key,
 * so every replica signs with the same key. First start creates it.
 */
export async function loadOrCreateSigner(db: Kysely<Database>, box: SecretBox): Promise<ReceiptSigner> {
  const existing = await db.selectFrom('signing_keys').selectAll().where('active', '=', 1).orderBy('created_ms', 'desc').executeTakeFirst();
  if (existing) {
    let privatePem: string;
    try {
      privatePem = box.open(existing.private_key_enc, AAD);
    } catch {
      throw new Error('cannot decrypt the receipt signing key: NEXTMODEL_MASTER_KEY (or master.key in the data dir) differs from the one it was created with');
    }
    return new ReceiptSigner(privatePem, existing.public_key_pem);
  }
  const { publicKeyPem, privateKeyPem } = generateSigningKey();
  const id = signingKeyId(publicKeyPem);
  await db
    .insertInto('signing_keys')
    .values({ id, public_key_pem: publicKeyPem, private_key_enc: box.seal(privateKeyPem, AAD), created_ms: Date.now(), active: 1 })
    .onConflict((oc) => oc.doNothing())
    .execute();
  // Another replica may have won the race to create the first key: use whatever is active now.
  return loadOrCreateSigner(db, box);
}

export async function listPublicKeys(db: Kysely<Database>): Promise<PublicSigningKey[]> {
  const rows = await db.selectFrom('signing_keys').select(['id', 'public_key_pem', 'created_ms', 'active']).orderBy('created_ms').execute();
  return rows.map((r) => ({
    id: r.id,
    alg: 'Ed25519' as const,
    public_key_pem: r.public_key_pem,
    created: new Date(Number(r.created_ms)).toISOString(),
    active: r.active === 1,
  }));
}

export async function publicKeyMap(db: Kysely<Database>): Promise<Map<string, string>> {
  return new Map((await listPublicKeys(db)).map((k) => [k.id, k.public_key_pem]));
}

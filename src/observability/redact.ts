/**
 * Scrubs secrets from text that may reach a client or a log: the exact secrets we know, and
 * anything shaped like a provider or gateway key.
 */
const KEY_SHAPES = [
  /\bnm_(?:admin_)?[A-Za-z0-9]{16,}/g,
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{12,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  /\b(?:gsk|xai|pk|key)[-_][A-Za-z0-9_-]{16,}/g,
];

export function redactSecrets(text: string, secrets: ReadonlyArray<string | null | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  for (const shape of KEY_SHAPES) out = out.replace(shape, '[redacted]');
  return out;
}

import type { Verdict } from '../verify/verify-receipt.js';
import { useI18n } from '../i18n/i18n.js';

/** The outcome of a signature check, and which of the two checkers made it. */
export function VerdictView({ verdict, compact = false }: { verdict: Verdict; compact?: boolean }) {
  const { t } = useI18n();
  const method = verdict.method === 'browser' ? t('verify.usedBrowser') : t('verify.usedServer');
  return (
    <div class={`note ${verdict.valid ? 'note-good' : 'note-error'}`} role="status" data-testid="verdict" data-valid={String(verdict.valid)} data-method={verdict.method}>
      <strong>{verdict.valid ? (compact ? t('receipt.sigValid', { key: verdict.keyId }) : t('verify.valid', { key: verdict.keyId })) : t('verify.invalid', { reason: t(`verify.reason.${verdict.reason}`) })}</strong>
      <span class="block small">{t('verify.method', { method })}</span>
      {verdict.fallback && <span class="block small">{t('verify.fallback')}</span>}
    </div>
  );
}

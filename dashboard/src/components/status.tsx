import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n/i18n.js';

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="muted" role="status" aria-live="polite">
      {t('app.loading')}
    </p>
  );
}

export function ErrorNote({ error, retry }: { error: Error; retry?: () => void }) {
  const { t } = useI18n();
  return (
    <div class="note note-error" role="alert">
      <span>{t('app.error', { message: error.message })}</span>
      {retry && (
        <button type="button" class="btn btn-small" onClick={retry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'good' | 'bad' | 'warn' | 'info'; children: ComponentChildren }) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

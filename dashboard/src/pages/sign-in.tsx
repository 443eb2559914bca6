import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.js';
import type { Session } from '../api/types.js';
import { LangToggle } from '../components/lang-toggle.js';
import { useI18n, type Lang } from '../i18n/i18n.js';

export function SignIn({ onSignedIn, expired, onLang }: { onSignedIn: (s: Session) => void; expired: boolean; onLang: (l: Lang) => void }) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api<Session>('/dashboard/api/session', { method: 'POST', body: { key: key.trim() }, quiet401: true }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="signin" id="main">
      <div class="signin-top">
        <LangToggle onLang={onLang} />
      </div>
      <form class="card signin-card" onSubmit={submit} aria-labelledby="signin-title">
        <p class="brand brand-big">
          <img src="/dashboard/favicon.svg" alt="" width={28} height={28} /> {t('app.name')}
        </p>
        <h1 id="signin-title">{t('signin.title')}</h1>
        <p class="muted">{t('signin.intro')}</p>
        {expired && (
          <p class="note note-warn" role="status">
            {t('app.sessionExpired')}
          </p>
        )}
        <label for="signin-key">{t('signin.key')}</label>
        <input id="signin-key" name="key" type="password" autocomplete="off" spellcheck={false} required value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} />
        {error && (
          <p class="note note-error" role="alert">
            {t('signin.failed', { message: error })}
          </p>
        )}
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {busy ? t('signin.working') : t('signin.submit')}
        </button>
        <p class="muted small">{t('signin.note')}</p>
      </form>
    </main>
  );
}

import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, setCsrfToken, setUnauthorizedHandler } from './api/client.js';
import type { Session } from './api/types.js';
import { Shell } from './components/shell.js';
import { Loading } from './components/status.js';
import { loadDevanagari } from './i18n/fonts.js';
import { createI18n, I18nContext, rememberLang, storedLang, type Lang } from './i18n/i18n.js';
import { SignIn } from './pages/sign-in.js';

/** Session state and language; everything else is a page under the shell. */
export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);
  const [lang, setLang] = useState<Lang>(() => storedLang(null));
  const i18n = useMemo(() => createI18n(lang), [lang]);
  const keyId = session?.key.id ?? null;

  useEffect(() => {
    api<Session | { signed_in: false }>('/dashboard/api/session', { quiet401: true }).then(
      (s) => ('key' in s ? void signedIn(s) : setSession(null)),
      () => setSession(null),
    );
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setSession(null);
      setExpired(true);
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  async function signedIn(s: Session) {
    setCsrfToken(s.csrf_token);
    const own = storedLang(s.key.id);
    if (own === 'hi') await loadDevanagari();
    setLang(own);
    setExpired(false);
    setSession(s);
  }

  async function changeLang(next: Lang) {
    rememberLang(next, keyId);
    if (next === 'hi') await loadDevanagari();
    setLang(next);
  }

  async function signOut() {
    try {
      await api('/dashboard/api/session', { method: 'DELETE', quiet401: true });
    } finally {
      setCsrfToken(null);
      setSession(null);
    }
  }

  return (
    <I18nContext.Provider value={i18n}>
      {session === undefined ? (
        <main class="center">
          <Loading />
        </main>
      ) : session === null ? (
        <SignIn onSignedIn={signedIn} expired={expired} onLang={changeLang} />
      ) : (
        <Shell session={session} onSignOut={signOut} onLang={changeLang} />
      )}
    </I18nContext.Provider>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { VerdictView } from '../components/verdict.js';
import { useI18n } from '../i18n/i18n.js';
import { browserHasEd25519, verifyReceipt, type Verdict, type VerifyMethod } from '../verify/verify-receipt.js';

/** Paste a receipt, check its hash and signature: in this browser (WebCrypto) or by the gateway. */
export function VerifyPage() {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [method, setMethod] = useState<VerifyMethod>('browser');
  const [hasEd25519, setHasEd25519] = useState<boolean | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void browserHasEd25519().then((ok) => {
      setHasEd25519(ok);
      if (!ok) setMethod('server');
    });
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    setVerdict(null);
    setError(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      setError(t('verify.notJson'));
      return;
    }
    // Accept the bare receipt or {"receipt": {...}}, as the API does.
    const receipt = parsed && typeof parsed === 'object' && 'receipt' in parsed ? (parsed as { receipt: unknown }).receipt : parsed;
    setBusy(true);
    try {
      setVerdict(await verifyReceipt(receipt, method));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('verify.title')}</h1>
      <p class="muted">{t('verify.intro')}</p>
      <form class="card stack" onSubmit={submit}>
        <label for="verify-input">{t('verify.input')}</label>
        <textarea id="verify-input" rows={12} class="mono" spellcheck={false} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} required />
        <fieldset class="radios">
          <legend>{t('verify.methodLegend')}</legend>
          <label>
            <input type="radio" name="verify-method" value="browser" checked={method === 'browser'} disabled={hasEd25519 === false} onChange={() => setMethod('browser')} /> {t('verify.methodBrowser')}
          </label>
          <label>
            <input type="radio" name="verify-method" value="server" checked={method === 'server'} onChange={() => setMethod('server')} /> {t('verify.methodServer')}
          </label>
        </fieldset>
        {hasEd25519 === false && <p class="note note-warn">{t('verify.fallback')}</p>}
        <p>
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {t('verify.submit')}
          </button>
        </p>
      </form>
      {error && (
        <p class="note note-error" role="alert">
          {error}
        </p>
      )}
      {verdict && <VerdictView verdict={verdict} />}
    </section>
  );
}

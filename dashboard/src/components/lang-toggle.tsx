import { useI18n, type Lang } from '../i18n/i18n.js';

/** One button: shows the other language in its own script, and says what it does in the current one. */
export function LangToggle({ onLang }: { onLang: (lang: Lang) => void }) {
  const { lang, t } = useI18n();
  const other: Lang = lang === 'en' ? 'hi' : 'en';
  return (
    <button type="button" class="btn btn-ghost lang-toggle" lang={other} aria-label={t('app.switchToLabel')} data-testid="lang-toggle" onClick={() => onLang(other)}>
      {t('app.switchTo')}
    </button>
  );
}

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { createFormatters, type Formatters, type Locale } from '../format/format.js';
import { en, type MessageKey, type Messages } from './en.js';
import { hi } from './hi.js';

export type Lang = 'en' | 'hi';

export interface I18n {
  lang: Lang;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  fmt: Formatters;
}

const MESSAGES: Record<Lang, Messages> = { en, hi };
const LOCALES: Record<Lang, Locale> = { en: 'en-IN', hi: 'hi-IN' };

export function createI18n(lang: Lang): I18n {
  const messages = MESSAGES[lang];
  return {
    lang,
    t(key, vars) {
      const text = messages[key];
      return vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)) : text;
    },
    fmt: createFormatters(LOCALES[lang]),
  };
}

export const I18nContext = createContext<I18n>(createI18n('en'));
export const useI18n = () => useContext(I18nContext);

/**
 * The language is remembered per signed-in key (this browser's localStorage), with the last
 * choice as the default for the sign-in page and for keys that have not chosen yet.
 */
const LAST = 'nextmodel.dashboard.lang';
const perKey = (keyId: string) => `${LAST}.${keyId}`;

const isLang = (v: string | null): v is Lang => v === 'en' || v === 'hi';

export function storedLang(keyId: string | null): Lang {
  try {
    const own = keyId ? localStorage.getItem(perKey(keyId)) : null;
    if (isLang(own)) return own;
    const last = localStorage.getItem(LAST);
    if (isLang(last)) return last;
  } catch {
    // Storage can be blocked (privacy mode): fall through to the browser's language.
  }
  return navigator.language.toLowerCase().startsWith('hi') ? 'hi' : 'en';
}

export function rememberLang(lang: Lang, keyId: string | null): void {
  try {
    localStorage.setItem(LAST, lang);
    if (keyId) localStorage.setItem(perKey(keyId), lang);
  } catch {
    // Not remembered; the choice still applies to this page.
  }
}

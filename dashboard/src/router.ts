import { useEffect, useState } from 'preact/hooks';

/**
 * A small History-API router under /dashboard: the gateway answers every /dashboard/* path with
 * the SPA (fallback), so deep links such as /dashboard/receipts/rcpt_… load directly.
 */

export const BASE = '/dashboard';

export interface Route {
  /** '/', '/usage', '/receipts/rcpt_…' */
  path: string;
  query: URLSearchParams;
}

function current(): Route {
  const raw = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : location.pathname;
  const path = raw === '' ? '/' : raw.length > 1 ? raw.replace(/\/+$/, '') : raw;
  return { path, query: new URLSearchParams(location.search) };
}

const EVENT = 'nextmodel:navigate';

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = `${BASE}${to === '/' ? '/' : to}`;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event(EVENT));
}

/** Update the query string of the current page without adding a history entry per keystroke. */
export function setQuery(params: Record<string, string | undefined>): void {
  const { path, query } = current();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === '') query.delete(k);
    else query.set(k, v);
  }
  const qs = query.toString();
  navigate(`${path}${qs ? `?${qs}` : ''}`, { replace: true });
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    window.addEventListener('popstate', update);
    window.addEventListener(EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(EVENT, update);
    };
  }, []);
  return route;
}

/** Same-origin links under /dashboard are handled here; modified clicks (new tab) are left to the browser. */
export function handleLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.('a');
  // In-page anchors (the skip link) keep the browser's own behaviour: scroll and focus the target.
  if (!anchor || anchor.target || anchor.hasAttribute('download') || anchor.getAttribute('href')?.startsWith('#')) return;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith(BASE)) return;
  event.preventDefault();
  navigate(`${url.pathname.slice(BASE.length) || '/'}${url.search}`);
}

export const href = (path: string) => `${BASE}${path}`;

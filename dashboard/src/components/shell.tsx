import { useEffect, useRef, useState } from 'preact/hooks';
import type { Session } from '../api/types.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n, type Lang } from '../i18n/i18n.js';
import { AuditPage } from '../pages/audit.js';
import { BudgetsPage } from '../pages/budgets.js';
import { KeysPage } from '../pages/keys.js';
import { ModelsPage } from '../pages/models.js';
import { OverviewPage } from '../pages/overview.js';
import { ReceiptDetailPage } from '../pages/receipt-detail.js';
import { ReceiptsPage } from '../pages/receipts.js';
import { UsagePage } from '../pages/usage.js';
import { VerifyPage } from '../pages/verify.js';
import { handleLinkClick, href, useRoute } from '../router.js';
import { LangToggle } from './lang-toggle.js';
import { Badge } from './status.js';

interface NavItem {
  path: string;
  label: MessageKey;
  adminOnly: boolean;
}

const NAV: NavItem[] = [
  { path: '/', label: 'nav.overview', adminOnly: false },
  { path: '/usage', label: 'nav.usage', adminOnly: false },
  { path: '/receipts', label: 'nav.receipts', adminOnly: false },
  { path: '/verify', label: 'nav.verify', adminOnly: false },
  { path: '/models', label: 'nav.models', adminOnly: false },
  { path: '/keys', label: 'nav.keys', adminOnly: true },
  { path: '/budgets', label: 'nav.budgets', adminOnly: true },
  { path: '/audit', label: 'nav.audit', adminOnly: true },
];

const isActive = (item: string, path: string) => (item === '/' ? path === '/' : path === item || path.startsWith(`${item}/`));

/** Header, navigation and the page for the current path. Admin-only pages are not offered to a project key. */
export function Shell({ session, onSignOut, onLang }: { session: Session; onSignOut: () => void; onLang: (l: Lang) => void }) {
  const { t } = useI18n();
  const { path, query } = useRoute();
  const [menuOpen, setMenuOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const isAdmin = session.key.kind === 'admin';
  const items = NAV.filter((n) => isAdmin || !n.adminOnly);
  const current = items.find((n) => isActive(n.path, path));

  // A route change moves focus to the page, as a full page load would, and closes the phone menu.
  const first = useRef(true);
  useEffect(() => {
    setMenuOpen(false);
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [path]);
  useEffect(() => {
    document.title = `${current ? t(current.label) : t('app.name')} · NextModel`;
  }, [current, t]);

  return (
    <div class="app" onClick={handleLinkClick}>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <header class="topbar">
        <button type="button" class="btn btn-ghost menu-toggle" aria-expanded={menuOpen} aria-controls="nav" onClick={() => setMenuOpen(!menuOpen)}>
          <span aria-hidden="true">☰</span> {t('app.menu')}
        </button>
        <a class="brand" href={href('/')}>
          <img src="/dashboard/favicon.svg" alt="" width={24} height={24} />
          <span>{t('app.name')}</span>
        </a>
        <div class="top-actions">
          <span class="who" data-testid="who">
            <span class="who-name">{t('app.signedInAs', { name: session.key.project ? `${session.key.name} · ${session.key.project.name}` : session.key.name })}</span>{' '}
            <Badge tone={isAdmin ? 'info' : 'neutral'}>{isAdmin ? t('app.adminKey') : t('app.projectKey')}</Badge>
          </span>
          <LangToggle onLang={onLang} />
          <button type="button" class="btn btn-ghost" onClick={onSignOut}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <div class="layout">
        <nav id="nav" class={menuOpen ? 'nav open' : 'nav'} aria-label={t('nav.main')}>
          <ul>
            {items.map((item) => (
              <li key={item.path}>
                <a href={href(item.path)} aria-current={isActive(item.path, path) ? 'page' : undefined}>
                  {t(item.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" ref={main} tabIndex={-1}>
          <Page path={path} query={query} session={session} />
        </main>
      </div>
    </div>
  );
}

function Page({ path, query, session }: { path: string; query: URLSearchParams; session: Session }) {
  const { t } = useI18n();
  const isAdmin = session.key.kind === 'admin';
  const receipt = /^\/receipts\/([\w-]+)$/.exec(path);
  if (path === '/') return <OverviewPage session={session} />;
  if (path === '/usage') return <UsagePage session={session} query={query} />;
  if (path === '/receipts') return <ReceiptsPage query={query} />;
  if (receipt) return <ReceiptDetailPage id={receipt[1]!} />;
  if (path === '/verify') return <VerifyPage />;
  if (path === '/models') return <ModelsPage />;
  if (isAdmin && path === '/keys') return <KeysPage />;
  if (isAdmin && path === '/budgets') return <BudgetsPage />;
  if (isAdmin && path === '/audit') return <AuditPage />;
  return (
    <section>
      <h1>{t('app.notFound')}</h1>
    </section>
  );
}

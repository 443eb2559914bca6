import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api/client.js';
import type { Receipt } from '../api/types.js';
import { modeLabel } from '../components/labels.js';
import { Money } from '../components/money.js';
import { Badge, ErrorNote, Loading } from '../components/status.js';
import { useAsync } from '../components/use-async.js';
import { VerdictView } from '../components/verdict.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { href } from '../router.js';
import { verifyReceipt } from '../verify/verify-receipt.js';
import { StackTable } from '../components/stack-table.js';

export function ReceiptDetailPage({ id }: { id: string }) {
  const { t } = useI18n();
  const state = useAsync(() => api<Receipt>(`/v1/receipts/${encodeURIComponent(id)}`), [id]);
  return (
    <section aria-labelledby="page-title">
      <p>
        <a href={href('/receipts')}>← {t('receipt.back')}</a>
      </p>
      <h1 id="page-title">
        {t('receipt.title')} <span class="mono break">{id}</span>
      </h1>
      {state.error && <ErrorNote error={state.error} retry={state.reload} />}
      {state.loading && <Loading />}
      {state.data && <ReceiptBody receipt={state.data} />}
    </section>
  );
}

function Row({ label, children }: { label: MessageKey; children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <>
      <dt>{t(label)}</dt>
      <dd>{children}</dd>
    </>
  );
}

function ReceiptBody({ receipt: r }: { receipt: Receipt }) {
  const { t, fmt } = useI18n();
  const verdict = useAsync(() => verifyReceipt(r), [r.id]);
  const [copied, setCopied] = useState(false);
  const json = JSON.stringify(r, null, 2);
  const none = t('receipt.none');

  return (
    <>
      <section class="card" aria-labelledby="sig-title">
        <h2 id="sig-title">{t('receipt.signature')}</h2>
        {verdict.loading && <p role="status">{t('receipt.sigChecking')}</p>}
        {verdict.error && <ErrorNote error={verdict.error} retry={verdict.reload} />}
        {verdict.data && <VerdictView verdict={verdict.data} compact />}
      </section>

      <div class="grid-2">
        <section class="card" aria-labelledby="what-title">
          <h2 id="what-title">{t('receipt.title')}</h2>
          <dl class="fields">
            <Row label="receipt.field.created">{fmt.dateTime(r.created)}</Row>
            <Row label="receipt.field.request">
              <span class="mono">{r.request_id}</span>
            </Row>
            <Row label="receipt.field.modelRequested">{r.model_requested}</Row>
            <Row label="receipt.field.modelServed">{r.model_served ?? none}</Row>
            <Row label="receipt.field.provider">{r.provider ?? none}</Row>
            <Row label="receipt.field.mode">
              <Badge tone={r.serve_mode === 'fresh' ? 'neutral' : 'good'}>{modeLabel(t, r.serve_mode)}</Badge>
            </Row>
            {r.cache.source_receipt_id && (
              <Row label="receipt.cacheSource">
                <a class="mono" href={href(`/receipts/${r.cache.source_receipt_id}`)} data-testid="cache-source">
                  {r.cache.source_receipt_id}
                </a>
                {r.cache.age_s !== null && <span class="muted small block">{t('receipt.cacheAge')}: {fmt.int(r.cache.age_s)} s</span>}
              </Row>
            )}
            <Row label="receipt.field.usageSource">{r.usage_source}</Row>
            <Row label="receipt.field.billing">{r.billing_basis}</Row>
            <Row label="receipt.field.status">
              <Badge tone={r.status >= 400 ? 'bad' : 'good'}>{r.status}</Badge>
            </Row>
            {r.error_code && <Row label="receipt.field.error">{r.error_code}</Row>}
            <Row label="receipt.field.finish">{r.finish_reason ?? none}</Row>
            <Row label="receipt.field.stream">{r.stream ? t('receipt.yes') : t('receipt.no')}</Row>
            <Row label="receipt.field.latency">{fmt.ms(r.latency_ms)}</Row>
            <Row label="receipt.field.ttft">{fmt.ms(r.ttft_ms)}</Row>
            <Row label="receipt.field.key">
              <span class="mono">{r.key_id}</span>
            </Row>
            <Row label="receipt.field.project">
              <span class="mono">{r.project_id}</span>
            </Row>
            <Row label="receipt.field.team">
              <span class="mono">{r.team_id}</span>
            </Row>
            <Row label="receipt.field.environment">{r.environment}</Row>
            <Row label="receipt.field.workload">{r.workload ?? none}</Row>
            <Row label="receipt.field.tags">{r.tags.length ? r.tags.join(', ') : none}</Row>
          </dl>
        </section>
        <div class="stack">
          <section class="card" aria-labelledby="cost-title">
            <h2 id="cost-title">{t('receipt.cost')}</h2>
            <dl class="fields">
              <Row label="receipt.field.listCost">
                <Money value={r.list_cost_inr} />
              </Row>
              <Row label="receipt.field.discount">
                <Money value={r.discount_inr} />
              </Row>
              <Row label="receipt.field.charged">
                <strong>
                  <Money value={r.charged_inr} testId="receipt-charged" />
                </strong>
              </Row>
              <Row label="receipt.field.upstream">{fmt.usd(Number(r.upstream_cost_usd), 6)}</Row>
              {r.price?.usd_inr !== undefined && <Row label="receipt.field.rate">₹{r.price.usd_inr} / $</Row>}
            </dl>
          </section>
          <section class="card" aria-labelledby="usage-title">
            <h2 id="usage-title">{t('receipt.usage')}</h2>
            <dl class="fields">
              <Row label="receipt.field.prompt">{fmt.int(r.usage.prompt)}</Row>
              <Row label="receipt.field.completion">{fmt.int(r.usage.completion)}</Row>
              <Row label="receipt.field.cached">{fmt.int(r.usage.cached)}</Row>
              <Row label="receipt.field.reasoning">{fmt.int(r.usage.reasoning)}</Row>
              <Row label="receipt.field.totalTokens">{fmt.int(r.usage.total)}</Row>
            </dl>
          </section>
        </div>
      </div>

      <section class="card" aria-labelledby="attempts-title">
        <h2 id="attempts-title">{t('receipt.attempts')}</h2>
        {r.attempts.length === 0 && <p class="muted">{t('receipt.noAttempts')}</p>}
        <div class="table-wrap" hidden={r.attempts.length === 0}>
          <StackTable testId="attempts-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('col.provider')}</th>
                <th scope="col">{t('col.model')}</th>
                <th scope="col">{t('col.status')}</th>
                <th scope="col">{t('receipt.field.error')}</th>
                <th scope="col" class="num">{t('col.latency')}</th>
              </tr>
            </thead>
            <tbody>
              {r.attempts.map((a, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td>{a.provider}</td>
                  <td>{a.model}</td>
                  <td>
                    <Badge tone={a.status >= 400 || a.status === 0 ? 'bad' : 'good'}>{a.status}</Badge>
                  </td>
                  <td>{a.error_code ?? none}</td>
                  <td class="num">{fmt.ms(a.latency_ms)}</td>
                </tr>
              ))}
            </tbody>
          </StackTable>
        </div>
      </section>

      <section class="card" aria-labelledby="raw-title">
        <h2 id="raw-title">{t('receipt.raw')}</h2>
        <p class="muted small">
          {t('receipt.field.hash')}: <span class="mono break">{r.receipt_hash}</span>
        </p>
        <p>
          <button
            type="button"
            class="btn btn-small"
            onClick={() =>
              void navigator.clipboard?.writeText(json).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? t('receipt.copied') : t('receipt.copy')}
          </button>
        </p>
        <pre class="json" tabIndex={0} aria-label={t('receipt.raw')} data-testid="receipt-json">
          {json}
        </pre>
      </section>
    </>
  );
}

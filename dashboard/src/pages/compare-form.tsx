import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.js';
import type { CompareResult, Model } from '../api/types.js';
import { Money } from '../components/money.js';
import { Badge } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { StackTable } from '../components/stack-table.js';

/** POST /v1/compare for the ticked (or typed) models: cost fresh and as an exact-cache replay, fit, latency. */
export function CompareForm({ selected, setSelected, models }: { selected: string[]; setSelected: (ids: string[]) => void; models: Model[] }) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  const [prompt, setPrompt] = useState('');
  const [promptTokens, setPromptTokens] = useState('1000');
  const [outputTokens, setOutputTokens] = useState('500');
  const [requests, setRequests] = useState('1000');
  const [result, setResult] = useState<CompareResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function addTyped() {
    const ids = typed
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length) setSelected([...new Set([...selected, ...ids])]);
    setTyped('');
  }

  async function submit(event: Event) {
    event.preventDefault();
    const ids = [...new Set([...selected, ...typed.split(',').map((s) => s.trim()).filter(Boolean)])];
    if (ids.length < 2) {
      setError(t('compare.needTwo'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = {
        models: ids,
        ...(prompt.trim() ? { messages: [{ role: 'user', content: prompt }] } : { prompt_tokens: Number(promptTokens) || 0 }),
        expected_output_tokens: Number(outputTokens) || 0,
        requests: Math.max(1, Number(requests) || 1),
      };
      setResult(await api<CompareResult>('/v1/compare', { method: 'POST', body }));
    } catch (err) {
      setResult(null);
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="compare-title">
      <h2 id="compare-title">{t('compare.title')}</h2>
      <form class="stack" onSubmit={submit} data-testid="compare-form">
        <fieldset>
          <legend>{t('compare.models')}</legend>
          <p class="muted small">{t('compare.modelsHint')}</p>
          <ul class="chips" aria-live="polite">
            {selected.length === 0 && <li class="muted small">{t('compare.none')}</li>}
            {selected.map((id) => (
              <li key={id} class="chip">
                <span class="mono">{id}</span>
                <button type="button" class="chip-x" aria-label={t('compare.remove', { id })} onClick={() => setSelected(selected.filter((x) => x !== id))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
          <div class="field">
            <label for="cmp-typed">{t('compare.addModel')}</label>
            <input
              id="cmp-typed"
              list="cmp-model-ids"
              value={typed}
              onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  addTyped();
                }
              }}
              onBlur={addTyped}
            />
            <datalist id="cmp-model-ids">
              {models.map((m) => (
                <option key={m.id} value={m.id} />
              ))}
            </datalist>
          </div>
        </fieldset>
        <div class="field">
          <label for="cmp-prompt">{t('compare.prompt')}</label>
          <textarea id="cmp-prompt" rows={3} value={prompt} onInput={(e) => setPrompt((e.target as HTMLTextAreaElement).value)} />
        </div>
        <div class="filters">
          <div class="field">
            <label for="cmp-ptok">{t('compare.promptTokens')}</label>
            <input id="cmp-ptok" type="number" min={0} inputMode="numeric" value={promptTokens} disabled={prompt.trim() !== ''} onInput={(e) => setPromptTokens((e.target as HTMLInputElement).value)} />
          </div>
          <div class="field">
            <label for="cmp-otok">{t('compare.outputTokens')}</label>
            <input id="cmp-otok" type="number" min={0} inputMode="numeric" value={outputTokens} onInput={(e) => setOutputTokens((e.target as HTMLInputElement).value)} />
          </div>
          <div class="field">
            <label for="cmp-req">{t('compare.requests')}</label>
            <input id="cmp-req" type="number" min={1} inputMode="numeric" value={requests} onInput={(e) => setRequests((e.target as HTMLInputElement).value)} />
          </div>
        </div>
        <p>
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {t('compare.submit')}
          </button>
        </p>
      </form>
      {error && (
        <p class="note note-error" role="alert">
          {error}
        </p>
      )}
      {result && <CompareTable result={result} />}
    </section>
  );
}

function CompareTable({ result }: { result: CompareResult }) {
  const { t, fmt } = useI18n();
  const n = fmt.int(result.requests);
  return (
    <div aria-live="polite">
      <h3>{t('compare.results')}</h3>
      {result.cheapest_fit && <p class="note note-good">{t('compare.cheapest', { id: result.cheapest_fit })}</p>}
      <div class="table-wrap">
        <StackTable testId="compare-table">
          <thead>
            <tr>
              <th scope="col">{t('col.model')}</th>
              <th scope="col">{t('compare.fits')}</th>
              <th scope="col" class="num">{t('compare.promptTokensCol')}</th>
              <th scope="col" class="num">
                {t('compare.fresh')} ({t('compare.perRequest')})
              </th>
              <th scope="col" class="num">
                {t('compare.exact')} ({t('compare.perRequest')})
              </th>
              <th scope="col" class="num">
                {t('compare.fresh')} ({t('compare.totalFor', { n })})
              </th>
              <th scope="col" class="num">
                {t('compare.exact')} ({t('compare.totalFor', { n })})
              </th>
              <th scope="col" class="num">{t('compare.latency')}</th>
              <th scope="col">{t('compare.workloadFit')}</th>
            </tr>
          </thead>
          <tbody>
            {result.candidates.map((c) => (
              <tr key={c.id} data-candidate={c.id}>
                <th scope="row">
                  <span class="mono">{c.id}</span>
                  <span class="block small muted">
                    {c.provider} · {t(`models.source.${c.source_region}`)}
                  </span>
                </th>
                <td>
                  <Badge tone={c.fits.all ? 'good' : 'bad'}>{c.fits.all ? t('compare.fitsYes') : t('compare.fitsNo')}</Badge>
                  {c.reasons.length > 0 ? (
                    <span class="block small muted">{c.reasons.join('; ')}</span>
                  ) : (
                    !c.fits.provider_configured && <span class="block small muted">{t('compare.notConfigured')}</span>
                  )}
                </td>
                <td class="num">
                  {fmt.int(c.tokens.prompt_tokens)}
                  {c.tokens.estimated && <span class="block small muted">{t('compare.estimate')}</span>}
                </td>
                <td class="num">{c.cost ? <MoneyUsd inr={c.cost.fresh.per_request.inr} usd={c.cost.fresh.per_request.usd} /> : '—'}</td>
                <td class="num">{c.cost ? <MoneyUsd inr={c.cost.exact_cache.per_request.inr} usd={c.cost.exact_cache.per_request.usd} /> : '—'}</td>
                <td class="num">{c.cost ? <MoneyUsd inr={c.cost.fresh.total.inr} usd={c.cost.fresh.total.usd} /> : '—'}</td>
                <td class="num">{c.cost ? <MoneyUsd inr={c.cost.exact_cache.total.inr} usd={c.cost.exact_cache.total.usd} /> : '—'}</td>
                <td class="num nowrap">
                  {fmt.ms(c.latency.ttft_ms_p50)} / {fmt.ms(c.latency.total_ms_p50)}
                  {c.latency.origin && <span class="block small muted">{c.latency.origin === 'measured' ? t('compare.measured') : t('compare.catalog')}</span>}
                </td>
                <td>
                  {c.workload.fits === null ? c.workload.model_workloads.join(', ') : <Badge tone={c.workload.fits ? 'good' : 'warn'}>{c.workload.requested}</Badge>}
                </td>
              </tr>
            ))}
          </tbody>
        </StackTable>
      </div>
    </div>
  );
}

function MoneyUsd({ inr, usd }: { inr: string; usd: string }) {
  const { fmt } = useI18n();
  return (
    <>
      <Money value={inr} />
      <span class="block small muted">{fmt.usd(Number(usd), 6)}</span>
    </>
  );
}

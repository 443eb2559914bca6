import { useMemo, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import type { Capabilities, Model } from '../api/types.js';
import { Badge, ErrorNote, Loading } from '../components/status.js';
import { useAsync } from '../components/use-async.js';
import { useI18n } from '../i18n/i18n.js';
import { CompareForm } from './compare-form.js';
import { StackTable } from '../components/stack-table.js';

export const CAPS: Array<keyof Capabilities> = ['tools', 'json_object', 'json_schema', 'vision', 'streaming', 'reasoning'];
const WORKLOADS = ['coding', 'chinese', 'low-cost', 'vision', 'long-context', 'agent', 'general'];

/** The catalog (SPEC §9) with ₹ and $ prices, and the compare form (SPEC §10) fed by its checkboxes. */
export function ModelsPage() {
  const { t } = useI18n();
  const state = useAsync(() => api<{ data: Model[] }>('/v1/models'), []);
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('models.title')}</h1>
      {state.error && <ErrorNote error={state.error} retry={state.reload} />}
      {state.loading && <Loading />}
      <CompareForm selected={selected} setSelected={setSelected} models={state.data?.data ?? []} />
      {state.data && <Catalog models={state.data.data} selected={selected} toggle={toggle} />}
    </section>
  );
}

function Catalog({ models, selected, toggle }: { models: Model[]; selected: string[]; toggle: (id: string) => void }) {
  const { t, fmt } = useI18n();
  const [q, setQ] = useState('');
  const [source, setSource] = useState('');
  const [cap, setCap] = useState('');
  const [workload, setWorkload] = useState('');
  const shown = useMemo(
    () =>
      models.filter(
        (m) =>
          (!q || `${m.id} ${m.provider}`.toLowerCase().includes(q.toLowerCase())) &&
          (!source || m.source_region === source) &&
          (!cap || m.capabilities[cap as keyof Capabilities]) &&
          (!workload || m.workloads.includes(workload)),
      ),
    [models, q, source, cap, workload],
  );
  const rate = models[0]?.pricing.usd_inr;
  const price3 = (a: number | null, b: number | null, c: number | null, f: (n: number | null) => string) => `${f(a)} · ${f(b)} · ${f(c)}`;
  const inr = (n: number | null) => (n === null ? '—' : fmt.inr(n));
  const usd = (n: number | null) => (n === null ? '—' : fmt.usd(n, 3));

  return (
    <section class="card" aria-labelledby="catalog-title">
      <h2 id="catalog-title">
        {t('models.count', { n: fmt.int(shown.length) })}
      </h2>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field field-wide">
          <label for="m-q">{t('models.search')}</label>
          <input id="m-q" type="search" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="m-source">{t('models.source')}</label>
          <select id="m-source" value={source} onChange={(e) => setSource((e.target as HTMLSelectElement).value)}>
            <option value="">{t('models.source.any')}</option>
            <option value="global">{t('models.source.global')}</option>
            <option value="china">{t('models.source.china')}</option>
          </select>
        </div>
        <div class="field">
          <label for="m-cap">{t('models.capability')}</label>
          <select id="m-cap" value={cap} onChange={(e) => setCap((e.target as HTMLSelectElement).value)}>
            <option value="">{t('models.source.any')}</option>
            {CAPS.map((c) => (
              <option key={c} value={c}>
                {t(`cap.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="m-workload">{t('models.workload')}</label>
          <select id="m-workload" value={workload} onChange={(e) => setWorkload((e.target as HTMLSelectElement).value)}>
            <option value="">{t('models.source.any')}</option>
            {WORKLOADS.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </div>
      </form>
      {rate !== undefined && <p class="muted small">{t('models.rate', { rate: String(rate) })}</p>}
      <div class="table-wrap">
        <StackTable testId="models-table">
          <thead>
            <tr>
              <th scope="col">
                <span class="sr-only">{t('compare.models')}</span>
              </th>
              <th scope="col">{t('col.model')}</th>
              <th scope="col">{t('col.source')}</th>
              <th scope="col" class="num">{t('col.priceInr')}</th>
              <th scope="col" class="num">{t('col.priceUsd')}</th>
              <th scope="col" class="num">{t('col.context')}</th>
              <th scope="col">{t('col.capabilities')}</th>
              <th scope="col" class="num">
                {t('col.latency')} ({t('col.ttft')} / {t('col.total')})
              </th>
              <th scope="col">{t('col.workloads')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((m) => (
              <tr key={m.id} data-model={m.id}>
                <td>
                  <input type="checkbox" id={`pick-${m.id}`} checked={selected.includes(m.id)} onChange={() => toggle(m.id)} aria-label={t('models.select', { id: m.id })} />
                </td>
                <th scope="row">
                  <span class="mono">{m.id}</span>
                  <span class="block small muted">
                    {m.provider}
                    {m.provider === 'sandbox' && (
                      <>
                        {' '}
                        <Badge tone="warn">{t('models.testModel')}</Badge>
                      </>
                    )}
                    {m.status !== 'active' && (
                      <>
                        {' '}
                        <Badge tone="bad">{t(`models.status.${m.status}`)}</Badge>
                      </>
                    )}
                  </span>
                </th>
                <td>{t(`models.source.${m.source_region}`)}</td>
                <td class="num nowrap">{price3(m.pricing.input_inr_per_mtok, m.pricing.output_inr_per_mtok, m.pricing.cached_input_inr_per_mtok, inr)}</td>
                <td class="num nowrap">{price3(m.pricing.input_usd_per_mtok, m.pricing.output_usd_per_mtok, m.pricing.cached_input_usd_per_mtok, usd)}</td>
                <td class="num">{m.context_window === null ? t('models.unknown') : fmt.int(m.context_window)}</td>
                <td>
                  <span class="chips">
                    {CAPS.filter((c) => m.capabilities[c]).map((c) => (
                      <Badge key={c} tone="info">
                        {t(`cap.${c}`)}
                      </Badge>
                    ))}
                  </span>
                </td>
                <td class="num nowrap">
                  {fmt.ms(m.latency_estimate.ttft_ms_p50)} / {fmt.ms(m.latency_estimate.total_ms_p50)}
                </td>
                <td>{m.workloads.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </StackTable>
      </div>
    </section>
  );
}

import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.js';
import type { ApiKey, CreatedKey, Project } from '../api/types.js';
import { Badge, ErrorNote, Loading } from '../components/status.js';
import { useAsync } from '../components/use-async.js';
import { useI18n } from '../i18n/i18n.js';
import { StackTable } from '../components/stack-table.js';

/** Admin: create project keys (the key is shown once, here) and revoke them. */
export function KeysPage() {
  const { t, fmt } = useI18n();
  const projects = useAsync(() => api<{ data: Project[] }>('/v1/admin/projects'), []);
  const [filter, setFilter] = useState('');
  const [showRevoked, setShowRevoked] = useState(false);
  const keys = useAsync(() => api<{ data: ApiKey[] }>('/v1/admin/keys', { query: { project_id: filter } }), [filter]);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const projectName = (id: string | null) => projects.data?.data.find((p) => p.id === id)?.name ?? id ?? '—';

  async function revoke(key: ApiKey) {
    if (!window.confirm(t('keys.confirmRevoke', { name: key.name }))) return;
    setError(null);
    try {
      await api(`/v1/admin/keys/${encodeURIComponent(key.id)}`, { method: 'DELETE' });
      keys.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  const list = (keys.data?.data ?? []).filter((k) => showRevoked || !k.revoked);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('keys.title')}</h1>
      {created && (
        <div class="note note-good created-key" role="alert" data-testid="created-key">
          <p>
            <strong>{t('keys.created')}</strong>
          </p>
          <p>
            <code class="mono break" data-testid="new-key">
              {created.key}
            </code>
          </p>
          <p class="actions">
            <button type="button" class="btn btn-small" onClick={() => void navigator.clipboard?.writeText(created.key).then(() => setCopied(true), () => setCopied(false))}>
              {copied ? t('keys.copied') : t('keys.copy')}
            </button>
            <button type="button" class="btn btn-small btn-ghost" onClick={() => setCreated(null)}>
              {t('keys.dismiss')}
            </button>
          </p>
        </div>
      )}
      <CreateKeyForm
        projects={projects.data?.data ?? []}
        onCreated={(k) => {
          setCreated(k);
          setCopied(false);
          keys.reload();
        }}
      />
      <section class="card" aria-labelledby="keys-list-title">
        <h2 id="keys-list-title">{t('keys.title')}</h2>
        <div class="filters">
          <div class="field">
            <label for="keys-project">{t('keys.filterProject')}</label>
            <select id="keys-project" value={filter} onChange={(e) => setFilter((e.target as HTMLSelectElement).value)}>
              <option value="">{t('usage.all')}</option>
              {(projects.data?.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <label class="check">
            <input type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked((e.target as HTMLInputElement).checked)} /> {t('keys.showRevoked')}
          </label>
        </div>
        {error && (
          <p class="note note-error" role="alert">
            {error}
          </p>
        )}
        {keys.error && <ErrorNote error={keys.error} retry={keys.reload} />}
        {keys.loading && !keys.data && <Loading />}
        <div class="table-wrap">
          <StackTable testId="keys-table">
            <thead>
              <tr>
                <th scope="col">{t('col.name')}</th>
                <th scope="col">{t('col.display')}</th>
                <th scope="col">{t('col.project')}</th>
                <th scope="col" class="hide-sm">{t('col.environment')}</th>
                <th scope="col" class="hide-sm">{t('col.workload')}</th>
                <th scope="col" class="hide-sm">{t('col.created')}</th>
                <th scope="col">{t('col.status')}</th>
                <th scope="col">{t('col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((k) => (
                <tr key={k.id} data-key={k.id}>
                  <th scope="row">{k.name}</th>
                  <td class="mono nowrap">{k.display}</td>
                  <td>{k.kind === 'admin' ? <Badge tone="info">{t('keys.admin')}</Badge> : projectName(k.project_id)}</td>
                  <td class="hide-sm">{k.environment}</td>
                  <td class="hide-sm">{k.workload ?? '—'}</td>
                  <td class="hide-sm nowrap">{fmt.dateTime(k.created)}</td>
                  <td>{k.revoked ? <Badge tone="bad">{t('keys.revoked')}</Badge> : <Badge tone="good">{t('keys.active')}</Badge>}</td>
                  <td>
                    {!k.revoked && k.kind === 'project' && (
                      <button type="button" class="btn btn-small btn-danger" aria-label={t('keys.revokeLabel', { name: k.name })} onClick={() => void revoke(k)}>
                        {t('keys.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </StackTable>
        </div>
      </section>
    </section>
  );
}

function CreateKeyForm({ projects, onCreated }: { projects: Project[]; onCreated: (k: CreatedKey) => void }) {
  const { t } = useI18n();
  const [projectId, setProjectId] = useState('');
  const [name, setName] = useState('');
  const [environment, setEnvironment] = useState('prod');
  const [workload, setWorkload] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const project = projectId || projects[0]?.id || '';

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { project_id: project, ...(name.trim() ? { name: name.trim() } : {}), environment: environment.trim() || 'prod', ...(workload.trim() ? { workload: workload.trim() } : {}) };
      onCreated(await api<CreatedKey>('/v1/admin/keys', { method: 'POST', body }));
      setName('');
      setWorkload('');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card" onSubmit={submit} aria-labelledby="create-key-title" data-testid="create-key-form">
      <h2 id="create-key-title">{t('keys.create')}</h2>
      <div class="filters">
        <div class="field">
          <label for="key-project">{t('keys.project')}</label>
          <select id="key-project" value={project} onChange={(e) => setProjectId((e.target as HTMLSelectElement).value)} required>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="key-name">{t('keys.name')}</label>
          <input id="key-name" value={name} maxLength={200} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="key-env">{t('keys.environment')}</label>
          <input id="key-env" list="key-envs" value={environment} pattern="[\w.:\-]{1,64}" onInput={(e) => setEnvironment((e.target as HTMLInputElement).value)} />
          <datalist id="key-envs">
            <option value="prod" />
            <option value="staging" />
            <option value="dev" />
          </datalist>
        </div>
        <div class="field">
          <label for="key-workload">{t('keys.workload')}</label>
          <input id="key-workload" value={workload} pattern="[\w.:\-]{1,64}" onInput={(e) => setWorkload((e.target as HTMLInputElement).value)} />
        </div>
      </div>
      {error && (
        <p class="note note-error" role="alert">
          {error}
        </p>
      )}
      <p>
        <button type="submit" class="btn btn-primary" disabled={busy || !project}>
          {t('keys.submit')}
        </button>
      </p>
    </form>
  );
}

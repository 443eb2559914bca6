import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDashboard } from '../../src/http/routes/dashboard.js';
import { adminCall, startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { storeText } from '../support/test-store.js';

/** Sign-in sessions and the cookie → Authorization hook, in process (no browser). */

let tg: TestGateway;
beforeAll(async () => {
  tg = await startTestGateway();
});
afterAll(async () => tg?.close());

const inject = (opts: InjectOptions) => tg.gateway.app.inject(opts);

async function signIn(key: string) {
  const res = await inject({ method: 'POST', url: '/dashboard/api/session', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ key }) });
  const setCookie = String(res.headers['set-cookie'] ?? '');
  const token = /nextmodel_session=([^;]+)/.exec(setCookie)?.[1] ?? '';
  return { res, setCookie, cookie: `nextmodel_session=${token}`, token, body: res.json() as { csrf_token: string; key: { id: string; kind: string; project: { id: string } | null } } };
}

describe('dashboard sessions', () => {
  it('signs in with a key: HttpOnly SameSite=Strict cookie, CSRF token, only hashes and sealed keys stored', async () => {
    const { res, setCookie, token, body } = await signIn(tg.adminKey);
    expect(res.statusCode).toBe(200);
    expect(setCookie).toMatch(/^nextmodel_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    expect(setCookie).not.toContain('Secure'); // plain http here
    expect(body.key.kind).toBe('admin');
    expect(body.csrf_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(body)).not.toContain(tg.adminKey);
    const row = await tg.gateway.services.db.selectFrom('dashboard_sessions').selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash).not.toBe(token);
    expect(row.key_sealed).toMatch(/^v1:/);
    const file = await storeText(tg.dataDir);
    expect(file).not.toContain(token);
  });

  it('rejects a bad key, a non-JSON body and a form post', async () => {
    expect((await signIn('nm_not_a_real_key')).res.statusCode).toBe(401);
    const form = await inject({ method: 'POST', url: '/dashboard/api/session', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `key=${tg.adminKey}` });
    expect(form.statusCode).toBe(400);
    const noKey = await inject({ method: 'POST', url: '/dashboard/api/session', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.param).toBe('key');
  });

  it('a session cookie authenticates /v1 reads; mutations need the CSRF header', async () => {
    const { cookie, body } = await signIn(tg.adminKey);
    const keys = await inject({ method: 'GET', url: '/v1/admin/keys', headers: { cookie } });
    expect(keys.statusCode).toBe(200);
    expect(keys.json().data.length).toBeGreaterThan(0);

    const payload = JSON.stringify({ project_id: tg.projectId, name: 'from the dashboard' });
    const noCsrf = await inject({ method: 'POST', url: '/v1/admin/keys', headers: { cookie, 'content-type': 'application/json' }, payload });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf_token_mismatch');
    const wrongCsrf = await inject({ method: 'POST', url: '/v1/admin/keys', headers: { cookie, 'content-type': 'application/json', 'x-nextmodel-csrf': 'A'.repeat(43) }, payload });
    expect(wrongCsrf.statusCode).toBe(403);
    const ok = await inject({ method: 'POST', url: '/v1/admin/keys', headers: { cookie, 'content-type': 'application/json', 'x-nextmodel-csrf': body.csrf_token }, payload });
    expect(ok.statusCode).toBe(201);
    // Nobody was changed by the refused attempts: exactly one key by that name.
    const listed = (await adminCall(tg, 'GET', `/v1/admin/keys?project_id=${tg.projectId}`)).json.data as Array<{ name: string }>;
    expect(listed.filter((k) => k.name === 'from the dashboard')).toHaveLength(1);
  });

  it('an explicit Authorization header wins over the cookie, and is never replaced', async () => {
    const { cookie } = await signIn(tg.adminKey);
    const res = await inject({ method: 'GET', url: '/v1/admin/keys', headers: { cookie, authorization: `Bearer ${tg.projectKey}` } });
    expect(res.statusCode).toBe(403); // the project key, not the session's admin key
    const bad = await inject({ method: 'GET', url: '/v1/key', headers: { cookie: 'nextmodel_session=' + 'x'.repeat(43) } });
    expect(bad.statusCode).toBe(401);
  });

  it('a project key session sees its own project only and cannot use the admin API', async () => {
    const { cookie, body } = await signIn(tg.projectKey);
    expect(body.key).toMatchObject({ kind: 'project', project: { id: tg.projectId } });
    expect((await inject({ method: 'GET', url: '/v1/key', headers: { cookie } })).json().project.id).toBe(tg.projectId);
    expect((await inject({ method: 'GET', url: '/v1/admin/teams', headers: { cookie } })).statusCode).toBe(403);
  });

  it('revoking the key ends its sessions at once; sign-out deletes the session', async () => {
    const created = await adminCall(tg, 'POST', '/v1/admin/keys', { project_id: tg.projectId, name: 'to revoke' });
    const { cookie, body } = await signIn(created.json.key);
    expect((await inject({ method: 'GET', url: '/v1/key', headers: { cookie } })).statusCode).toBe(200);
    await adminCall(tg, 'DELETE', `/v1/admin/keys/${created.json.id}`);
    expect((await inject({ method: 'GET', url: '/v1/key', headers: { cookie } })).statusCode).toBe(401);
    const session = await inject({ method: 'GET', url: '/dashboard/api/session', headers: { cookie } });
    expect(session.json()).toEqual({ object: 'dashboard_session', signed_in: false });
    expect(String(session.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await inject({ method: 'GET', url: '/dashboard/api/session' })).json()).toEqual({ object: 'dashboard_session', signed_in: false });
    void body;

    const admin = await signIn(tg.adminKey);
    expect((await inject({ method: 'GET', url: '/dashboard/api/session', headers: { cookie: admin.cookie } })).json().csrf_token).toBe(admin.body.csrf_token);
    const noCsrf = await inject({ method: 'DELETE', url: '/dashboard/api/session', headers: { cookie: admin.cookie } });
    expect(noCsrf.statusCode).toBe(403);
    const out = await inject({ method: 'DELETE', url: '/dashboard/api/session', headers: { cookie: admin.cookie, 'x-nextmodel-csrf': admin.body.csrf_token } });
    expect(out.statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: '/v1/admin/keys', headers: { cookie: admin.cookie } })).statusCode).toBe(401);
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const app = Fastify();
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, b, done) => done(null, b));
    registerDashboard(app, tg.gateway.services);
    app.addHook('onRequest', async (request) => {
      Object.defineProperty(request, 'protocol', { value: 'https' });
    });
    // inject() has no TLS socket: report https the way Fastify would for one.
    const res = await app.inject({ method: 'POST', url: '/dashboard/api/session', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ key: tg.adminKey }) });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure$/);
    await app.close();
  });
});

describe('dashboard static files', () => {
  let root: string;
  let app: ReturnType<typeof Fastify>;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'nextmodel-dash-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>NextModel</title>');
    writeFileSync(join(root, 'assets', 'app-abc123.js'), 'console.log(1)');
    writeFileSync(join(root, 'favicon.svg'), '<svg/>');
    app = Fastify();
    registerDashboard(app, tg.gateway.services, { root });
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves hashed assets for a year, index.html revalidated, client routes fall back to index.html', async () => {
    const asset = await app.inject('/dashboard/assets/app-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const url of ['/dashboard', '/dashboard/', '/dashboard/receipts/rcpt_123', '/dashboard/usage?group_by=model']) {
      const page = await app.inject(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body).toContain('<title>NextModel</title>');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
    const again = await app.inject({ url: '/dashboard/', headers: { 'if-none-match': String((await app.inject('/dashboard/')).headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('404s missing files and API paths, and never leaves the root', async () => {
    expect((await app.inject('/dashboard/assets/missing.js')).statusCode).toBe(404);
    expect((await app.inject('/dashboard/nope.png')).statusCode).toBe(404);
    expect((await app.inject('/dashboard/api/unknown')).statusCode).toBe(404);
    for (const url of ['/dashboard/..%2f..%2fpackage.json', '/dashboard/%2e%2e/%2e%2e/package.json', '/dashboard/.env', '/dashboard/assets/..%5c..%5cpackage.json']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('"name"');
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../db/open-database.js';
import { TenancyCache } from './tenancy-cache.js';

let store: OpenedDatabase;
let cache: TenancyCache;
beforeEach(async () => {
  store = await openDatabase('sqlite::memory:');
  await migrateToLatest(store.db);
  cache = new TenancyCache(store.sqlite!);
});
afterEach(() => store.close());

const version = () => Number((store.sqlite!.prepare('select version from tenancy_version where id = 1').get() as { version: number }).version);

/** The cache reads the version once per event-loop turn: let this one end. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A loader that counts its calls. */
function loader<T>(value: T | undefined) {
  const calls = { n: 0 };
  return { calls, load: async () => (calls.n++, value) };
}

describe('tenancy_version triggers (migration 0011)', () => {
  it('every insert, update and delete on teams, projects, api_keys and provider_credentials bumps the version', () => {
    const s = store.sqlite!;
    const statements = [
      "insert into teams (id, name, created_ms) values ('team_t', 't', 1)",
      "update teams set name = 'u' where id = 'team_t'",
      "insert into projects (id, team_id, name, created_ms) values ('proj_p', 'team_t', 'p', 1)",
      "update projects set budget_json = '{}' where id = 'proj_p'",
      "insert into api_keys (id, kind, project_id, name, key_hash, prefix, environment, created_ms) values ('key_k', 'project', 'proj_p', 'k', 'h', 'nm_x', 'dev', 1)",
      "update api_keys set revoked_ms = 2 where id = 'key_k'",
      "insert into provider_credentials (project_id, provider, api_key_enc, last4, created_ms, updated_ms) values ('proj_p', 'openai', 'sealed', '1234', 1, 1)",
      "update provider_credentials set base_url = 'http://x' where project_id = 'proj_p'",
      "delete from provider_credentials where project_id = 'proj_p'",
      "delete from api_keys where id = 'key_k'",
      "delete from projects where id = 'proj_p'",
      "delete from teams where id = 'team_t'",
    ];
    for (const text of statements) {
      const before = version();
      s.prepare(text).run();
      expect(version(), text).toBe(before + 1);
    }
    // Other tables leave it alone.
    const before = version();
    s.prepare("insert into settings (key, value) values ('x', 'y')").run();
    expect(version()).toBe(before);
  });
});

describe('TenancyCache', () => {
  it('reads a found row once while the version holds, and again after any tenancy change', async () => {
    const { calls, load } = loader({ id: 'key_a' });
    expect(await cache.get('key:a', load)).toEqual({ id: 'key_a' });
    expect(await cache.get('key:a', load)).toEqual({ id: 'key_a' });
    expect(calls.n).toBe(1);
    await nextTurn();
    expect(await cache.get('key:a', load)).toEqual({ id: 'key_a' });
    expect(calls.n).toBe(1);
    store.sqlite!.prepare("insert into teams (id, name, created_ms) values ('team_z', 'z', 1)").run();
    await nextTurn();
    await cache.get('key:a', load);
    expect(calls.n).toBe(2);
  });

  it('never keeps a miss: an unknown key is read every time and fills no memory', async () => {
    const { calls, load } = loader<{ id: string }>(undefined);
    for (let i = 0; i < 3; i++) expect(await cache.get('key:unknown', load)).toBeUndefined();
    expect(calls.n).toBe(3);
    expect(cache.size).toBe(0);
  });

  it('does not keep a row read while the version moved (a revocation that landed mid-read, a turn later)', async () => {
    let n = 0;
    const load = async () => {
      n++;
      const read = { id: 'key_b' };
      // The read waits a turn (queued behind a transaction), and a change commits meanwhile.
      await nextTurn();
      store.sqlite!.prepare("insert into teams (id, name, created_ms) values (?, 'm', 1)").run(`team_${n}`);
      return read;
    };
    await cache.get('key:b', load);
    expect(cache.size).toBe(0);
    await nextTurn();
    await cache.get('key:b', load);
    expect(n).toBe(2);
  });

  it('a change in the same turn is seen from the next turn on', async () => {
    const { calls, load } = loader({ id: 'key_c' });
    await cache.get('key:c', load);
    store.sqlite!.prepare("update tenancy_version set version = version + 1").run();
    await cache.get('key:c', load);
    expect(calls.n).toBe(1);
    await nextTurn();
    await cache.get('key:c', load);
    expect(calls.n).toBe(2);
  });

  it('stays bounded: past maxEntries it starts over', async () => {
    const small = new TenancyCache(store.sqlite!, 3);
    for (let i = 0; i < 7; i++) await small.get(`key:${i}`, async () => ({ i }));
    expect(small.size).toBeLessThanOrEqual(3);
  });
});

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import {
  PROVIDER_IDS as PROVIDER_ID_LIST,
  catalogFileSchema,
  catalogModelSchema,
  type CatalogFile,
  type CatalogModel,
  type ProviderId,
} from './catalog-schema.js';

export type { CatalogModel, CatalogFile, ProviderId, Protocol, Capabilities } from './catalog-schema.js';
export type { Pricing, Workload, ModelStatus, SourceRegion } from './catalog-schema.js';

export const PROVIDER_IDS: readonly ProviderId[] = PROVIDER_ID_LIST;

const providerIds: ReadonlySet<string> = new Set(PROVIDER_IDS);

/**
 * The lookup key for a model name: case-insensitive, and dots equal dashes, so
 * "GPT-4.1", "gpt-4-1" and "gpt-4.1" are one name ("claude-sonnet-4.5" = "claude-sonnet-4-5").
 * ASCII only: Unicode case mapping and trimming would let lookalikes resolve to a real model
 * (KELVIN SIGN lowercases to "k", a leading U+FEFF or NBSP trims away).
 */
export function normalizeModelName(name: string): string {
  return name
    .replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '')
    .replace(/[A-Z]/g, (c) => c.toLowerCase())
    .replace(/\./g, '-');
}

type Issue = z.core.$ZodIssue;

function describeIssues(issues: readonly Issue[], root: unknown, what: string): string {
  const lines = issues.slice(0, 5).map((issue) => {
    let where = '';
    for (const [i, seg] of issue.path.entries()) {
      if (typeof seg === 'number') where += `[${seg}]`;
      else where += `${i === 0 ? '' : '.'}${String(seg)}`;
      if (i === 1 && issue.path[0] === 'models' && typeof seg === 'number') {
        const id = modelIdAt(root, seg);
        if (id !== undefined) where += ` (id "${id}")`;
      }
    }
    return `${where || '(root)'}: ${issue.message}`;
  });
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  return `${what}: ${lines.join('; ')}${more}`;
}

function modelIdAt(root: unknown, index: number): string | undefined {
  if (!isPlainObject(root) || !Array.isArray(root['models'])) return undefined;
  const entry: unknown = root['models'][index];
  return isPlainObject(entry) && typeof entry['id'] === 'string' ? entry['id'] : undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays, scalars and null replace. `undefined` leaves a field alone. */
function deepMerge(base: unknown, patch: unknown, path: string): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
      throw new Error(`${path}.${key}: not an allowed field name`);
    }
    if (value !== undefined) out[key] = deepMerge(base[key], value, `${path}.${key}`);
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`catalog: no package.json above ${start}`);
    dir = parent;
  }
}

/** Cross-model rules a per-model schema cannot see: unique names, replacement targets. */
function checkConsistency(models: readonly CatalogModel[]): void {
  const owner = new Map<string, string>();
  const byId = new Map<string, CatalogModel>();
  for (const [i, m] of models.entries()) {
    const at = `models[${i}] (id "${m.id}")`;
    const idKey = normalizeModelName(m.id);
    const taken = owner.get(idKey);
    if (taken !== undefined) throw new Error(`Invalid catalog: ${at}.id: duplicates the id or alias of "${taken}"`);
    owner.set(idKey, m.id);
    byId.set(m.id, m);
  }
  for (const [i, m] of models.entries()) {
    const at = `models[${i}] (id "${m.id}")`;
    for (const [j, alias] of m.aliases.entries()) {
      const key = normalizeModelName(alias);
      const taken = owner.get(key);
      if (taken === m.id) {
        throw new Error(`Invalid catalog: ${at}.aliases[${j}]: "${alias}" already resolves to this model (same name up to case and dots/dashes)`);
      }
      if (taken !== undefined) {
        throw new Error(`Invalid catalog: ${at}.aliases[${j}]: "${alias}" collides with the id or alias of "${taken}"`);
      }
      owner.set(key, m.id);
    }
  }
  for (const [i, m] of models.entries()) {
    const at = `models[${i}] (id "${m.id}")`;
    if (m.replacement === null) {
      if (m.status === 'retired') throw new Error(`Invalid catalog: ${at}.replacement: a retired model must name its replacement`);
      continue;
    }
    const target = byId.get(m.replacement);
    if (target === undefined) throw new Error(`Invalid catalog: ${at}.replacement: "${m.replacement}" is not a catalog id`);
    if (target.id === m.id) throw new Error(`Invalid catalog: ${at}.replacement: a model cannot replace itself`);
    if (target.status === 'retired') {
      throw new Error(`Invalid catalog: ${at}.replacement: "${m.replacement}" is retired; point at a model that still serves`);
    }
  }
}

export class Catalog {
  readonly version: string;
  readonly asOf: string;
  private readonly models: readonly CatalogModel[];
  private readonly byId = new Map<string, CatalogModel>();
  /** normalized id or alias → model */
  private readonly byName = new Map<string, CatalogModel>();
  /** normalized upstream model name → models that use it */
  private readonly byUpstream = new Map<string, CatalogModel[]>();

  /** Validates `file` (it may come straight from JSON) and builds the lookup maps; throws naming the bad field. */
  constructor(file: CatalogFile) {
    const parsed = catalogFileSchema.safeParse(file);
    if (!parsed.success) throw new Error(describeIssues(parsed.error.issues, file, 'Invalid catalog'));
    checkConsistency(parsed.data.models);
    const data = deepFreeze(parsed.data);
    this.version = data.version;
    this.asOf = data.as_of;
    this.models = data.models;
    for (const m of this.models) {
      this.byId.set(m.id, m);
      this.byName.set(normalizeModelName(m.id), m);
      for (const alias of m.aliases) this.byName.set(normalizeModelName(alias), m);
      const up = normalizeModelName(m.upstream_model);
      this.byUpstream.set(up, [...(this.byUpstream.get(up) ?? []), m]);
    }
  }

  /** The built-in catalog, data/catalog.json at the package root (works from src/ and from the tsc output). */
  static loadDefault(): Catalog {
    const root = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
    const path = join(root, 'data', 'catalog.json');
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(`catalog: cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return new Catalog(raw as CatalogFile);
  }

  /**
   * Applies config `models:` entries. An entry whose id names an existing model (same spelling up to
   * case and dots/dashes) is deep-merged into it; any other entry is a new model with all required fields.
   * The result has its own version (base version + hash of the overrides) so receipts tell price sets apart.
   */
  withOverrides(overrides: readonly unknown[]): Catalog {
    if (overrides.length === 0) return this;
    const merged: unknown[] = [...this.models];
    const indexByKey = new Map(this.models.map((m, i) => [normalizeModelName(m.id), i]));
    for (const [i, entry] of overrides.entries()) {
      const at = `config models[${i}]`;
      if (!isPlainObject(entry)) throw new Error(`${at}: expected an object with at least an "id"`);
      const id = entry['id'];
      if (typeof id !== 'string' || id.trim() === '') throw new Error(`${at}.id: required, a non-empty string`);
      const existing = indexByKey.get(normalizeModelName(id));
      const candidate =
        existing === undefined
          ? entry
          : deepMerge(merged[existing], { ...entry, id: this.models[existing]?.id ?? id }, at);
      const parsed = catalogModelSchema.safeParse(candidate);
      if (!parsed.success) {
        const kind = existing === undefined ? 'new model' : 'override';
        throw new Error(describeIssues(parsed.error.issues, candidate, `${at} (${kind} "${id}")`));
      }
      if (existing === undefined) {
        indexByKey.set(normalizeModelName(id), merged.length);
        merged.push(parsed.data);
      } else {
        merged[existing] = parsed.data;
      }
    }
    const hash = createHash('sha256').update(JSON.stringify(overrides)).digest('hex').slice(0, 8);
    const file = { version: `${this.version}+overrides.${hash}`, as_of: this.asOf, models: merged };
    try {
      return new Catalog(file as CatalogFile);
    } catch (err) {
      throw new Error(`config models: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Every model, retired ones included, in file order. */
  list(): readonly CatalogModel[] {
    return this.models;
  }

  /** Exact id only. */
  get(id: string): CatalogModel | undefined {
    return this.byId.get(id);
  }

  /**
   * A catalog id or alias in any case with dots or dashes, an upstream model name, or
   * `<provider>/<id|alias|upstream>` ("anthropic/claude-sonnet-4.5", "openrouter/anthropic/claude-haiku-4.5").
   * A known provider prefix restricts the search to that provider: "<provider>/<unknown>" is undefined.
   */
  resolve(name: string): CatalogModel | undefined {
    const trimmed = normalizeModelName(name);
    if (trimmed === '') return undefined;
    const slash = trimmed.indexOf('/');
    if (slash > 0) {
      const provider = trimmed.slice(0, slash);
      if (providerIds.has(provider)) return this.resolveInProvider(provider, trimmed.slice(slash + 1));
    }
    const key = normalizeModelName(trimmed);
    const named = this.byName.get(key);
    if (named !== undefined) return named;
    const upstream = this.byUpstream.get(key);
    return upstream?.length === 1 ? upstream[0] : undefined;
  }

  private resolveInProvider(provider: string, rest: string): CatalogModel | undefined {
    const key = normalizeModelName(rest);
    if (key === '') return undefined;
    const named = this.byName.get(key);
    if (named !== undefined && named.provider === provider) return named;
    const own = this.models.filter((m) => m.provider === provider);
    // Upstream names, whole or without their vendor prefix ("anthropic/claude-haiku-4.5" on OpenRouter).
    return (
      own.find((m) => normalizeModelName(m.upstream_model) === key) ??
      own.find((m) => normalizeModelName(m.upstream_model.slice(m.upstream_model.lastIndexOf('/') + 1)) === key)
    );
  }
}

import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { configSchema, type Config } from './config-schema.js';

/** Provider id → the prefix of its usual environment variables (SPEC §3). */
export const PROVIDER_ENV_PREFIX: Readonly<Record<string, string>> = {
  openai: 'OPENAI',
  anthropic: 'ANTHROPIC',
  gemini: 'GEMINI',
  deepseek: 'DEEPSEEK',
  ark: 'ARK',
  dashscope: 'DASHSCOPE',
  moonshot: 'MOONSHOT',
  zhipu: 'ZHIPUAI',
  minimax: 'MINIMAX',
  mistral: 'MISTRAL',
  xai: 'XAI',
  groq: 'GROQ',
  together: 'TOGETHER',
  openrouter: 'OPENROUTER',
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

/** `${NAME}` → env value; an unset variable becomes null so `api_key: "${X}"` means "not configured". */
function interpolate(value: unknown, env: Env): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value);
    if (whole) return env[whole[1] as string] ?? null;
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env[name] ?? '');
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env)]));
  }
  return value;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (!next || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

function applyEnv(raw: Record<string, unknown>, env: Env): void {
  const simple: Array<[string, string[], (v: string) => unknown]> = [
    ['NEXTMODEL_HOST', ['server', 'host'], String],
    ['NEXTMODEL_PORT', ['server', 'port'], Number],
    ['NEXTMODEL_PUBLIC_URL', ['server', 'public_url'], String],
    ['NEXTMODEL_WORKERS', ['server', 'workers'], Number],
    ['NEXTMODEL_LOG_LEVEL', ['server', 'log_level'], String],
    ['NEXTMODEL_DATA_DIR', ['storage', 'data_dir'], String],
    ['NEXTMODEL_DATABASE_URL', ['storage', 'database_url'], String],
    ['NEXTMODEL_REDIS_URL', ['storage', 'redis_url'], String],
    ['NEXTMODEL_ADMIN_KEY', ['bootstrap', 'admin_key'], String],
    ['NEXTMODEL_MASTER_KEY', ['security', 'master_key'], String],
  ];
  for (const [name, path, convert] of simple) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(raw, path, convert(value));
  }
  for (const [provider, prefix] of Object.entries(PROVIDER_ENV_PREFIX)) {
    const key = env[`${prefix}_API_KEY`];
    const base = env[`${prefix}_BASE_URL`];
    if (key) setPath(raw, ['providers', provider, 'api_key'], key);
    if (base) setPath(raw, ['providers', provider, 'base_url'], base);
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.join('.') || '(root)';
      const keys = 'keys' in issue && Array.isArray(issue.keys) ? ` (${issue.keys.join(', ')})` : '';
      return `  ${field}: ${issue.message}${keys}`;
    })
    .join('\n');
}

export interface LoadConfigOptions {
  path?: string | null;
  env?: Env;
  /** Extra settings merged last (tests and CLI flags). */
  overrides?: Record<string, unknown>;
}

/** Reads file (optional) + env, validates, and returns a frozen config. Throws ConfigError naming the bad field. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const path = options.path ?? env.NEXTMODEL_CONFIG ?? null;
  let raw: Record<string, unknown> = {};
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = parseYaml(text);
    } catch (err) {
      throw new ConfigError(`config file ${path} is not valid YAML: ${(err as Error).message}`);
    }
    if (parsed !== null && parsed !== undefined && (typeof parsed !== 'object' || Array.isArray(parsed))) {
      throw new ConfigError(`config file ${path} must be a mapping at the top level`);
    }
    raw = interpolate(parsed ?? {}, env) as Record<string, unknown>;
  }
  applyEnv(raw, env);
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    raw[key] = value && typeof value === 'object' && !Array.isArray(value)
      ? { ...(raw[key] as object | undefined), ...(value as object) }
      : value;
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(`invalid configuration${path ? ` in ${path}` : ''}:\n${describeIssues(result.error)}`);
  }
  return result.data;
}

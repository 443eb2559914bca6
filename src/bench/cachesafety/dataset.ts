import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { caseSchema, traceItemSchema, traceManifestSchema, type BenchCase, type TraceItem, type TraceManifest } from './case-schema.js';

/** Reads data/cachesafety: every cases/*.jsonl file, and the trace manifest with its traces. */

export function defaultDatasetDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cachesafety: no package.json above the bench code');
    dir = parent;
  }
  return join(dir, 'data', 'cachesafety');
}

export class DatasetError extends Error {}

export interface RawLine {
  file: string;
  line: number;
  value: unknown;
}

/** Lines as parsed JSON, unvalidated (the linter reports schema problems line by line). */
export function readCaseLines(dir: string): RawLine[] {
  const casesDir = join(dir, 'cases');
  if (!existsSync(casesDir)) throw new DatasetError(`no cases directory at ${casesDir}`);
  const out: RawLine[] = [];
  for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.jsonl')).sort()) {
    readFileSync(join(casesDir, file), 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (text.trim() === '') return;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (err) {
          throw new DatasetError(`${file}:${i + 1}: not JSON: ${(err as Error).message}`);
        }
        out.push({ file, line: i + 1, value });
      });
  }
  return out;
}

const describe = (e: z.ZodError) => e.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

export function parseCase(raw: RawLine): BenchCase {
  const parsed = caseSchema.safeParse(raw.value);
  if (!parsed.success) throw new DatasetError(`${raw.file}:${raw.line}: ${describe(parsed.error)}`);
  return parsed.data;
}

export const loadCases = (dir = defaultDatasetDir()): BenchCase[] => readCaseLines(dir).map(parseCase);

export interface LoadedTrace {
  spec: TraceManifest['traces'][number];
  items: TraceItem[];
}

export function loadTraces(dir = defaultDatasetDir()): LoadedTrace[] {
  const manifestPath = join(dir, 'traces', 'manifest.json');
  if (!existsSync(manifestPath)) return [];
  const manifest = traceManifestSchema.safeParse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  if (!manifest.success) throw new DatasetError(`traces/manifest.json: ${describe(manifest.error)}`);
  return manifest.data.traces.map((spec) => {
    const lines = readFileSync(join(dir, 'traces', spec.file), 'utf8').split('\n').filter((l) => l.trim() !== '');
    const items = lines.map((text, i) => {
      const parsed = traceItemSchema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new DatasetError(`traces/${spec.file}:${i + 1}: ${describe(parsed.error)}`);
      return parsed.data;
    });
    return { spec, items };
  });
}

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

/**
 * The built dashboard (dist/dashboard) as static files. Vite names assets by content hash, so
 * they are cached for a year; index.html is revalidated every time (ETag), so a new build is
 * picked up on the next load. Files are read once and kept: the set is small and fixed per build.
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
  cacheControl: string;
}

const MAX_CACHED = 512;

export class StaticFiles {
  private readonly root: string;
  private readonly cache = new Map<string, StaticFile>();

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** `assets/index-abc.js` → the file, or null when it is not there (or escapes the root). */
  async get(relativePath: string): Promise<StaticFile | null> {
    const cached = this.cache.get(relativePath);
    if (cached) return cached;
    const full = resolve(join(this.root, relativePath));
    if (!full.startsWith(this.root + sep)) return null;
    try {
      if (!(await stat(full)).isFile()) return null;
    } catch {
      return null;
    }
    const body = await readFile(full);
    const ext = extname(full).toLowerCase();
    const file: StaticFile = {
      body,
      type: TYPES[ext] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      cacheControl: relativePath.startsWith('assets/') ? 'public, max-age=31536000, immutable' : ext === '.html' ? 'no-cache' : 'public, max-age=3600',
    };
    if (this.cache.size < MAX_CACHED) this.cache.set(relativePath, file);
    return file;
  }
}

/**
 * URL path under /dashboard/ → a safe relative file path, or null for paths we never serve
 * (traversal, NUL, hidden files). Percent-decoding happens once, here.
 */
export function relativeAssetPath(urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return null;
  return segments.join('/');
}

/** A path that names a file (has an extension) is served or 404s; anything else is a client-side route. */
export function looksLikeFile(relativePath: string): boolean {
  return relativePath.startsWith('assets/') || extname(relativePath) !== '';
}

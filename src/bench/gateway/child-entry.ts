import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The compiled entry of a bench child process. From dist/ it sits beside this module; from the
 * TypeScript sources (vitest) the children still run from the build, as `node` cannot run .ts.
 */
export function childEntry(name: 'gateway-process' | 'mock-upstream-process' | 'floor-proxy-process'): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const file = fileURLToPath(import.meta.url).endsWith('.ts') ? join(here, '..', '..', '..', 'dist', 'bench', 'gateway', `${name}.js`) : join(here, `${name}.js`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return file;
}

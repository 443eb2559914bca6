import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The dashboard SPA: built into dist/dashboard and served by the gateway at /dashboard. */
const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/dashboard/',
  publicDir: 'public',
  // Preact's automatic JSX runtime through Vite's own transform: no Babel plugin needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Fonts and images are emitted as files: the gateway's CSP allows no inline data for fonts.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 400,
  },
});

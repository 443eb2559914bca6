#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (npm start does it first).
import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('nextmodel: not built yet. Run `npm run build` (npm start does this for you).');
    process.exit(1);
  }
  throw err;
});

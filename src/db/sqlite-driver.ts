import { createRequire } from 'node:module';
import type SQLite from 'better-sqlite3';

/**
 * Which better-sqlite3 to load. 12.x wraps its objects in the raw `node::ObjectWrap`; from Node
 * 24.19 that class removes an environment cleanup hook in its destructor and asserts a current
 * Environment, so a Statement finalised by GC outside a JS context (an idle GC, or teardown at
 * exit) aborts the process. 13.x (Node-API, prebuilt binaries inside the package) fixes that but
 * requires Node ≥ 22 and crashes Node 20. Both are installed: 12 as a dependency, 13 as the
 * optional dependency `better-sqlite3-napi` (npm skips it on Node 20 by its engines field).
 * Same API, same SQLite file format.
 */

const require = createRequire(import.meta.url);
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

export interface SqliteDriver {
  Database: typeof SQLite;
  /** The npm package loaded, and its version (the driver tests check which one a Node version gets). */
  packageName: 'better-sqlite3' | 'better-sqlite3-napi';
  version: string;
}

function load(): SqliteDriver {
  if (NODE_MAJOR >= 22) {
    try {
      return { Database: require('better-sqlite3-napi') as typeof SQLite, packageName: 'better-sqlite3-napi', version: versionOf('better-sqlite3-napi') };
    } catch (err) {
      // Not installed (e.g. node_modules copied from a Node 20 install): 12.x still works on 22.
      if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    }
  }
  return { Database: require('better-sqlite3') as typeof SQLite, packageName: 'better-sqlite3', version: versionOf('better-sqlite3') };
}

function versionOf(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

export const sqliteDriver: SqliteDriver = load();

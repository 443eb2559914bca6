import { describe, expect, it } from 'vitest';
import { sqliteDriver } from './sqlite-driver.js';

describe('sqlite driver selection', () => {
  const major = Number(process.versions.node.split('.')[0]);

  it('loads better-sqlite3 12 on Node 20, and 13 (Node-API) where it is installed on Node 22+', () => {
    const driverMajor = Number(sqliteDriver.version.split('.')[0]);
    if (major < 22) {
      expect(sqliteDriver.packageName).toBe('better-sqlite3');
      expect(driverMajor).toBe(12);
    } else if (sqliteDriver.packageName === 'better-sqlite3-napi') {
      expect(driverMajor).toBe(13);
    } else {
      expect(driverMajor).toBe(12);
    }
  });

  it('opens a database and runs a statement with the loaded driver', () => {
    const db = new sqliteDriver.Database(':memory:');
    try {
      expect(db.prepare('select 40 + 2 as answer').get()).toEqual({ answer: 42 });
    } finally {
      db.close();
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPgliteDb } from '../../knowledge/db/pglite-db.js';

describe('the embedded database in DATA_DIR', () => {
  let parent: string;

  beforeEach(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-embedded-'));
  });
  afterEach(() => {
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it('is created in a folder that does not exist yet, leaves no staging folder behind, and keeps its data', async () => {
    const dataDir = path.join(parent, 'nested', 'data');
    const db = await openPgliteDb(dataDir);
    await db.exec('CREATE TABLE notes (text text); INSERT INTO notes VALUES (\'hej\')');
    const vector = await db.query<{ distance: number }>("SELECT '[1,0]'::vector <=> '[0,1]'::vector AS distance");
    expect(Number(vector.rows[0]!.distance)).toBeCloseTo(1);
    await db.close();

    expect(fs.existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
    expect(fs.readdirSync(path.dirname(dataDir)).filter((name) => name.includes('creating'))).toEqual([]);

    const again = await openPgliteDb(dataDir);
    expect((await again.query<{ text: string }>('SELECT text FROM notes')).rows).toEqual([{ text: 'hej' }]);
    await again.close();
  });

  it('is created in an empty folder the user made for it', async () => {
    const dataDir = path.join(parent, 'empty');
    fs.mkdirSync(dataDir);
    const db = await openPgliteDb(dataDir);
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await db.close();
    expect(fs.existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
  });
});

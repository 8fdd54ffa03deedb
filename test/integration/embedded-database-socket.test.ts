/**
 * The server shares its embedded database on a Unix socket in DATA_DIR; the command-line tools reach it there with
 * node-postgres. PGlite is one session, so each unit of a client's work (a query, a batch up to Sync, a whole
 * transaction) and each of the server's own queries and transactions run whole, never inside one another.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirInUseError } from '../../knowledge/db/data-dir-lock.js';
import type { Db } from '../../knowledge/db/db.js';
import { openDatabase } from '../../knowledge/db/open-db.js';
import { openPgliteDb } from '../../knowledge/db/pglite-db.js';
import { sharePgliteOnSocket, socketConnection, socketPathFor } from '../../knowledge/db/pglite-socket.js';
import { ensurePgliteTemplate } from '../support/pglite-template.js';

describe('the embedded database shared on a socket in DATA_DIR', () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-socket-'));
  const dataDir = path.join(parent, 'data');
  let server: Db;
  const clients: pg.Client[] = [];

  async function connect(): Promise<pg.Client> {
    const client = new pg.Client({ ...socketConnection(socketPathFor(dataDir)), user: 'postgres', database: 'postgres' });
    client.on('error', () => undefined);
    await client.connect();
    clients.push(client);
    return client;
  }
  const countNotes = async (db: Pick<Db, 'query'>) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM notes')).rows[0]!.n;

  beforeAll(async () => {
    const template = new Blob([fs.readFileSync(await ensurePgliteTemplate())]);
    await (await openPgliteDb(dataDir, { loadDataDir: template })).close();
    server = await openDatabase({ kind: 'pglite', dataDir }, { share: true });
    await server.exec('CREATE TABLE notes (text text NOT NULL)');
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    await server?.close();
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it("should keep the server's queries out of a client's open transaction", async () => {
    const client = await connect();
    await client.query('BEGIN');
    await client.query("INSERT INTO notes VALUES ('uncommitted')");
    const serverCount = countNotes(server); // waits for the client's transaction to end
    await client.query('ROLLBACK');
    expect(await serverCount).toBe(0);
  });

  it("should keep a client's queries out of the server's open transaction", async () => {
    const client = await connect();
    let clientCount: Promise<number> | undefined;
    await server
      .transaction(async (tx) => {
        await tx.query("INSERT INTO notes VALUES ('server, rolled back')");
        clientCount = countNotes({ query: async (sql) => ({ rows: (await client.query(sql)).rows, affectedRows: 0 }) });
        // Give the client's query every chance to slip in; it must wait for this transaction instead.
        await new Promise((resolve) => setTimeout(resolve, 300));
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await clientCount).toBe(0);
  });

  it("should give interleaved clients each their own statements' results", async () => {
    const [first, second] = [await connect(), await connect()];
    const asked = async (client: pg.Client, from: number) => {
      const answers: unknown[] = [];
      for (let i = from; i < from + 20; i++) answers.push((await client.query('SELECT $1::int AS i, $2::text AS s', [i, `nr ${i}`])).rows[0]);
      return answers;
    };
    const [fromFirst, fromSecond] = await Promise.all([asked(first, 0), asked(second, 100)]);
    expect(fromFirst).toEqual(Array.from({ length: 20 }, (_, i) => ({ i, s: `nr ${i}` })));
    expect(fromSecond).toEqual(Array.from({ length: 20 }, (_, i) => ({ i: 100 + i, s: `nr ${100 + i}` })));
  });

  it('should roll back the transaction of a client that disconnects, and serve the others on', async () => {
    const client = await connect();
    await client.query('BEGIN');
    await client.query("INSERT INTO notes VALUES ('lost with the connection')");
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect(await countNotes(server)).toBe(0);
    const other = await connect();
    await other.query("INSERT INTO notes VALUES ('kept')");
    expect(await countNotes(server)).toBe(1);
  });

  it("should open the database for a command through the server's socket, and refuse a second server", async () => {
    const command = await openDatabase({ kind: 'pglite', dataDir });
    try {
      expect(command.sharedByServer?.pid).toBe(process.pid);
      await command.transaction((tx) => tx.query("INSERT INTO notes VALUES ('from a command')"));
      expect((await server.query<{ text: string }>("SELECT text FROM notes WHERE text = 'from a command'")).rows).toHaveLength(1);
    } finally {
      await command.close();
    }
    await expect(openDatabase({ kind: 'pglite', dataDir }, { share: true })).rejects.toThrow(DataDirInUseError);
    await expect(openDatabase({ kind: 'pglite', dataDir }, { share: true })).rejects.toThrow(dataDir);
  });
});

describe('the socket of a DATA_DIR with a long path', () => {
  it('should go to a folder of its own under the temp folder, since a socket path holds ~100 bytes', async () => {
    const dataDir = path.join(os.tmpdir(), 'kc-a-very-long-folder-name-'.repeat(5), 'data');
    const socketPath = socketPathFor(dataDir);
    expect(path.dirname(path.dirname(socketPath))).toBe(os.tmpdir());
    expect(socketPathFor(dataDir)).toBe(socketPath);
    const memory = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(await ensurePgliteTemplate())]), extensions: { vector } });
    const shared = await sharePgliteOnSocket(memory, socketPath);
    const client = new pg.Client({ ...socketConnection(socketPath), user: 'postgres', database: 'postgres' });
    try {
      await client.connect();
      expect((await client.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      expect(fs.statSync(path.dirname(socketPath)).mode & 0o777).toBe(0o700);
    } finally {
      await client.end();
      await shared.close();
      await memory.close();
    }
    expect(fs.existsSync(socketPath)).toBe(false);
  });
});

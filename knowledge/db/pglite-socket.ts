/**
 * The server shares its embedded database with the command-line tools on a Unix socket in DATA_DIR: they connect
 * with node-postgres as to any Postgres, and every change lands in the one PGlite the server writes.
 *
 * PGlite is one database session. The server's own queries and transactions take PGlite's transaction lock; a client
 * on the socket takes the same lock for each unit of its work (one query, one extended-protocol batch up to Sync, or a
 * whole BEGIN … COMMIT), so the server's statements never run inside a client's transaction and clients never run
 * inside the server's. (@electric-sql/pglite-socket queues single protocol messages and does neither, hence this
 * small server.) A client that disconnects mid-way has its open batch synced and its transaction rolled back.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

/** The socket's name: node-postgres connects to `<host folder>/.s.PGSQL.<port>`. */
export const SOCKET_NAME = '.s.PGSQL.5432';
/** sun_path holds 108 bytes on Linux, 104 on macOS, terminator included. */
const MAX_SOCKET_PATH = 100;

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const TERMINATE = 0x58; // 'X'
const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I': not in a transaction
const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]);

/** Where the socket for `dataDir` goes: in the folder, or under the temp folder when that path is too long. */
export function socketPathFor(dataDir: string): string {
  const inDataDir = path.join(dataDir, SOCKET_NAME);
  if (Buffer.byteLength(inDataDir) <= MAX_SOCKET_PATH) return inDataDir;
  const digest = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `kraftcenter-${digest}`, SOCKET_NAME);
}

/** node-postgres settings that reach the socket at `socketPath`. */
export function socketConnection(socketPath: string): { host: string; port: number } {
  const port = /^\.s\.PGSQL\.(\d+)$/.exec(path.basename(socketPath))?.[1];
  if (!port) throw new Error(`not a Postgres socket path: ${socketPath}`);
  return { host: path.dirname(socketPath), port: Number(port) };
}

export interface SharedPglite {
  readonly socketPath: string;
  /** Stops listening, disconnects the clients (rolling back their open transactions) and removes the socket. */
  close(): Promise<void>;
}

/** Serves `pg` on `socketPath`. The caller holds the DATA_DIR lock, so a socket file already there is stale. */
export async function sharePgliteOnSocket(pg: PGlite, socketPath: string): Promise<SharedPglite> {
  await prepareSocketFolder(socketPath);
  fs.rmSync(socketPath, { force: true });
  const clients = new Set<SocketClient>();
  const server = net.createServer((socket) => {
    const client = new SocketClient(pg, socket);
    clients.add(client);
    void client.finished.then(() => clients.delete(client));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Only this user may connect: the socket has no password.
  fs.chmodSync(socketPath, 0o600);
  return {
    socketPath,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const finishing = [...clients].map((client) => client.disconnect());
      await Promise.all([closed, ...finishing]);
      fs.rmSync(socketPath, { force: true });
    },
  };
}

/** The fallback folder under the temp folder must be ours alone. */
async function prepareSocketFolder(socketPath: string): Promise<void> {
  const folder = path.dirname(socketPath);
  if (path.dirname(folder) !== os.tmpdir()) return;
  await fs.promises.mkdir(folder, { recursive: true, mode: 0o700 });
  const stat = await fs.promises.lstat(folder);
  if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid())) {
    throw new Error(`the socket folder ${folder} is not a folder of this user`);
  }
}

/** One connection: frames its protocol messages and runs them on PGlite one unit of work at a time. */
class SocketClient {
  readonly finished: Promise<void>;
  private pending: Buffer = Buffer.alloc(0);
  private started = false;
  private gone = false;
  private work: Promise<void> = Promise.resolve();
  /** Set while this client holds PGlite's session (between the first message of a unit and its idle ReadyForQuery). */
  private releaseSession?: () => void;

  constructor(
    private readonly pg: PGlite,
    private readonly socket: net.Socket,
  ) {
    let finish!: () => void;
    this.finished = new Promise((resolve) => (finish = resolve));
    socket.on('data', (data) => this.receive(data));
    socket.on('error', () => undefined); // 'close' follows
    socket.on('close', () => {
      this.gone = true;
      this.work = this.work.then(() => this.endSession()).finally(finish);
    });
  }

  disconnect(): Promise<void> {
    this.socket.destroy();
    return this.finished;
  }

  private receive(data: Buffer): void {
    this.pending = this.pending.length > 0 ? Buffer.concat([this.pending, data]) : data;
    for (let message = this.nextMessage(); message; message = this.nextMessage()) {
      const current = message;
      this.work = this.work
        .then(() => this.run(current))
        .catch(() => {
          this.gone = true;
          this.socket.destroy();
        });
    }
  }

  /** The next complete message, answering SSL/GSS requests and closing on Terminate or a cancel request. */
  private nextMessage(): Uint8Array | undefined {
    if (this.gone) return undefined;
    // The startup packet and its kin have no type byte: length, then a code.
    const headerLength = this.started ? 5 : 8;
    if (this.pending.length < headerLength) return undefined;
    const length = this.started ? 1 + this.pending.readInt32BE(1) : this.pending.readInt32BE(0);
    if (length < 4 || length > 1 << 30) {
      this.socket.destroy();
      return undefined;
    }
    if (this.pending.length < length) return undefined;
    const message = Uint8Array.from(this.pending.subarray(0, length));
    this.pending = this.pending.subarray(length);
    if (!this.started) {
      const code = Buffer.from(message).readInt32BE(4);
      if (code === SSL_REQUEST || code === GSS_REQUEST) {
        this.socket.write('N');
        return this.nextMessage();
      }
      if (code === CANCEL_REQUEST) {
        this.socket.end(); // there is no other backend to cancel
        return undefined;
      }
      this.started = true;
    } else if (message[0] === TERMINATE) {
      this.socket.end();
      return undefined;
    }
    return message;
  }

  private async run(message: Uint8Array): Promise<void> {
    if (this.gone) return;
    if (!this.releaseSession) await this.takeSession();
    let tail: Uint8Array = new Uint8Array(0);
    await this.pg.runExclusive(() =>
      this.pg.execProtocolRawStream(message, {
        onRawData: (chunk) => {
          if (!this.gone) this.socket.write(Buffer.from(chunk)); // PGlite reuses the chunk's memory
          tail = lastBytes(tail, chunk, 6);
        },
      }),
    );
    // A unit ends with ReadyForQuery 'I': no transaction open, so the session can go to whoever waits.
    if (tail.length === 6 && tail[0] === READY_FOR_QUERY && tail[5] === IDLE) this.giveBackSession();
  }

  /** Waits for PGlite's transaction lock and keeps it until giveBackSession. */
  private takeSession(): Promise<void> {
    return new Promise<void>((held) => {
      void this.pg._runExclusiveTransaction(
        () =>
          new Promise<void>((release) => {
            this.releaseSession = release;
            held();
          }),
      );
    });
  }

  private giveBackSession(): void {
    const release = this.releaseSession;
    this.releaseSession = undefined;
    release?.();
  }

  /** After a disconnect: end a half-sent batch, roll back an open transaction, and free the session. */
  private async endSession(): Promise<void> {
    if (!this.releaseSession) return;
    try {
      if (this.pg.closed) return;
      await this.pg.runExclusive(async () => {
        await this.pg.execProtocolRawStream(SYNC, { onRawData: () => undefined });
        if (this.pg.isInTransaction()) await this.pg.execProtocolRawStream(simpleQuery('ROLLBACK'), { onRawData: () => undefined });
      });
    } catch {
      // The database is closing; nothing is left to undo.
    } finally {
      this.giveBackSession();
    }
  }
}

function lastBytes(previous: Uint8Array, chunk: Uint8Array, count: number): Uint8Array {
  // Copies: PGlite reuses the chunk's memory.
  if (chunk.length >= count) return Uint8Array.from(chunk.subarray(chunk.length - count));
  const joined = new Uint8Array(previous.length + chunk.length);
  joined.set(previous);
  joined.set(chunk, previous.length);
  return joined.subarray(Math.max(0, joined.length - count));
}

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + text.length);
  message[0] = 0x51; // 'Q'
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

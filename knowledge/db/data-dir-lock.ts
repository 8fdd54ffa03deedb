/**
 * One process at a time opens the embedded database in DATA_DIR: the one holding `kraftcenter.lock` in that folder.
 * The lock file appears whole or not at all (written aside, then hard-linked into place, which fails when it exists)
 * and names its holder: pid, start time, command and, for the server, the Unix socket through which the other
 * commands reach the database. A lock whose process is gone (a crash, kill -9, a container restarted with the same
 * pid) is stale and is taken over.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../config/app-error.js';

export const LOCK_FILE = 'kraftcenter.lock';

export interface LockHolder {
  pid: number;
  /** ISO time the lock was taken. */
  startedAt: string;
  /** What the holder runs, for people: `npm start`, `npm run ingest -- data/library`. */
  command: string;
  /** The server's socket; absent when the holder keeps the database to itself (a command run without the server). */
  socket?: string;
  /** Linux boot id and the process's start tick, so a reused pid is not taken for the holder. */
  processStart?: string;
  /** Unique per lock, so a process releases only its own. */
  token: string;
}

/** The embedded database is open in another process (or another part of this one). */
export class DataDirInUseError extends AppError<'knowledge.data_dir_in_use'> {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super('knowledge.data_dir_in_use', describeInUse(dataDir, holder));
  }
}

function describeInUse(dataDir: string, holder: LockHolder): string {
  const who = `pid ${holder.pid}${holder.pid === process.pid ? ', denne proces' : ''}: ${holder.command}, startet ${localTime(holder.startedAt)}`;
  const advice = holder.socket
    ? 'Der kan kun køre én server pr. DATA_DIR: stop den anden først (eller brug DATABASE_URL til flere servere).'
    : 'Vent til den er færdig, eller stop den. Mens serveren (npm start) kører, kan kommandoerne bruge databasen gennem den.';
  return `databasen i ${dataDir} er i brug af en anden proces (${who}). ${advice}`;
}

function localTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? 'ukendt tidspunkt' : date.toLocaleString('da-DK');
}

export interface DataDirLock {
  readonly holder: LockHolder;
  /** Removes the lock file if it is still this lock's; safe to call twice. */
  release(): void;
}

/** Tokens of the locks this process holds: a lock naming our own pid with another token is a previous process's. */
const heldHere = new Map<string, () => void>();
let exitHookInstalled = false;

/**
 * Takes the lock on `dataDir` (which must exist), or throws DataDirInUseError naming the live holder.
 * @param socket the path the caller will serve the database on, recorded for the other commands to find
 */
export function acquireDataDirLock(dataDir: string, options: { socket?: string } = {}): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    command: describeCommand(),
    ...(options.socket ? { socket: options.socket } : {}),
    processStart: processStart(process.pid),
    token: randomBytes(8).toString('hex'),
  };
  for (let attempt = 0; attempt < 20; attempt++) {
    if (createExclusively(file, JSON.stringify(holder))) return hold(file, holder);
    const current = readLockFile(file);
    if (current && isAlive(current)) throw new DataDirInUseError(dataDir, current);
    if (!current && isYoung(file)) {
      sleep(50); // being written by a process that could not hard-link (see createExclusively)
      continue;
    }
    removeStaleLock(file, current);
  }
  throw new Error(`could not take the lock ${file}: it keeps changing`);
}

/** The lock's holder when a live process holds it; undefined when free or stale. */
export function readDataDirLock(dataDir: string): LockHolder | undefined {
  const current = readLockFile(path.join(dataDir, LOCK_FILE));
  return current && isAlive(current) ? current : undefined;
}

function hold(file: string, holder: LockHolder): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    heldHere.delete(holder.token);
    if (readLockFile(file)?.token === holder.token) fs.rmSync(file, { force: true });
  };
  heldHere.set(holder.token, release);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // A process that exits without closing its database (an uncaught error, process.exit) still frees the folder.
    process.on('exit', () => [...heldHere.values()].forEach((releaseOne) => releaseOne()));
  }
  return { holder, release };
}

/** Creates `file` with `content` unless it exists; true when this call created it. */
function createExclusively(file: string, content: string): boolean {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(aside, content, { mode: 0o644 });
  try {
    fs.linkSync(aside, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    // A file system without hard links: exclusive create, briefly empty (readers wait while it is young).
    try {
      fs.writeFileSync(file, content, { flag: 'wx', mode: 0o644 });
      return true;
    } catch (fallbackError) {
      if ((fallbackError as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallbackError;
    }
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

function readLockFile(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.token !== 'string') return undefined;
    return { startedAt: '', command: 'ukendt kommando', ...parsed } as LockHolder;
  } catch {
    return undefined;
  }
}

function isAlive(holder: LockHolder): boolean {
  if (holder.pid === process.pid) return heldHere.has(holder.token);
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = processStart(holder.pid);
  return !(holder.processStart && now && now !== holder.processStart);
}

function isYoung(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < 5_000;
  } catch {
    return false;
  }
}

/**
 * Removes a stale lock, but only the one judged stale: two processes finding the same stale lock must not remove
 * each other's fresh one. A short-lived guard file lets one of them check and remove at a time.
 */
function removeStaleLock(file: string, stale: LockHolder | undefined): void {
  const guard = `${file}.takeover`;
  if (!createExclusively(guard, String(process.pid))) {
    if (!isYoung(guard)) fs.rmSync(guard, { force: true }); // left by a process that died while taking over
    else sleep(50);
    return;
  }
  try {
    const current = readLockFile(file);
    if (current?.token === stale?.token && !(current && isAlive(current))) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

/** `npm start`, `npm run ingest -- data/library`, or the script and its arguments when not run through npm. */
function describeCommand(): string {
  const script = process.argv[1] ? path.relative(process.cwd(), process.argv[1]) || process.argv[1] : 'node';
  const args = process.argv.slice(2).join(' ');
  const event = process.env.npm_lifecycle_event;
  const viaNpm = event && process.argv[1] && process.env.npm_lifecycle_script?.includes(path.basename(process.argv[1]));
  const command = viaNpm ? `${event === 'start' ? 'npm start' : `npm run ${event}`}${args ? ` -- ${args}` : ''}` : `${script}${args ? ` ${args}` : ''}`;
  return command.length > 160 ? `${command.slice(0, 157)}...` : command;
}

/** On Linux: boot id and start tick of `pid`; undefined elsewhere or when the process is gone. */
function processStart(pid: number): string | undefined {
  try {
    const bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; the start time is field 22.
    const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return startTicks ? `${bootId}:${startTicks}` : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

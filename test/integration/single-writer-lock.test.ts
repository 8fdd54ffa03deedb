/**
 * The DATA_DIR lock on its own: who holds it, when it is stale, and that a process releases only its own.
 * (single-writer.test.ts proves the same with real processes and the real database.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirInUseError, LOCK_FILE, readDataDirLock } from '../../knowledge/db/data-dir-lock.js';

describe('the DATA_DIR lock', () => {
  let dataDir: string;
  const lockFile = () => path.join(dataDir, LOCK_FILE);
  const writeLock = (holder: Record<string, unknown>) =>
    fs.writeFileSync(lockFile(), JSON.stringify({ startedAt: new Date().toISOString(), command: 'npm start', ...holder }));

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-lock-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('should refuse a second holder while the first holds it, naming the folder and the pid, and be free after release', () => {
    const first = acquireDataDirLock(dataDir, { socket: path.join(dataDir, '.s.PGSQL.5432') });
    expect(readDataDirLock(dataDir)).toMatchObject({ pid: process.pid, socket: path.join(dataDir, '.s.PGSQL.5432') });
    const refusal = (() => {
      try {
        acquireDataDirLock(dataDir);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(DataDirInUseError);
    expect((refusal as Error).message).toContain(dataDir);
    expect((refusal as Error).message).toContain(`pid ${process.pid}`);
    first.release();
    expect(fs.existsSync(lockFile())).toBe(false);
    acquireDataDirLock(dataDir).release();
  });

  it('should take over the lock of a process that is gone', () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    writeLock({ pid: gone, token: 'dead' });
    expect(readDataDirLock(dataDir)).toBeUndefined();
    const lock = acquireDataDirLock(dataDir);
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid, token: lock.holder.token });
    lock.release();
  });

  it("should take over a lock naming this process's pid that this process does not hold (a restarted container)", () => {
    writeLock({ pid: process.pid, token: 'previous-life' });
    const lock = acquireDataDirLock(dataDir);
    expect(lock.holder.token).not.toBe('previous-life');
    lock.release();
  });

  it("should not remove another holder's lock on release", () => {
    const lock = acquireDataDirLock(dataDir);
    fs.rmSync(lockFile());
    writeLock({ pid: process.pid, token: 'someone-else' });
    lock.release();
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8')).token).toBe('someone-else');
  });
});

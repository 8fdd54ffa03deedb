import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('npm run report', () => {
  it('should print its usage and exit 0, without opening a database, when asked for --help', async () => {
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
    // A DATA_DIR that cannot exist: --help must not touch the database.
    const env = { ...process.env, DATA_DIR: '/nonexistent/report-cli-help' };
    const { stdout, stderr } = await promisify(execFile)(tsx, ['bin/report.ts', '--help'], { cwd: ROOT, env });
    expect(stdout).toContain('npm run report -- gaps');
    expect(stderr).not.toMatch(/at .*\.ts:\d+/u);
  });
});

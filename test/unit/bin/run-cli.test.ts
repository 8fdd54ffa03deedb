import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { describeCliError, UsageError } from '../../../bin/lib/run-cli.js';
import { DataDirInUseError } from '../../../knowledge/db/data-dir-lock.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe('describeCliError', () => {
  it('should print one line with the prefix when the user can fix the error', () => {
    expect(describeCliError(new UsageError('skriv et spørgsmål.'))).toEqual(['Fejl: skriv et spørgsmål.']);
    const inUse = new DataDirInUseError('/tmp/x', { pid: 7, command: 'npm start', startedAt: new Date(0).toISOString(), token: 't' });
    expect(describeCliError(inUse, 'Kan ikke bygge')).toEqual([`Kan ikke bygge: ${inUse.message}`]);
  });

  it('should print one line for an unknown flag', () => {
    let refused: unknown;
    try {
      parseArgs({ args: ['--nope'], options: {} });
    } catch (error) {
      refused = error;
    }
    expect(describeCliError(refused)).toEqual([`Fejl: ${(refused as Error).message}`]);
  });

  it('should print the error itself (with its stack) when it is our fault', () => {
    const bug = new TypeError('x is undefined');
    expect(describeCliError(bug)).toEqual(['Uventet fejl / unexpected error:', bug]);
    expect(describeCliError(Object.assign(new Error('spoofed'), { name: 'ConfigError' }))).toEqual(['Uventet fejl / unexpected error:', expect.any(Error)]);
  });
});

describe('npm run commands', () => {
  it('should start every command-line entry point from bin/, and every file in bin/ from a command', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const commands = ['ask', 'advisers', 'ingest', 'search', 'report', 'eval', 'privacy', 'backup', 'restore', 'teams:package'];
    const targets = commands.map((name) => scripts[name]?.replace(/^tsx /, ''));
    for (const target of targets) {
      expect(target).toMatch(/^bin\/[a-z-]+\.ts$/);
      expect(fs.existsSync(path.join(ROOT, target!))).toBe(true);
    }
    const inBin = fs.readdirSync(path.join(ROOT, 'bin')).filter((name) => name.endsWith('.ts')).map((name) => `bin/${name}`);
    expect(inBin.sort()).toEqual([...targets].sort());
    expect(scripts.start).toBe('tsx adapters/server.ts');
  });
});

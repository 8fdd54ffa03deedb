import fs from 'node:fs/promises';
import path from 'node:path';
import type { SourceFormat } from '../knowledge/documents/library-document.js';
import { formatForPath } from './parse/index.js';

export interface DiscoveredFile {
  absolutePath: string;
  /** Relative to the working directory (forward slashes): stored as the document's source path. */
  relativePath: string;
  format: SourceFormat;
}

export interface Discovery {
  files: DiscoveredFile[];
  /** Files of other types, listed so the user sees what was not read. */
  skipped: string[];
  /** Paths that do not exist or cannot be read. */
  missing: string[];
}

/** Folders that are never part of a library. */
const IGNORED_DIRECTORIES = new Set(['node_modules', '.git', '.data']);

/**
 * Expands files and folders (recursively) into library files, sorted so runs are repeatable.
 */
export async function discoverFiles(inputs: string[], cwd = process.cwd()): Promise<Discovery> {
  const files = new Map<string, DiscoveredFile>();
  const skipped: string[] = [];
  const missing: string[] = [];
  const toRelative = (absolutePath: string) => path.relative(cwd, absolutePath).split(path.sep).join('/') || '.';

  async function visit(absolutePath: string, explicit: boolean): Promise<void> {
    let stat;
    try {
      stat = await fs.stat(absolutePath);
    } catch {
      missing.push(toRelative(absolutePath));
      return;
    }
    if (stat.isDirectory()) {
      const name = path.basename(absolutePath);
      if (!explicit && (IGNORED_DIRECTORIES.has(name) || name.startsWith('.'))) return;
      const entries = (await fs.readdir(absolutePath)).sort();
      for (const entry of entries) await visit(path.join(absolutePath, entry), false);
      return;
    }
    if (!stat.isFile()) return;
    const format = formatForPath(absolutePath);
    const relativePath = toRelative(absolutePath);
    if (!format) {
      skipped.push(relativePath);
      return;
    }
    files.set(absolutePath, { absolutePath, relativePath, format });
  }

  for (const input of inputs) await visit(path.resolve(cwd, input), true);
  return { files: [...files.values()].sort((a, b) => a.relativePath.localeCompare(b.relativePath)), skipped, missing };
}

/** True when `sourcePath` (a stored document's file, maybe with `#row`) lies under one of the ingested inputs. */
export function isUnderInputs(sourcePath: string, inputs: string[], cwd = process.cwd()): boolean {
  const file = path.resolve(cwd, sourcePath.split('#')[0]!);
  return inputs.some((input) => {
    const root = path.resolve(cwd, input);
    return file === root || file.startsWith(root + path.sep);
  });
}

/**
 * The console's library upload on disk: multer writes each accepted file into a fresh folder of its own under
 * `LIBRARY_DIR/uploads/` (so two uploads never overwrite each other, and the file keeps a readable name: the
 * ingest takes a document's default id, and a PDF's fallback title, from the file name). Files of other types are
 * not written at all but listed, so the report can name them.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Request, RequestHandler } from 'express';
import multer from 'multer';

/** The extensions the upload takes (the library formats the issue names; plain text is the CLI's too). */
export const UPLOAD_EXTENSIONS = ['.md', '.markdown', '.pdf', '.docx', '.html', '.htm', '.csv', '.json', '.txt'] as const;

/** The upload's field name in the multipart form. */
export const UPLOAD_FIELD = 'files';

export interface UploadLimits {
  /** Largest file. @default 10 MB */
  maxFileBytes: number;
  /** Files in one upload. @default 10 */
  maxFiles: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxFileBytes: 10 * 1024 * 1024, maxFiles: 10 };

/** One file the upload saved. */
export interface SavedUpload {
  /** The name on the adviser's computer. */
  originalName: string;
  /** Where it was saved, relative to LIBRARY_DIR (forward slashes). */
  relativePath: string;
  absolutePath: string;
}

interface UploadState {
  folder?: string;
  used: Set<string>;
  refused: string[];
}

const states = new WeakMap<Request, UploadState>();

function stateOf(req: Request): UploadState {
  let state = states.get(req);
  if (!state) {
    state = { used: new Set(), refused: [] };
    states.set(req, state);
  }
  return state;
}

/**
 * A file name that is safe to write and still reads like the original: letters (æ, ø, å included), digits, space,
 * `.`, `_`, `-` and brackets; anything else (slashes, control characters) becomes `-`; no leading dot or `~$` (the
 * ingest skips hidden files and Word's lock files); at most 120 characters before the extension.
 */
export function safeFileName(originalName: string): string {
  const base = path.posix.basename(originalName.replace(/\\/g, '/')).normalize('NFC');
  const ext = path.posix.extname(base).toLowerCase();
  const stem = base
    .slice(0, base.length - ext.length)
    .replace(/[^\p{L}\p{N} ._()-]+/gu, '-')
    .replace(/^[\s.~$-]+|[\s.-]+$/gu, '')
    .slice(0, 120);
  return `${stem || 'dokument'}${ext}`;
}

/** The extension, lowercased, when the upload takes it. */
export function acceptedExtension(originalName: string): string | undefined {
  const ext = path.extname(originalName).toLowerCase();
  return (UPLOAD_EXTENSIONS as readonly string[]).includes(ext) ? ext : undefined;
}

/**
 * The multer middleware for `POST …/uploads`: files under `uploadsDir`, each request in a folder of its own
 * (`<date>-<random>`), at most `limits.maxFiles` files of `limits.maxFileBytes`. On a limit multer stops, removes
 * what it had written and passes a `MulterError` on.
 */
export function uploadMiddleware(uploadsDir: string, limits: UploadLimits = DEFAULT_UPLOAD_LIMITS): RequestHandler {
  const storage = multer.diskStorage({
    destination: (req, _file, callback) => {
      const state = stateOf(req);
      if (!state.folder) state.folder = path.join(uploadsDir, `${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`);
      fs.promises.mkdir(state.folder, { recursive: true }).then(() => callback(null, state.folder!), (error: Error) => callback(error, ''));
    },
    filename: (req, file, callback) => {
      const state = stateOf(req);
      const wanted = safeFileName(file.originalname);
      const ext = path.extname(wanted);
      let name = wanted;
      // Two files of one upload with the same safe name ("a.md" and "A.md" on some systems): the second gets "-2".
      for (let n = 2; state.used.has(name.toLowerCase()); n += 1) name = `${wanted.slice(0, wanted.length - ext.length)}-${n}${ext}`;
      state.used.add(name.toLowerCase());
      callback(null, name);
    },
  });
  return multer({
    storage,
    limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 10, parts: limits.maxFiles + 10 },
    // File names as browsers send them (UTF-8), not busboy's latin1 default: "Ærø.md" stays "Ærø.md".
    defParamCharset: 'utf8',
    fileFilter: (req, file, callback) => {
      if (acceptedExtension(file.originalname)) return callback(null, true);
      stateOf(req).refused.push(file.originalname);
      callback(null, false);
    },
  }).array(UPLOAD_FIELD, limits.maxFiles);
}

/** What the middleware saved, relative to `libraryDir`, and the names it refused by their type. */
export function uploadedFiles(req: Request, libraryDir: string): { saved: SavedUpload[]; refused: string[] } {
  const files = (Array.isArray(req.files) ? req.files : []) as Express.Multer.File[];
  return {
    saved: files.map((file) => ({
      originalName: file.originalname,
      absolutePath: file.path,
      relativePath: path.relative(libraryDir, file.path).split(path.sep).join('/'),
    })),
    refused: stateOf(req).refused,
  };
}

/** Removes files the ingest refused, and their upload folder when nothing is left in it. */
export async function removeUploads(files: SavedUpload[]): Promise<void> {
  const folders = new Set<string>();
  for (const file of files) {
    await fs.promises.rm(file.absolutePath, { force: true });
    folders.add(path.dirname(file.absolutePath));
  }
  for (const folder of folders) {
    // An empty folder is only clutter: when it cannot be read or removed, it stays (nothing ingests an empty folder).
    const left = await fs.promises.readdir(folder).catch(() => ['unreadable']);
    if (left.length === 0) await fs.promises.rmdir(folder).catch(() => 'kept');
  }
}

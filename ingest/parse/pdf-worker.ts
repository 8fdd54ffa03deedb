/**
 * pdf.js runs in a worker thread. Loaded in the main thread it keeps ~200 MB of heap (~400 MB resident) for the
 * rest of the process — a server that seeded its library once would carry that for ever — while a worker's memory
 * goes when the worker ends. One worker serves the PDFs of a run and ends after a second without work; while idle it
 * does not keep the process alive. A PDF that takes longer than the time limit ends its worker (a hostile or broken file
 * cannot hang an ingest).
 *
 * The worker's code is plain JavaScript evaluated from a string, so it runs the same under tsx, vitest and node.
 */
import { Worker } from 'node:worker_threads';
import { AppError, type CodesOf } from '../../config/app-error.js';

/** What the worker reads from a PDF. */
export interface ExtractedPdf {
  /** Text of each page, in order. */
  pages: string[];
  /** The Info dictionary's fields (Title, Author, …). */
  info: Record<string, unknown>;
  /** CreationDate, else the XMP creation date, when valid. */
  created?: Date;
}

/** Why the worker could not read a PDF. */
export class PdfExtractionError extends AppError<CodesOf<'ingest'>> {
  constructor(
    readonly reason: 'password' | 'unreadable' | 'timeout',
    message: string,
  ) {
    super(`ingest.pdf_${reason}`, message);
  }
}

const IDLE_MS = 1_000;
const DEFAULT_TIME_LIMIT_MS = 60_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const loading = import(workerData.pdfParseUrl);
parentPort.on('message', async ({ id, bytes }) => {
  let parser;
  try {
    const { PDFParse, PasswordException } = await loading;
    try {
      parser = new PDFParse({ data: bytes });
      const info = await parser.getInfo();
      const text = await parser.getText({ pageJoiner: '' });
      const dates = info.getDateNode();
      const created = dates.CreationDate || dates.XmpCreateDate || undefined;
      const fields = {};
      for (const [key, value] of Object.entries(info.info || {})) if (typeof value === 'string') fields[key] = value;
      parentPort.postMessage({ id, ok: true, pages: text.pages.map((page) => page.text), info: fields, created });
    } catch (error) {
      const password = error instanceof PasswordException;
      parentPort.postMessage({ id, ok: false, password, message: String((error && error.message) || error) });
    }
  } catch (error) {
    parentPort.postMessage({ id, ok: false, password: false, message: 'pdf.js could not be loaded: ' + String((error && error.message) || error) });
  } finally {
    if (parser) await parser.destroy().catch(() => undefined);
  }
});
`;

interface Pending {
  resolve(value: ExtractedPdf): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

let current: { worker: Worker; pending: Map<number, Pending>; idle?: NodeJS.Timeout } | undefined;
let nextId = 0;

function startWorker(): NonNullable<typeof current> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { pdfParseUrl: import.meta.resolve('pdf-parse') },
  });
  worker.unref();
  const state: NonNullable<typeof current> = { worker, pending: new Map() };
  const failAll = (error: Error) => {
    for (const [, pending] of state.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    state.pending.clear();
    if (current === state) current = undefined;
  };
  worker.on('message', (message: { id: number; ok: boolean; pages?: string[]; info?: Record<string, unknown>; created?: Date; password?: boolean; message?: string }) => {
    const pending = state.pending.get(message.id);
    if (!pending) return;
    state.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.ok) pending.resolve({ pages: message.pages ?? [], info: message.info ?? {}, ...(message.created ? { created: message.created } : {}) });
    else pending.reject(new PdfExtractionError(message.password ? 'password' : 'unreadable', message.message ?? 'unknown error'));
    if (state.pending.size === 0) {
      state.worker.unref(); // idle: it must not keep the process alive
      scheduleIdleEnd(state);
    }
  });
  worker.on('error', (error) => failAll(new PdfExtractionError('unreadable', error.message)));
  worker.on('exit', () => failAll(new PdfExtractionError('unreadable', 'the PDF reader stopped')));
  return state;
}

function scheduleIdleEnd(state: NonNullable<typeof current>): void {
  clearTimeout(state.idle);
  state.idle = setTimeout(() => {
    if (state.pending.size > 0) return;
    if (current === state) current = undefined;
    void state.worker.terminate();
  }, IDLE_MS);
  state.idle.unref();
}

/**
 * Reads the text and metadata of a PDF in the worker. The bytes are copied; the caller's buffer is untouched.
 * @throws PdfExtractionError ('password', 'unreadable' or 'timeout').
 */
export function extractPdf(bytes: Uint8Array, timeLimitMs = DEFAULT_TIME_LIMIT_MS): Promise<ExtractedPdf> {
  const state = (current ??= startWorker());
  clearTimeout(state.idle);
  const id = ++nextId;
  return new Promise<ExtractedPdf>((resolve, reject) => {
    const timer = setTimeout(() => {
      state.pending.delete(id);
      reject(new PdfExtractionError('timeout', `took longer than ${Math.round(timeLimitMs / 1000)} s`));
      // The worker may be stuck in this file: end it; other PDFs waiting in it fail and can be tried again.
      if (current === state) current = undefined;
      void state.worker.terminate();
    }, timeLimitMs);
    state.pending.set(id, { resolve, reject, timer });
    state.worker.ref(); // busy: keep the process alive until the answer comes
    state.worker.postMessage({ id, bytes: new Uint8Array(bytes) });
  });
}

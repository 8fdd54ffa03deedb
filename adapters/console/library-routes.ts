/**
 * The Bibliotek API under `/api/library` (session cookie + CSRF, or bearer token; see adviser-auth.ts):
 *   GET  /documents                 the library, filtered and paged (see library-schemas.ts), with counts
 *   GET  /documents/:id             one document: metadata, chunks in order, the questions that cited it recently
 *   POST /uploads                   multipart `files` (Markdown, PDF, DOCX, HTML, CSV, JSON; ≤ 10 MB each, ≤ 10):
 *                                   saved under LIBRARY_DIR/uploads/ and ingested at once; one report line a file,
 *                                   with the CLI's problem text, and a refused file is removed again; an upload
 *                                   only adds (an id another file has is refused: library-upload-ids.ts)
 *   POST /documents/:id/unpublish   {reason?}: out of search, its file moved aside (SubmissionService)
 * Reading runs the knowledge and engine stores' queries; writing goes through the LibraryPublisher and the
 * SubmissionService, which audit it (the upload is audited here, as `library.uploaded`).
 */
import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import path from 'node:path';
import type { AdviserStore } from '../../bot/advisers/index.js';
import { listCitingQuestions } from '../../bot/store/citing-questions.js';
import type { IngestFileReport, LibraryPublisher, SubmissionError, SubmissionService } from '../../bot/submissions/submission-port.js';
import type { Db } from '../../knowledge/db/db.js';
import { listCatalogue, readCatalogueDocument } from '../../knowledge/store/library-catalogue.js';
import { sendError, sendValidationError, type ApiErrorCode } from '../web/http-errors.js';
import { currentAuth, requireAdviser } from './adviser-auth.js';
import { claimedIdProblems } from './library-upload-ids.js';
import { libraryListQuerySchema, toCatalogueQuery, unpublishDocumentBodySchema } from './library-schemas.js';
import { DEFAULT_UPLOAD_LIMITS, removeUploads, uploadedFiles, uploadMiddleware, type UploadLimits } from './library-upload.js';
import type { SignInThrottle } from './sign-in-throttle.js';

/** What the library routes need. */
export interface LibraryRoutesOptions {
  /** The knowledge store (the list and the document) and the engine's (the citing questions): the same database. */
  db: Db;
  advisers: AdviserStore;
  now: () => Date;
  maxBodyBytes: number;
  /** Ingests the uploads; without it, uploads answer 503. */
  library?: LibraryPublisher;
  /** Unpublishes; without it, unpublishing answers 503. */
  submissions?: SubmissionService;
  uploadLimits?: UploadLimits;
  /** How far back "recently" goes for the questions that cited a document. @default 90 days */
  citedWithinDays?: number;
  /** How many citing questions the detail shows. @default 10 */
  citingQuestions?: number;
  throttle?: SignInThrottle;
}

/** One line of the upload's answer: the file as the adviser named it, and what the ingest made of it. */
export interface UploadReportLine extends Partial<IngestFileReport> {
  name: string;
  outcome: IngestFileReport['outcome'];
}

const ID = /^[\w.:-]{1,200}$/;
const DAY_MS = 86_400_000;

const REFUSALS: Record<SubmissionError, { status: number; code: ApiErrorCode }> = {
  invalid: { status: 400, code: 'bad_request' },
  attachment: { status: 400, code: 'bad_request' },
  not_found: { status: 404, code: 'not_found' },
  wrong_status: { status: 409, code: 'conflict' },
  no_conversation: { status: 409, code: 'conflict' },
};

const notFound = (res: Response) => sendError(res, 404, 'not_found', 'Dokumentet findes ikke i biblioteket.');
const unavailable = (res: Response, what: string) => sendError(res, 503, 'unavailable', `${what} er ikke slået til på denne server.`);

/** The Danish line for a file of a type the library does not read (the CLI lists such files as skipped). */
function refusedType(name: string): string {
  const ext = path.extname(name) || 'uden endelse';
  return `Filtypen ${ext} kan ikke lægges i biblioteket. Brug Markdown, PDF, DOCX, HTML, CSV eller JSON.`;
}

/** multer's limits as Danish JSON errors (it has removed the files it wrote before this runs). */
function uploadErrors(limits: UploadLimits): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (!(error instanceof multer.MulterError)) return next(error);
    const mb = Math.round(limits.maxFileBytes / (1024 * 1024));
    if (error.code === 'LIMIT_FILE_SIZE') return sendError(res, 413, 'payload_too_large', `En fil er større end ${mb} MB. Intet er gemt; del filen op, eller gør den mindre.`);
    if (error.code === 'LIMIT_FILE_COUNT' || error.code === 'LIMIT_PART_COUNT') {
      return sendError(res, 413, 'payload_too_large', `Højst ${limits.maxFiles} filer ad gangen. Intet er gemt.`);
    }
    if (error.code === 'LIMIT_UNEXPECTED_FILE') return sendError(res, 400, 'bad_request', 'Filerne skal sendes i feltet "files".', 'files');
    sendError(res, 400, 'bad_request', 'Upload-formularen kunne ikke læses.');
  };
}

/** Builds the `/api/library` router. */
export function createLibraryRoutes(options: LibraryRoutesOptions): express.Router {
  const { db, advisers, now, library, submissions } = options;
  const limits = options.uploadLimits ?? DEFAULT_UPLOAD_LIMITS;
  const router = express.Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(requireAdviser(advisers, now, options.throttle));

  router.get('/documents', async (req, res) => {
    const parsed = libraryListQuerySchema.safeParse(req.query);
    if (!parsed.success) return sendValidationError(res, parsed.error);
    res.json(await listCatalogue(db, toCatalogueQuery(parsed.data)));
  });

  router.param('id', (_req, res, next, id: string) => (ID.test(id) ? next() : notFound(res)));

  router.get('/documents/:id', async (req, res) => {
    const id = String(req.params.id);
    const document = await readCatalogueDocument(db, id);
    if (!document) return notFound(res);
    const since = new Date(now().getTime() - (options.citedWithinDays ?? 90) * DAY_MS);
    const citingQuestions = await listCitingQuestions(db, id, { since, limit: options.citingQuestions ?? 10 });
    res.json({ document, citingQuestions });
  });

  const uploadable: RequestHandler = (req, res, next) => {
    if (!library) return unavailable(res, 'Upload til biblioteket');
    if (!req.is('multipart/form-data')) return sendError(res, 415, 'unsupported_media_type', 'Filerne skal sendes som multipart/form-data.');
    next();
  };
  const upload: RequestHandler = library ? uploadMiddleware(path.join(library.libraryDir, 'uploads'), limits) : (_req, _res, next) => next();
  const ingestUploads: RequestHandler = async (req, res) => {
    const { saved, refused } = uploadedFiles(req, library!.libraryDir);
    if (saved.length === 0 && refused.length === 0) return sendError(res, 400, 'bad_request', 'Vælg mindst én fil.', 'files');
    let reports: IngestFileReport[] = [];
    try {
      const claimed = await claimedIdProblems(db, saved);
      const free = saved.filter((file) => !claimed.has(file.relativePath));
      reports = free.length > 0 ? await library!.ingest(free.map((file) => file.relativePath)) : [];
      reports.push(...[...claimed].map(([file, problem]) => ({ path: file, outcome: 'failed' as const, problem })));
    } catch (error) {
      await removeUploads(saved); // nothing half-ingested stays on disk
      throw error;
    }
    const byPath = new Map(reports.map((report) => [report.path, report]));
    const lines: UploadReportLine[] = saved.map((file) => {
      const report = byPath.get(file.relativePath);
      return report ? { name: file.originalName, ...report } : { name: file.originalName, path: file.relativePath, outcome: 'failed', problem: 'Filen blev ikke læst.' };
    });
    // A refused file leaves nothing behind: the library folder holds only what is in search.
    await removeUploads(saved.filter((file) => (byPath.get(file.relativePath)?.outcome ?? 'failed') === 'failed'));
    for (const line of lines) if (line.outcome === 'failed') delete line.path;
    lines.push(...refused.map((name) => ({ name, outcome: 'failed' as const, problem: refusedType(name) })));
    const { adviser } = currentAuth(res);
    await advisers.audit({
      actor: adviser.id,
      action: 'library.uploaded',
      details: { files: lines.map(({ name, outcome, documentId, path: file }) => ({ name, outcome, ...(documentId ? { documentId } : {}), ...(file ? { path: file } : {}) })) },
    });
    res.json({ files: lines });
  };
  router.post('/uploads', uploadable, upload, uploadErrors(limits), ingestUploads);

  router.post('/documents/:id/unpublish', express.json({ limit: options.maxBodyBytes, strict: true }), async (req, res) => {
    if (!submissions) return unavailable(res, 'Afpublicering');
    const parsed = unpublishDocumentBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) return sendValidationError(res, parsed.error);
    const { id, name, email } = currentAuth(res).adviser;
    const reason = parsed.data.reason || undefined;
    const result = await submissions.unpublishDocument(String(req.params.id), { id, name, email }, reason);
    if (!result.ok) {
      const { status, code } = REFUSALS[result.error];
      return sendError(res, status, code, result.message.da);
    }
    res.json(result.value);
  });

  for (const route of ['/uploads', '/documents/:id/unpublish']) {
    router.all(route, (_req, res) => {
      res.set('Allow', 'POST');
      sendError(res, 405, 'method_not_allowed', 'Brug POST.');
    });
  }
  router.use((_req, res) => sendError(res, 404, 'not_found', 'Den adresse findes ikke i API’et.'));
  return router;
}

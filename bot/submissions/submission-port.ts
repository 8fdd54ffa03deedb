/**
 * The contract for collecting experience: what channels call when a user shares a case, and what the advisers'
 * console calls to review, edit, ask, reject, publish and unpublish. Types only; the implementation is
 * `createSubmissionService` (bot/submissions/submission-service.ts).
 *
 * One table holds both kinds of proposal: cases users submit (`source: 'submission'`) and the "worth keeping"
 * drafts advisers make when they resolve an escalation (`source: 'adviser_draft'`).
 */
import type { AdviserIdentity } from '../escalation/escalation-port.js';
import type { Audience } from '../../knowledge/index.js';
import type { Language } from '../messages.js';
import type { SubmissionInput } from './submission-fields.js';
import type { FrontMatter, SubmissionIssue } from './validate-submission.js';

export type SubmissionStatus =
  /** Waiting for an adviser. */
  | 'new'
  /** An adviser asked the submitter a question. */
  | 'asked'
  | 'rejected'
  | 'published'
  /** Was published, then taken out of search (the file is kept, moved aside). */
  | 'unpublished';

export type SubmissionSource = 'submission' | 'adviser_draft';

/** Who submitted, and how to reach them again (for questions and the "it is published" notice). */
export interface Submitter {
  channel: string;
  userId: string;
  displayName?: string;
  language: Language;
  audience: Audience;
  /** The stored conversation the submitter wrote from (`conversationKey(channel, id, thread)`), if any. */
  conversationKey?: string;
  /** The channel's own reference for posting into that conversation (as its DeliveryPort reads it). */
  deliveryRef?: unknown;
}

/** An uploaded file that goes with a submission (PDF or DOCX, ≤ 10 MB; checked by the service too). */
export interface AttachmentUpload {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

export interface SubmissionSummary {
  id: string;
  /** What the submitter is told and can quote: `KC-2026-0007`. */
  reference: string;
  source: SubmissionSource;
  status: SubmissionStatus;
  title: string;
  organisation?: string;
  channel: string;
  submitterName?: string;
  createdAt: string;
  updatedAt: string;
  hasAttachment: boolean;
}

export interface SubmissionEvent {
  at: string;
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

export interface SubmissionDetail extends SubmissionSummary {
  frontMatter: FrontMatter;
  body: string;
  attachment?: { fileName: string; mimeType: string; size: number };
  /** Set once published: the library document's id and its file, relative to LIBRARY_DIR. */
  documentId?: string;
  libraryPath?: string;
  rejectionReason?: string;
  /** The audit trail of this submission, oldest first. */
  history: SubmissionEvent[];
}

/** A library document that may already tell the same story. */
export interface NearDuplicate {
  documentId: string;
  title: string;
  organisation?: string;
  year?: number;
  /** The hybrid search's fused rank score: orders the list, but is no measure of likeness. */
  score: number;
  /**
   * Cosine similarity (0..1) of the document's closest chunk to the submission's title and opening, when the vector
   * side saw it: the likeness an adviser can read. On the sample library a case searched by its own title and opening
   * scores 0.70–0.95 (median 0.88), the closest other case at most 0.79 (median 0.39); the console calls 0.7 very close.
   */
  similarity?: number;
  snippet: string;
}

export type SubmissionError =
  | 'invalid' // field issues (HTTP 400 / the channel shows them beside the fields)
  | 'not_found'
  | 'wrong_status' // e.g. publishing a rejected one (HTTP 409)
  | 'attachment' // wrong type or too large (HTTP 400/413)
  | 'no_conversation'; // asking a submitter who cannot be reached (HTTP 409)

export type SubmissionResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: SubmissionError; message: Record<Language, string>; issues?: SubmissionIssue[] };

export interface SubmissionListFilter {
  status?: SubmissionStatus[];
  source?: SubmissionSource;
}

export interface SubmissionService {
  /**
   * Checks and stores a case a user shares (masked); the result carries the reference number to show them.
   * Nothing is stored when a field is wrong: the issues name each field.
   */
  submit(
    input: SubmissionInput,
    submitter: Submitter,
    attachment?: AttachmentUpload,
  ): Promise<SubmissionResult<{ id: string; reference: string; maskedPersonalData: boolean }>>;
  list(filter?: SubmissionListFilter): Promise<SubmissionSummary[]>;
  get(id: string): Promise<SubmissionDetail | undefined>;
  /** The attachment's bytes, for the console's download. */
  attachment(id: string): Promise<AttachmentUpload | undefined>;
  /** An adviser edits front matter and body (checked with the same schema; masked again). */
  update(id: string, adviser: AdviserIdentity, edit: { frontMatter: FrontMatter; body: string }): Promise<SubmissionResult<SubmissionDetail>>;
  /** Library documents similar to its title and text (hybrid search), best first. */
  nearDuplicates(id: string, limit?: number): Promise<NearDuplicate[]>;
  /** Sends the submitter a question into their own conversation (through the outbox); status becomes `asked`. */
  ask(id: string, adviser: AdviserIdentity, question: string): Promise<SubmissionResult<SubmissionDetail>>;
  /** Rejects with a reason the submitter is told. */
  reject(id: string, adviser: AdviserIdentity, reason: string): Promise<SubmissionResult<SubmissionDetail>>;
  /**
   * Writes the Markdown file into LIBRARY_DIR, ingests it at once (the next question can find it) and tells the
   * submitter, with a link.
   */
  publish(id: string, adviser: AdviserIdentity): Promise<SubmissionResult<SubmissionDetail>>;
  /** Removes it from search and moves the file aside (its history stays). */
  unpublish(id: string, adviser: AdviserIdentity, reason?: string): Promise<SubmissionResult<SubmissionDetail>>;
  /**
   * Unpublishes a library document by its id (the console's library page): a submission that published it becomes
   * `unpublished`; any other document is removed from search and its file under LIBRARY_DIR moved aside. Audited.
   */
  unpublishDocument(documentId: string, adviser: AdviserIdentity, reason?: string): Promise<SubmissionResult<{ documentId: string; movedTo?: string }>>;
}

/** A per-file line of an ingest the console started (the same facts the CLI's summary table shows). */
export interface IngestFileReport {
  /** Relative to LIBRARY_DIR. */
  path: string;
  outcome: 'added' | 'updated' | 'unchanged' | 'failed';
  documentId?: string;
  chunks?: number;
  /** Why it failed, one line (the CLI's problem text). */
  problem?: string;
}

/**
 * The library's files as the source of truth: writes into LIBRARY_DIR and ingests just those files, or takes a
 * document out of search. Implemented by `createLibraryPublisher` (bot/submissions/library-publisher.ts).
 */
export interface LibraryPublisher {
  /** The absolute LIBRARY_DIR. */
  readonly libraryDir: string;
  /**
   * Writes `relativePath` under LIBRARY_DIR (never outside it) and ingests that one file at once. A file that does
   * not parse is removed again and the result names the problem.
   */
  publish(relativePath: string, markdown: string): Promise<IngestFileReport>;
  /** Ingests files already saved under LIBRARY_DIR (the console's upload), one report line per file. */
  ingest(relativePaths: string[]): Promise<IngestFileReport[]>;
  /** Removes the document from search; its file, if under LIBRARY_DIR, moves to `.afpubliceret/` (kept, not ingested). */
  unpublish(documentId: string): Promise<{ removed: boolean; movedTo?: string }>;
}

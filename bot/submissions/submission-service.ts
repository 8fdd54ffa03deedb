/**
 * The SubmissionService on the database: channels submit cases users share, the advisers' console reviews, edits,
 * asks, rejects, publishes and unpublishes them. Every action writes an audit row (who, what, ids and counts: never
 * the case's text). Messages to the submitter go into their own conversation: stored in `messages` when the
 * conversation is stored, and queued in the outbox as an `adviser_message`, which every channel's DeliveryPort
 * already renders.
 *
 * Status rules: `new` and `asked` may be edited, asked about, rejected or published; `unpublished` may be edited and
 * published again; `published` may only be unpublished; `rejected` is final.
 */
import YAML from 'yaml';
import type { Logger } from '../../config/logger.js';
import type { Db, Queryable, SearchHit, SearchOptions } from '../../knowledge/index.js';
import { slugify } from '../../ingest/parse/slugify.js';
import type { AdviserIdentity, UserDelivery } from '../escalation/escalation-port.js';
import type { Language } from '../messages.js';
import { appendMessage, getConversation } from '../store/conversation-store.js';
import {
  enqueueSubmitterMessage,
  findSubmissionByDocument,
  getSubmissionAttachment,
  getSubmissionRow,
  insertSubmission,
  listSubmissionRows,
  readSubmissionAudit,
  setSubmissionStatus,
  toSubmissionSummary,
  updateSubmissionContent,
  writeSubmissionAudit,
  type SubmissionRow,
} from '../store/submission-store.js';
import { maskPersonalData } from '../understanding/mask-personal-data.js';
import { checkAttachment } from './check-attachment.js';
import type {
  LibraryPublisher,
  NearDuplicate,
  SubmissionDetail,
  SubmissionResult,
  SubmissionService,
  SubmissionStatus,
} from './submission-port.js';
import { ACTIONS, REFUSALS, SUBMITTER_TEXTS, wrongStatusMessage } from './submission-texts.js';
import { validateDocumentEdit, validateSubmission, type FrontMatter } from './validate-submission.js';

export interface SubmissionServiceOptions {
  db: Db;
  publisher: LibraryPublisher;
  /** The knowledge base's hybrid search (near-duplicates). */
  search: (question: string, options: SearchOptions) => Promise<SearchHit[]>;
  logger: Logger;
  /** Where users reach the web chat (PUBLIC_BASE_URL): the publish notice links to it. */
  publicBaseUrl?: string;
  now?: () => Date;
}

/** Where published submissions are written, inside LIBRARY_DIR. */
export const SUBMISSIONS_FOLDER = 'indsendt';

const EDITABLE: readonly SubmissionStatus[] = ['new', 'asked', 'unpublished'];
const OPEN: readonly SubmissionStatus[] = ['new', 'asked'];
const PUBLISHABLE: readonly SubmissionStatus[] = ['new', 'asked', 'unpublished'];

type Refusal = Extract<SubmissionResult<never>, { ok: false }>;
const refuse = (error: Refusal['error'], message: Record<Language, string>, issues?: Refusal['issues']): Refusal => ({
  ok: false,
  error,
  message,
  ...(issues ? { issues } : {}),
});

/**
 * @example
 * const submissions = createSubmissionService({ db, publisher: library, search: knowledge.search, logger, publicBaseUrl: 'https://chat.kraftcenter.dk' });
 * const result = await submissions.submit(form, { channel: 'web', userId: 'u1', language: 'da', audience: 'public', conversationKey: 'web:c1' });
 */
export function createSubmissionService(options: SubmissionServiceOptions): SubmissionService {
  const { db, publisher, logger } = options;
  const now = options.now ?? (() => new Date());

  async function detail(q: Queryable, row: SubmissionRow): Promise<SubmissionDetail> {
    return {
      ...toSubmissionSummary(row),
      frontMatter: row.front_matter,
      body: row.body,
      ...(row.attachment_name
        ? { attachment: { fileName: row.attachment_name, mimeType: row.attachment_type ?? 'application/octet-stream', size: row.attachment_size ?? 0 } }
        : {}),
      ...(row.document_id ? { documentId: row.document_id } : {}),
      ...(row.library_path ? { libraryPath: row.library_path } : {}),
      ...(row.rejection_reason ? { rejectionReason: row.rejection_reason } : {}),
      history: await readSubmissionAudit(q, row.id),
    };
  }

  /**
   * Tells the submitter `texts` in their conversation (stored message + outbox delivery). False when the submission
   * has no conversation to write in (an adviser's draft, a form sent without one).
   */
  async function messageSubmitter(q: Queryable, row: SubmissionRow, eventKey: string, texts: Record<Language, string>, adviser: AdviserIdentity): Promise<boolean> {
    if (!row.conversation_key || row.source !== 'submission') return false;
    const language: Language = row.language === 'en' ? 'en' : 'da';
    const text = texts[language];
    if (await getConversation(q, row.conversation_key)) {
      await appendMessage(q, row.conversation_key, { role: 'adviser', text, authorId: adviser.id, authorName: adviser.name });
    }
    const delivery: UserDelivery = {
      conversationKey: row.conversation_key,
      channel: row.channel,
      ...(row.delivery_ref !== null && row.delivery_ref !== undefined ? { deliveryRef: row.delivery_ref } : {}),
      kind: 'adviser_message',
      text,
      authorName: adviser.name,
      language,
    };
    await enqueueSubmitterMessage(q, eventKey, delivery);
    return true;
  }

  /**
   * Runs `change` on the locked row when its status is one of `allowed`; refuses otherwise. Returns the detail
   * after the change.
   */
  async function transition(
    id: string,
    allowed: readonly SubmissionStatus[],
    action: Record<Language, string>,
    change: (tx: Queryable, row: SubmissionRow) => Promise<Refusal | void>,
  ): Promise<SubmissionResult<SubmissionDetail>> {
    return db.transaction(async (tx) => {
      const row = await getSubmissionRow(tx, id, true);
      if (!row) return refuse('not_found', REFUSALS.notFound);
      if (!allowed.includes(row.status)) return refuse('wrong_status', wrongStatusMessage(row.status, action));
      const refused = await change(tx, row);
      if (refused) return refused;
      return { ok: true as const, value: await detail(tx, (await getSubmissionRow(tx, id))!) };
    });
  }

  const service: SubmissionService = {
    async submit(input, submitter, attachment) {
      const checked = validateSubmission(input);
      if (!checked.ok) return refuse('invalid', REFUSALS.invalid, checked.issues);
      const file = attachment ? checkAttachment(attachment) : undefined;
      if (file && !file.ok) return refuse('attachment', file.message);
      const { frontMatter, body, maskedKinds } = checked.value;
      const created = await db.transaction(async (tx) => {
        const stored = await insertSubmission(
          tx,
          {
            source: 'submission',
            frontMatter,
            body,
            channel: submitter.channel,
            submitterId: submitter.userId,
            submitterName: submitter.displayName,
            language: submitter.language,
            audience: submitter.audience,
            conversationKey: submitter.conversationKey,
            deliveryRef: submitter.deliveryRef,
            attachment: file?.ok ? file.value : undefined,
          },
          now(),
        );
        await writeSubmissionAudit(tx, {
          actor: `user:${submitter.channel}:${submitter.userId}`,
          action: 'submission_created',
          submissionId: stored!.id,
          details: {
            reference: stored!.reference,
            channel: submitter.channel,
            ...(maskedKinds.length > 0 ? { masked: maskedKinds } : {}),
            ...(file?.ok ? { attachment: { type: file.value.mimeType, size: file.value.bytes.length } } : {}),
          },
        });
        return stored!;
      });
      logger.info('submissions: case submitted', { reference: created.reference, channel: submitter.channel });
      return { ok: true, value: { ...created, maskedPersonalData: maskedKinds.length > 0 } };
    },

    async list(filter) {
      return (await listSubmissionRows(db, filter)).map(toSubmissionSummary);
    },

    async get(id) {
      const row = await getSubmissionRow(db, id);
      return row ? detail(db, row) : undefined;
    },

    attachment: (id) => getSubmissionAttachment(db, id),

    async update(id, adviser, edit) {
      const checked = validateDocumentEdit(edit.frontMatter, edit.body);
      if (!checked.ok) return refuse('invalid', REFUSALS.invalid, checked.issues);
      return transition(id, EDITABLE, ACTIONS.edit, async (tx, row) => {
        const { frontMatter, body, maskedKinds } = checked.value;
        await updateSubmissionContent(tx, id, frontMatter, body, now());
        const changed = [...new Set([...Object.keys(row.front_matter), ...Object.keys(frontMatter)])]
          .filter((key) => JSON.stringify(row.front_matter[key]) !== JSON.stringify(frontMatter[key]))
          .sort();
        await writeSubmissionAudit(tx, {
          actor: adviser.id,
          action: 'submission_edited',
          submissionId: id,
          details: { fields: changed, bodyChanged: row.body !== body, ...(maskedKinds.length > 0 ? { masked: maskedKinds } : {}) },
        });
      });
    },

    async nearDuplicates(id, limit = 5) {
      const row = await getSubmissionRow(db, id);
      if (!row) return [];
      const title = typeof row.front_matter.title === 'string' ? row.front_matter.title : '';
      // The title and the start of the story: what a reader would search for. Headings carry no content.
      const opening = row.body.replace(/^#+ .*$/gm, ' ').replace(/\s+/g, ' ').trim().slice(0, 400);
      const hits = await options.search(`${title} ${opening}`.trim(), {
        audience: 'internal',
        limit: limit * 3,
        perDocument: 1,
        ...(row.document_id ? { filters: { excludeDocumentIds: [row.document_id] } } : {}),
      });
      const seen = new Set<string>();
      const duplicates: NearDuplicate[] = [];
      for (const hit of hits) {
        if (seen.has(hit.documentId) || hit.documentId === row.document_id) continue;
        seen.add(hit.documentId);
        duplicates.push({
          documentId: hit.documentId,
          title: hit.document.title,
          ...(hit.document.organisation ? { organisation: hit.document.organisation } : {}),
          ...(hit.document.year !== undefined ? { year: hit.document.year } : {}),
          score: hit.score,
          ...(hit.vectorSimilarity !== undefined ? { similarity: hit.vectorSimilarity } : {}),
          snippet: hit.content.replace(/\s+/g, ' ').trim().slice(0, 240),
        });
        if (duplicates.length >= limit) break;
      }
      return duplicates;
    },

    async ask(id, adviser, question) {
      const typed = question.trim();
      if (typed === '') return refuse('invalid', REFUSALS.emptyText, [{ field: 'question', message: { da: 'skal udfyldes', en: 'is required' } }]);
      return transition(id, OPEN, ACTIONS.ask, async (tx, row) => {
        if (!row.conversation_key || row.source !== 'submission') return refuse('no_conversation', REFUSALS.noConversation);
        const masked = maskPersonalData(typed, row.language === 'en' ? 'en' : 'da');
        const version = await setSubmissionStatus(tx, id, 'asked', now());
        await messageSubmitter(tx, row, `submission:${id}:asked:${version}`, SUBMITTER_TEXTS.question(row.reference, masked.text, adviser), adviser);
        await writeSubmissionAudit(tx, {
          actor: adviser.id,
          action: 'submission_asked',
          submissionId: id,
          details: { chars: masked.text.length, ...(masked.kinds.length > 0 ? { masked: masked.kinds } : {}) },
        });
      });
    },

    async reject(id, adviser, reason) {
      const typed = reason.trim();
      if (typed === '') return refuse('invalid', REFUSALS.emptyText, [{ field: 'reason', message: { da: 'skal udfyldes', en: 'is required' } }]);
      return transition(id, OPEN, ACTIONS.reject, async (tx, row) => {
        const masked = maskPersonalData(typed, row.language === 'en' ? 'en' : 'da').text;
        const version = await setSubmissionStatus(tx, id, 'rejected', now(), { rejectionReason: masked });
        const title = String(row.front_matter.title ?? row.reference);
        const notified = await messageSubmitter(tx, row, `submission:${id}:rejected:${version}`, SUBMITTER_TEXTS.rejected(row.reference, title, masked), adviser);
        await writeSubmissionAudit(tx, { actor: adviser.id, action: 'submission_rejected', submissionId: id, details: { notified } });
      });
    },

    async publish(id, adviser) {
      const row = await getSubmissionRow(db, id);
      if (!row) return refuse('not_found', REFUSALS.notFound);
      if (!PUBLISHABLE.includes(row.status)) return refuse('wrong_status', wrongStatusMessage(row.status, ACTIONS.publish));
      const documentId = typeof row.front_matter.id === 'string' && row.front_matter.id !== '' ? row.front_matter.id : `indsendt-${row.reference.toLowerCase()}`;
      const checked = validateDocumentEdit({ ...row.front_matter, id: documentId }, row.body);
      if (!checked.ok) return refuse('invalid', REFUSALS.invalid, checked.issues);
      const title = String(checked.value.frontMatter.title ?? row.reference);
      const libraryPath = row.library_path ?? `${SUBMISSIONS_FOLDER}/${row.reference}-${slugify(title).slice(0, 60).replace(/-+$/, '') || 'erfaring'}.md`;
      // The file and the ingest first (the ingest runs its own transactions); the status follows once it is searchable.
      const report = await publisher.publish(libraryPath, renderLibraryFile(checked.value.frontMatter, checked.value.body));
      if (report.outcome === 'failed') {
        logger.warn('submissions: publishing failed', { reference: row.reference, problem: report.problem });
        return refuse('invalid', REFUSALS.publishFailed(report.problem ?? ''), [{ field: 'body', message: REFUSALS.publishFailed(report.problem ?? '') }]);
      }
      const published = await transition(id, PUBLISHABLE, ACTIONS.publish, async (tx, locked) => {
        const version = await setSubmissionStatus(tx, id, 'published', now(), { documentId: report.documentId ?? documentId, libraryPath: report.path, rejectionReason: null });
        const link = {
          ...(options.publicBaseUrl ? { chat: chatLink(options.publicBaseUrl, locked.language) } : {}),
          ...(typeof checked.value.frontMatter.source_url === 'string' ? { source: checked.value.frontMatter.source_url } : {}),
        };
        const notified = await messageSubmitter(tx, locked, `submission:${id}:published:${version}`, SUBMITTER_TEXTS.published(locked.reference, title, link), adviser);
        await writeSubmissionAudit(tx, {
          actor: adviser.id,
          action: 'submission_published',
          submissionId: id,
          details: { documentId: report.documentId ?? documentId, libraryPath: report.path, outcome: report.outcome, chunks: report.chunks ?? 0, notified },
        });
      });
      if (published.ok) logger.info('submissions: published', { reference: row.reference, documentId: published.value.documentId });
      return published;
    },

    async unpublish(id, adviser, reason) {
      const row = await getSubmissionRow(db, id);
      if (!row) return refuse('not_found', REFUSALS.notFound);
      if (row.status !== 'published') return refuse('wrong_status', wrongStatusMessage(row.status, ACTIONS.unpublish));
      const removed = row.document_id ? await publisher.unpublish(row.document_id) : { removed: false };
      return transition(id, ['published'], ACTIONS.unpublish, async (tx) => {
        await setSubmissionStatus(tx, id, 'unpublished', now(), removed.movedTo ? { libraryPath: null } : {});
        await writeSubmissionAudit(tx, {
          actor: adviser.id,
          action: 'submission_unpublished',
          submissionId: id,
          details: { documentId: row.document_id, removed: removed.removed, ...(removed.movedTo ? { movedTo: removed.movedTo } : {}), ...reasonDetails(reason) },
        });
      });
    },

    async unpublishDocument(documentId, adviser, reason) {
      const owner = await findSubmissionByDocument(db, documentId);
      if (owner && owner.status === 'published') {
        const result = await service.unpublish(owner.id, adviser, reason);
        if (!result.ok) return result;
        const moved = result.value.history.at(-1)?.details.movedTo;
        return { ok: true, value: { documentId, ...(typeof moved === 'string' ? { movedTo: moved } : {}) } };
      }
      const removed = await publisher.unpublish(documentId);
      if (!removed.removed) return refuse('not_found', REFUSALS.documentNotFound);
      await writeSubmissionAudit(db, {
        actor: adviser.id,
        action: 'document_unpublished',
        details: { documentId, ...(removed.movedTo ? { movedTo: removed.movedTo } : {}), ...reasonDetails(reason) },
      });
      return { ok: true, value: { documentId, ...(removed.movedTo ? { movedTo: removed.movedTo } : {}) } };
    },
  };
  return service;
}

/** An adviser's reason, masked (an adviser's note, like a hand-off's resolve note; never the case's text). */
function reasonDetails(reason: string | undefined): Record<string, unknown> {
  const typed = reason?.trim();
  return typed ? { reason: maskPersonalData(typed, 'da').text } : {};
}

/** The library file: YAML front matter, then the body. */
export function renderLibraryFile(frontMatter: FrontMatter, body: string): string {
  return `---\n${YAML.stringify(frontMatter, { lineWidth: 0 })}---\n\n${body.trimEnd()}\n`;
}

/**
 * The web chat in the submitter's language. The chat has no page per document, so the notice names the case to
 * ask about and links to the chat itself.
 */
function chatLink(publicBaseUrl: string, language: string): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return language === 'en' ? `${base}/?lang=en` : `${base}/`;
}

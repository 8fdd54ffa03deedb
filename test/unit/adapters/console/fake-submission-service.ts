/**
 * An in-memory SubmissionService for the console's route and page tests until (and beside) the real one: the port's
 * status rules (ask/reject only while new or asked, edit and publish not once published or rejected, unpublish only
 * when published), edits checked with the real `validateDocumentEdit`, an audit trail per proposal, and what the real
 * service would send or write as plain lists (`outbox`, `library`) so tests can see it happened.
 */
import type { AdviserIdentity } from '../../../../bot/escalation/escalation-port.js';
import type {
  AttachmentUpload,
  NearDuplicate,
  SubmissionDetail,
  SubmissionError,
  SubmissionResult,
  SubmissionService,
} from '../../../../bot/submissions/submission-port.js';
import { validateDocumentEdit } from '../../../../bot/submissions/validate-submission.js';

export interface FakeSubmissionService extends SubmissionService {
  /** Adds a proposal (fields override the defaults) and returns it. */
  seed(patch?: Partial<SubmissionDetail>, attachment?: AttachmentUpload): SubmissionDetail;
  readonly items: Map<string, SubmissionDetail>;
  /** Messages the real service would put in the outbox for the submitter. */
  readonly outbox: Array<{ id: string; kind: 'question' | 'rejected' | 'published'; text: string }>;
  /** Documents "in the library" by id. */
  readonly library: Map<string, { title: string; body: string }>;
  /** Near-duplicates every `nearDuplicates` call answers. */
  duplicates: NearDuplicate[];
}

const MESSAGES: Record<SubmissionError, { da: string; en: string }> = {
  invalid: { da: 'Nogle felter skal rettes.', en: 'Some fields need correcting.' },
  not_found: { da: 'Forslaget findes ikke.', en: 'The proposal does not exist.' },
  wrong_status: { da: 'Det kan ikke lade sig gøre i forslagets nuværende status.', en: 'Not possible in its current status.' },
  attachment: { da: 'Filen kan ikke bruges.', en: 'The file cannot be used.' },
  no_conversation: { da: 'Indsenderen kan ikke nås.', en: 'The submitter cannot be reached.' },
};

export function createFakeSubmissionService(): FakeSubmissionService {
  const items = new Map<string, SubmissionDetail>();
  const attachments = new Map<string, AttachmentUpload>();
  const outbox: FakeSubmissionService['outbox'] = [];
  const library = new Map<string, { title: string; body: string }>();
  let n = 0;
  const refuse = <T>(error: SubmissionError): SubmissionResult<T> => ({ ok: false, error, message: MESSAGES[error] });
  const stamp = () => new Date().toISOString();
  const audit = (item: SubmissionDetail, adviser: AdviserIdentity, action: string, details: Record<string, unknown> = {}) => {
    // As the real audit: the adviser's id, the action namespaced.
    item.history.push({ at: stamp(), actor: adviser.id, action: `submission_${action}`, details });
    item.updatedAt = stamp();
  };
  /** The proposal if it exists and its status allows the step. */
  const inStatus = (id: string, allowed: SubmissionDetail['status'][]): SubmissionDetail | SubmissionError => {
    const item = items.get(id);
    if (!item) return 'not_found';
    return allowed.includes(item.status) ? item : 'wrong_status';
  };
  const copy = (item: SubmissionDetail): SubmissionDetail => structuredClone(item);

  const service: FakeSubmissionService = {
    items,
    outbox,
    library,
    duplicates: [],
    seed(patch = {}, attachment) {
      n += 1;
      const id = patch.id ?? `sub-${n}`;
      const at = new Date(Date.now() - 3 * 3_600_000).toISOString();
      const item: SubmissionDetail = {
        id,
        reference: `KC-2026-${String(n).padStart(4, '0')}`,
        source: 'submission',
        status: 'new',
        title: 'Hverdagsrehabilitering i hjemmeplejen',
        organisation: 'Fredericia Kommune',
        channel: 'web',
        submitterName: 'Anne Borger',
        createdAt: at,
        updatedAt: at,
        hasAttachment: attachment !== undefined,
        frontMatter: {
          type: 'case',
          title: patch.title ?? 'Hverdagsrehabilitering i hjemmeplejen',
          organisation: 'Fredericia Kommune',
          organisation_type: 'kommune',
          region: 'Syddanmark',
          year: 2019,
          policy_area: 'ældre',
          status: 'afsluttet',
          contact: { role: 'Projektleder', email: 'projekt@fredericia.dk' },
          audience: 'public',
        },
        body: '## Hvad vi gjorde\n\nVi trænede borgerne i hverdagens gøremål.\n\n## Hvad det førte til\n\nFærre timer hjemmehjælp.\n\n## Råd til andre\n\nStart småt.\n',
        history: [{ at, actor: `user:web:u-${n}`, action: 'submission_created', details: {} }],
        ...(attachment ? { attachment: { fileName: attachment.fileName, mimeType: attachment.mimeType, size: attachment.bytes.length } } : {}),
        ...patch,
      };
      items.set(id, item);
      if (attachment) attachments.set(id, attachment);
      return copy(item);
    },
    async submit() {
      throw new Error('FakeSubmissionService.submit is not used by the console');
    },
    async list(filter = {}) {
      return [...items.values()]
        .filter((item) => !filter.status || filter.status.includes(item.status))
        .filter((item) => !filter.source || item.source === filter.source)
        .map(({ frontMatter: _f, body: _b, history: _h, attachment: _a, documentId: _d, libraryPath: _l, rejectionReason: _r, ...summary }) => summary);
    },
    async get(id) {
      const item = items.get(id);
      return item ? copy(item) : undefined;
    },
    async attachment(id) {
      return attachments.get(id);
    },
    async update(id, adviser, edit) {
      const item = inStatus(id, ['new', 'asked', 'unpublished']);
      if (typeof item === 'string') return refuse(item);
      const checked = validateDocumentEdit(edit.frontMatter, edit.body);
      if (!checked.ok) return { ...refuse('invalid'), issues: checked.issues };
      item.frontMatter = checked.value.frontMatter;
      item.body = checked.value.body;
      item.title = checked.value.metadata.title;
      item.organisation = checked.value.metadata.organisation;
      audit(item, adviser, 'edited');
      return { ok: true, value: copy(item) };
    },
    async nearDuplicates(id, limit = 5) {
      return items.has(id) ? service.duplicates.slice(0, limit) : [];
    },
    async ask(id, adviser, question) {
      const item = inStatus(id, ['new', 'asked']);
      if (typeof item === 'string') return refuse(item);
      if (item.source !== 'submission') return refuse('no_conversation');
      item.status = 'asked';
      outbox.push({ id, kind: 'question', text: question });
      audit(item, adviser, 'asked', { question });
      return { ok: true, value: copy(item) };
    },
    async reject(id, adviser, reason) {
      const item = inStatus(id, ['new', 'asked']);
      if (typeof item === 'string') return refuse(item);
      item.status = 'rejected';
      item.rejectionReason = reason;
      outbox.push({ id, kind: 'rejected', text: reason });
      audit(item, adviser, 'rejected', { reason });
      return { ok: true, value: copy(item) };
    },
    async publish(id, adviser) {
      const item = inStatus(id, ['new', 'asked', 'unpublished']);
      if (typeof item === 'string') return refuse(item);
      item.status = 'published';
      item.documentId = item.documentId ?? `case-${id}`;
      item.libraryPath = `indsendte/${item.documentId}.md`;
      library.set(item.documentId, { title: item.title, body: item.body });
      outbox.push({ id, kind: 'published', text: item.title });
      audit(item, adviser, 'published', { libraryPath: item.libraryPath });
      return { ok: true, value: copy(item) };
    },
    async unpublish(id, adviser, reason) {
      const item = inStatus(id, ['published']);
      if (typeof item === 'string') return refuse(item);
      item.status = 'unpublished';
      library.delete(item.documentId!);
      audit(item, adviser, 'unpublished', reason ? { reason } : {});
      return { ok: true, value: copy(item) };
    },
    async unpublishDocument(documentId) {
      return library.delete(documentId) ? { ok: true, value: { documentId } } : refuse('not_found');
    },
  };
  return service;
}

/**
 * A small in-memory SubmissionService for the web form's route tests: `submit` checks with the real
 * `validateSubmission` and the attachment rules, keeps what it accepted and hands out KC-2026-000n references.
 * The console's methods are not the web form's business and throw.
 */
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, type SubmissionInput } from '../../bot/submissions/submission-fields.js';
import type { AttachmentUpload, SubmissionService, Submitter } from '../../bot/submissions/submission-port.js';
import { validateSubmission, type ValidSubmission } from '../../bot/submissions/validate-submission.js';

export interface StoredSubmission {
  reference: string;
  value: ValidSubmission;
  submitter: Submitter;
  attachment?: AttachmentUpload;
}

export interface MemorySubmissions extends SubmissionService {
  readonly stored: StoredSubmission[];
  /** Every call of `submit`, accepted or not. */
  readonly calls: Array<{ input: SubmissionInput; submitter: Submitter; attachment?: AttachmentUpload }>;
}

export function createMemorySubmissions(): MemorySubmissions {
  const stored: StoredSubmission[] = [];
  const calls: MemorySubmissions['calls'] = [];
  const notHere = () => Promise.reject(new Error('not used by the web form'));
  return {
    stored,
    calls,
    async submit(input, submitter, attachment) {
      calls.push({ input, submitter, ...(attachment ? { attachment } : {}) });
      if (attachment && (!(attachment.mimeType in ATTACHMENT_TYPES) || attachment.bytes.length > ATTACHMENT_MAX_BYTES)) {
        return { ok: false, error: 'attachment', message: { da: 'Filen kan ikke bruges.', en: 'The file cannot be used.' } };
      }
      const checked = validateSubmission(input);
      if (!checked.ok) {
        return { ok: false, error: 'invalid', message: { da: 'Nogle felter skal rettes.', en: 'Some fields need correcting.' }, issues: checked.issues };
      }
      const reference = `KC-2026-${String(stored.length + 1).padStart(4, '0')}`;
      stored.push({ reference, value: checked.value, submitter, ...(attachment ? { attachment } : {}) });
      return { ok: true, value: { id: `s${stored.length}`, reference, maskedPersonalData: checked.value.maskedKinds.length > 0 } };
    },
    list: notHere,
    get: notHere,
    attachment: notHere,
    update: notHere,
    nearDuplicates: notHere,
    ask: notHere,
    reject: notHere,
    publish: notHere,
    unpublish: notHere,
    unpublishDocument: notHere,
  };
}

/**
 * The attachment rules, checked on the server whatever the channel checked: PDF or DOCX by declared type, by name
 * and by content (a PDF starts with `%PDF-`, a DOCX is a zip: `PK\x03\x04`), at most ATTACHMENT_MAX_BYTES.
 */
import path from 'node:path';
import type { Language } from '../messages.js';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from './submission-fields.js';
import type { AttachmentUpload } from './submission-port.js';
import { REFUSALS } from './submission-texts.js';

const MAGIC: Record<keyof typeof ATTACHMENT_TYPES, Buffer> = {
  'application/pdf': Buffer.from('%PDF-', 'latin1'),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': Buffer.from([0x50, 0x4b, 0x03, 0x04]),
};

export type AttachmentCheck = { ok: true; value: AttachmentUpload } | { ok: false; message: Record<Language, string> };

/** The upload with a safe file name, or why it is refused. */
export function checkAttachment(upload: AttachmentUpload): AttachmentCheck {
  const mimeType = upload.mimeType.split(';')[0]!.trim().toLowerCase() as keyof typeof ATTACHMENT_TYPES;
  const extension = ATTACHMENT_TYPES[mimeType];
  if (!extension) return { ok: false, message: REFUSALS.attachmentType };
  if (upload.bytes.length > ATTACHMENT_MAX_BYTES) return { ok: false, message: REFUSALS.attachmentSize(ATTACHMENT_MAX_BYTES / (1024 * 1024)) };
  const magic = MAGIC[mimeType];
  if (upload.bytes.length < magic.length || !upload.bytes.subarray(0, magic.length).equals(magic)) {
    return { ok: false, message: REFUSALS.attachmentContent };
  }
  // Only the base name, without control characters, with the extension its type has.
  const base = path.basename(upload.fileName.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  const stem = base.replace(/\.[^.]*$/, '') || 'bilag';
  return { ok: true, value: { fileName: `${stem}${extension}`, mimeType, bytes: upload.bytes } };
}

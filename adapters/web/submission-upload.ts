/**
 * Reads the case-submission form (`multipart/form-data`): its text fields and at most one file, `attachment`, kept
 * in memory (never on disk) and at most 10 MB. The file's type is decided by its name and its first bytes, not by
 * the browser's MIME type (which is guessed from the visitor's computer and may be anything): a `.pdf` that starts
 * with `%PDF-`, a `.docx` that starts like a ZIP archive.
 */
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Language } from '../../bot/messages.js';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, SUBMISSION_FIELDS } from '../../bot/submissions/submission-fields.js';
import type { AttachmentUpload } from '../../bot/submissions/submission-port.js';

/** The form's file field. */
export const ATTACHMENT_FIELD = 'attachment';

/** Room for the text fields and the multipart framing around a file of the largest size. */
export const FORM_OVERHEAD_BYTES = 256 * 1024;

export type UploadProblem = { status: 400 | 413; code: 'invalid' | 'payload_too_large'; field: string; message: Record<Language, string> };

export type UploadResult = { ok: true; fields: Record<string, unknown>; attachment?: AttachmentUpload } | { ok: false; problem: UploadProblem };

const TOO_LARGE: UploadProblem = {
  status: 413,
  code: 'payload_too_large',
  field: ATTACHMENT_FIELD,
  message: { da: 'Filen er for stor. Den må højst fylde 10 MB.', en: 'The file is too large. It may be at most 10 MB.' },
};

const WRONG_TYPE: UploadProblem = {
  status: 400,
  code: 'invalid',
  field: ATTACHMENT_FIELD,
  message: { da: 'Filen skal være en PDF eller et Word-dokument (.docx).', en: 'The file must be a PDF or a Word document (.docx).' },
};

const UNREADABLE: UploadProblem = {
  status: 400,
  code: 'invalid',
  field: 'form',
  message: { da: 'Formularen kunne ikke læses. Genindlæs siden, og prøv igen.', en: 'The form could not be read. Reload the page and try again.' },
};

const upload = multer({
  storage: multer.memoryStorage(),
  // Browsers send a file name with æ, ø and å as UTF-8 without saying so.
  defParamCharset: 'utf8',
  limits: {
    fileSize: ATTACHMENT_MAX_BYTES,
    files: 1,
    // The form's fields (a multiselect repeats its name) and `lang` / `conversationId`; a text field's longest
    // value in UTF-8 bytes with room to spare.
    fields: SUBMISSION_FIELDS.length + 16,
    parts: SUBMISSION_FIELDS.length + 17,
    fieldNameSize: 100,
    fieldSize: 32 * 1024,
    // The form's names are flat (`title`, a repeated `innovation_type`): `a[b]` is refused, not built into objects.
    fieldNestingDepth: 0,
  },
}).single(ATTACHMENT_FIELD);

const MAGIC: Record<keyof typeof ATTACHMENT_TYPES, Buffer> = {
  'application/pdf': Buffer.from('%PDF-'),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': Buffer.from([0x50, 0x4b, 0x03, 0x04]),
};

/** The accepted type of a file by its extension and first bytes, or undefined. */
export function attachmentType(fileName: string, bytes: Buffer): keyof typeof ATTACHMENT_TYPES | undefined {
  const lower = fileName.toLowerCase();
  for (const [type, extension] of Object.entries(ATTACHMENT_TYPES) as Array<[keyof typeof ATTACHMENT_TYPES, string]>) {
    if (lower.endsWith(extension) && bytes.subarray(0, MAGIC[type].length).equals(MAGIC[type])) return type;
  }
  return undefined;
}

/** The visitor's file name without any path, control characters or excess length. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  return base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(-200) || 'bilag';
}

/**
 * Reads the form. A body whose declared length is past the limit is refused before any of it is read.
 * Anything multer refuses (too large, a second file, a file in another field, too many fields) is a problem.
 */
export function readSubmissionUpload(req: Request, res: Response): Promise<UploadResult> {
  const declared = Number(req.get('content-length') ?? 0);
  if (declared > ATTACHMENT_MAX_BYTES + FORM_OVERHEAD_BYTES) {
    // Not read at all: the connection is closed after the answer rather than drained.
    res.set('Connection', 'close');
    return Promise.resolve({ ok: false, problem: TOO_LARGE });
  }
  return new Promise((resolve) => {
    upload(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        if (error.code === 'LIMIT_FILE_SIZE') return resolve({ ok: false, problem: TOO_LARGE });
        if (error.code === 'LIMIT_UNEXPECTED_FILE' || error.code === 'LIMIT_FILE_COUNT') return resolve({ ok: false, problem: WRONG_TYPE });
        return resolve({ ok: false, problem: UNREADABLE });
      }
      if (error) return resolve({ ok: false, problem: UNREADABLE });
      const fields = (req.body ?? {}) as Record<string, unknown>;
      const file = req.file;
      if (!file) return resolve({ ok: true, fields });
      const fileName = cleanFileName(file.originalname);
      const type = attachmentType(fileName, file.buffer);
      if (!type) return resolve({ ok: false, problem: WRONG_TYPE });
      resolve({ ok: true, fields, attachment: { fileName, mimeType: type, bytes: file.buffer } });
    });
  });
}

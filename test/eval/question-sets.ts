/**
 * The evaluation's question sets and their schema. `original` is the project's first 70 questions (used while tuning
 * retrieval, so no longer a fair measure); `natural-tuning` and `natural-holdout` are the natural-language set split in
 * two: tune only while looking at the tuning half, and measure on the held-back half (see README.md). Every file is
 * checked with zod when it is loaded, and a bad entry is named in one line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../../config/app-error.js';
import { DOCUMENT_TYPES, ORGANISATION_TYPES, REGIONS } from '../../knowledge/documents/library-document.js';

const EVAL_DIR = path.dirname(fileURLToPath(import.meta.url));

export const QUESTION_FILES = {
  original: path.join(EVAL_DIR, 'questions.json'),
  'natural-tuning': path.join(EVAL_DIR, 'natural-questions.tuning.json'),
  'natural-holdout': path.join(EVAL_DIR, 'natural-questions.holdout.json'),
} as const;

export type QuestionSetName = keyof typeof QUESTION_FILES;
export const QUESTION_SET_NAMES = Object.keys(QUESTION_FILES) as QuestionSetName[];

/** The filters a question's words express, as search filters; the retrieval metrics apply them as given. */
const filtersSchema = z
  .object({
    organisationType: z.enum(ORGANISATION_TYPES).optional(),
    region: z.enum(REGIONS).optional(),
    yearFrom: z.number().int().optional(),
    yearTo: z.number().int().optional(),
    type: z.enum(DOCUMENT_TYPES).optional(),
    policyArea: z.string().min(1).optional(),
  })
  .strict();

/**
 * What a question expects. who/method/filtered (and the original set's `filter`) are retrieval questions: `relevant`
 * lists every library document that answers them. out_of_scope must be declined (no sources, no case cards), human must
 * escalate to an adviser, gap is in scope but unanswered by the library (no case cards expected); these list none.
 */
export const RETRIEVAL_KINDS = ['who', 'method', 'filtered', 'filter'] as const;
export const QUESTION_KINDS = [...RETRIEVAL_KINDS, 'out_of_scope', 'human', 'gap'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

const questionSchema = z
  .object({
    id: z.string().regex(/^[a-z]\d{2,3}$/, 'must be a letter and 2–3 digits, e.g. n017'),
    kind: z.enum(QUESTION_KINDS),
    question: z.string().trim().min(1),
    relevant: z.array(z.string().min(1)),
    filters: filtersSchema.optional(),
    language: z.enum(['da', 'en']).optional(),
  })
  .strict()
  .superRefine((question, context) => {
    const retrieval = (RETRIEVAL_KINDS as readonly string[]).includes(question.kind);
    if (retrieval && question.relevant.length === 0) {
      context.addIssue({ code: 'custom', path: ['relevant'], message: `a ${question.kind} question must name at least one relevant document` });
    }
    if (!retrieval && question.relevant.length > 0) {
      context.addIssue({ code: 'custom', path: ['relevant'], message: `a question of kind ${question.kind} lists no relevant documents` });
    }
  });

export type EvalQuestion = z.infer<typeof questionSchema>;

export function isRetrievalQuestion(question: EvalQuestion): boolean {
  return (RETRIEVAL_KINDS as readonly string[]).includes(question.kind);
}

/** A question file that cannot be used; the message names the file and the first bad entry. */
export class QuestionFileError extends AppError<'eval.invalid_questions'> {
  constructor(message: string) {
    super('eval.invalid_questions', message);
  }
}

/** The questions in `file`, checked; throws a QuestionFileError naming the first bad entry (or duplicate id). */
export function loadQuestionFile(file: string): EvalQuestion[] {
  const name = path.relative(process.cwd(), file) || file;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new QuestionFileError(`${name}: cannot be read as JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(raw)) throw new QuestionFileError(`${name}: must be a JSON array of questions`);
  const seen = new Set<string>();
  return raw.map((entry, index) => {
    const parsed = questionSchema.safeParse(entry);
    const label = `${name}: question ${index + 1}${isObjectWithId(entry) ? ` (${entry.id})` : ''}`;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new QuestionFileError(`${label}: ${issue.path.join('.') || 'entry'}: ${issue.message}`);
    }
    if (seen.has(parsed.data.id)) throw new QuestionFileError(`${label}: the id ${parsed.data.id} is used twice`);
    seen.add(parsed.data.id);
    return parsed.data;
  });
}

export function loadQuestionSet(set: QuestionSetName): EvalQuestion[] {
  return loadQuestionFile(QUESTION_FILES[set]);
}

function isObjectWithId(entry: unknown): entry is { id: string } {
  return typeof entry === 'object' && entry !== null && typeof (entry as { id?: unknown }).id === 'string';
}

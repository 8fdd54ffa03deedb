/**
 * "Worth keeping": an adviser's answer saved as a draft knowledge item in the library's Markdown format (front
 * matter + body), for staff to review, move into the library and ingest. Personal data is masked throughout.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Queryable } from '../../knowledge/index.js';
import type { Citation } from '../messages.js';
import { maskPersonalData } from '../understanding/mask-personal-data.js';
import type { JoinedEscalationRow } from './escalation-rows.js';
import { toLocalTime } from './office-hours.js';

/** The content of a draft, before masking. */
export interface DraftInput {
  escalationId: string;
  question: string;
  adviserName: string;
  /** The adviser's messages to the user, oldest first. */
  answers: string[];
  citations: Citation[];
  note?: string;
  date: Date;
}

const mask = (text: string) => maskPersonalData(text, 'da').text;

/** Lowercase ASCII (æ→ae, ø→oe, å→aa), words joined by '-', at most `max` characters. */
export function draftSlug(text: string, max = 50): string {
  const folded = text
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = folded.length > max ? folded.slice(0, max).replace(/-[^-]*$/, '') : folded;
  return cut || 'svar';
}

function citationLine(citation: Citation): string {
  const where = [citation.organisation, citation.year].filter((part) => part !== undefined && part !== '').join(', ');
  const label = `${citation.title}${where ? ` (${where})` : ''}`;
  return `- [${citation.n}] ${label}${citation.url ? ` — ${citation.url}` : ''} (dokument: \`${citation.documentId}\`)`;
}

/** A draft as front matter (library names) and Markdown body, masked: what the Forslag queue stores. */
export function knowledgeDraftParts(input: DraftInput): { frontMatter: Record<string, unknown>; body: string } {
  const question = mask(input.question.trim()) || '(intet spørgsmål)';
  const title = question.replace(/\s+/g, ' ').slice(0, 120);
  const frontMatter = { type: 'method', title, audience: 'internal', tags: ['adviser-svar', 'udkast'], author: input.adviserName };
  const answers = input.answers.map((answer) => mask(answer.trim())).filter((answer) => answer !== '');
  const sections = [
    `## Spørgsmål\n\n${question}`,
    `## Svar fra rådgiver\n\n${answers.length ? answers.join('\n\n') : '(rådgiveren skrev intet svar i samtalen)'}`,
    `## Kilder botten brugte\n\n${input.citations.length ? input.citations.map(citationLine).join('\n') : 'Ingen.'}`,
  ];
  if (input.note?.trim()) sections.push(`## Note fra rådgiver\n\n${mask(input.note.trim())}`);
  return { frontMatter, body: `${sections.join('\n\n')}\n` };
}

/** The Markdown of a draft: front matter in the library format, then question, answer, sources and note. */
export function renderKnowledgeDraft(input: DraftInput): string {
  const { frontMatter, body } = knowledgeDraftParts(input);
  // JSON strings are valid YAML double-quoted scalars; written by hand to keep the library's flow-style tag list.
  const front = [
    `# Udkast fra rådgiverhenvendelse ${input.escalationId}: gennemgå, ret og flyt ind i biblioteket før ingest.`,
    'type: method',
    `title: ${JSON.stringify(frontMatter.title)}`,
    'audience: internal',
    'tags: [adviser-svar, udkast]',
    `author: ${JSON.stringify(input.adviserName)}`,
    '',
  ].join('\n');
  return `---\n${front}---\n\n${body}`;
}

/**
 * Writes `<draftsDir>/YYYY-MM-DD-<first 8 of the id>-<slug>.md` (Copenhagen date) and returns its path. Never
 * overwrites: an existing file is an error.
 */
export async function writeKnowledgeDraft(draftsDir: string, input: DraftInput): Promise<string> {
  const local = toLocalTime(input.date, 'Europe/Copenhagen');
  const date = `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
  const prefix = input.escalationId.replace(/[^a-zA-Z0-9]/g, '').slice(0, 8);
  const file = path.join(draftsDir, `${date}-${prefix}-${draftSlug(mask(input.question))}.md`);
  await fs.mkdir(draftsDir, { recursive: true });
  await fs.writeFile(file, renderKnowledgeDraft(input), { encoding: 'utf8', flag: 'wx' });
  return file;
}

/** The draft's content from the database: the question, the last answer's citations and the adviser's messages. */
export async function loadDraftInput(q: Queryable, row: JoinedEscalationRow, adviserName: string, date: Date): Promise<DraftInput> {
  const result = await q.query<{ text: string }>(
    `SELECT text FROM messages WHERE conversation_id = $1 AND role = 'adviser' AND created_at >= $2 ORDER BY created_at`,
    [row.conversation_id, new Date(row.created_at).toISOString()],
  );
  const lastAnswer = typeof row.last_answer === 'string' ? JSON.parse(row.last_answer) : row.last_answer;
  return {
    escalationId: row.id,
    question: row.question,
    adviserName,
    answers: result.rows.map((message) => message.text),
    citations: lastAnswer?.citations ?? [],
    note: row.resolution_note ?? undefined,
    date,
  };
}

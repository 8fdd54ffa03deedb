/**
 * Checks the sample library in `data/library/` and the retrieval evaluation set in `test/eval/questions.json`.
 *
 * Why: the library is hand-written sample data and the evaluation measures retrieval against it, so a typo in a
 * front-matter value or a question pointing at a missing document would silently skew results. This script parses
 * every format the way the library contract describes (YAML front matter, CSV columns, JSON keys, binary file names),
 * counts documents per type and format, and verifies that every question's `relevant` ids exist.
 *
 * Run with `npx tsx scripts/check-sample-library.ts`. Prints a summary; exits with code 1 and a list of problems
 * (each naming the file and field) when anything is wrong.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parse as parseCsv } from 'csv-parse/sync';
import {
  AUDIENCES,
  DOCUMENT_TYPES,
  INNOVATION_TYPES,
  ORGANISATION_TYPES,
  REGIONS,
  STATUSES,
} from '../knowledge/documents/library-document.js';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIBRARY_DIR = path.join(ROOT, 'data', 'library');
const QUESTIONS_FILE = path.join(ROOT, 'test', 'eval', 'questions.json');

const CSV_COLUMNS = [
  'id', 'type', 'title', 'organisation', 'organisation_type', 'region', 'year', 'end_year', 'policy_area',
  'innovation_type', 'methods', 'status', 'contact_name', 'contact_role', 'contact_email', 'contact_phone',
  'source_url', 'tags', 'audience', 'description',
];
const CASE_SECTIONS = ['## Baggrund', '## Hvad gjorde de', '## Resultater', '## Læring'];
const METHOD_SECTIONS = ['## Hvad er det', '## Hvornår bruger man den', '## Sådan gør I', '## Faldgruber', '## Eksempler'];
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const QUESTION_KINDS = ['who', 'method', 'filter'] as const;
const FILTER_KEYS = ['organisationType', 'region', 'yearFrom', 'yearTo', 'type', 'policyArea'];

/** What the checker keeps about each document. */
interface CheckedDoc {
  id: string;
  type: string;
  format: 'markdown' | 'pdf' | 'docx' | 'html' | 'csv' | 'json';
  file: string;
  audience: string;
  region?: string;
  organisationType?: string;
  year?: number;
  policyArea?: string;
  title: string;
}

const problems: string[] = [];
const docs: CheckedDoc[] = [];

/** Records a problem; the checker keeps going so one run lists everything. */
function fail(where: string, message: string): void {
  problems.push(`${where}: ${message}`);
}

/** Lists files under a directory recursively, relative to it. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
    ),
  );
  return nested.flat().sort();
}

/** Counts words in Markdown text, ignoring heading markers. */
function wordCount(text: string): number {
  return text.replace(/^#+\s.*$/gm, '').split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** A list field from front matter/JSON (array) or CSV (`;`-separated); undefined when absent. */
function asList(value: unknown, where: string, field: string): string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value.split(';').map((item) => item.trim()).filter(Boolean);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  fail(where, `"${field}" must be a list of strings`);
  return undefined;
}

/** An integer field, accepting numbers or numeric strings; undefined when absent. */
function asYear(value: unknown, where: string, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const year = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(year) || year < 1900 || year > 2100) {
    fail(where, `"${field}" must be an integer year, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return year;
}

/** Validates one document's metadata record (front matter, CSV row or JSON object) and registers it. */
function checkRecord(record: Record<string, unknown>, id: string, format: CheckedDoc['format'], file: string, body: string): void {
  const where = `${file}${format === 'csv' || format === 'json' ? `#${id}` : ''}`;
  const type = String(record.type ?? '');
  if (!(DOCUMENT_TYPES as readonly string[]).includes(type)) fail(where, `"type" must be one of ${DOCUMENT_TYPES.join('|')}, got "${type}"`);
  const title = typeof record.title === 'string' ? record.title : '';
  if (title.trim() === '') fail(where, '"title" is required');
  if (type === 'case' && (typeof record.organisation !== 'string' || record.organisation.trim() === '')) {
    fail(where, '"organisation" is required for cases');
  }
  const enumField = (field: string, allowed: readonly string[]): string | undefined => {
    const value = record[field];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' || !allowed.includes(value)) fail(where, `"${field}" must be one of ${allowed.join('|')}, got ${JSON.stringify(value)}`);
    return typeof value === 'string' ? value : undefined;
  };
  const organisationType = enumField('organisation_type', ORGANISATION_TYPES);
  const region = enumField('region', REGIONS);
  enumField('status', STATUSES);
  const audience = enumField('audience', AUDIENCES) ?? 'public';
  const year = asYear(record.year, where, 'year');
  const endYear = asYear(record.end_year, where, 'end_year');
  if (year !== undefined && endYear !== undefined && endYear < year) fail(where, '"end_year" is before "year"');
  for (const item of asList(record.innovation_type, where, 'innovation_type') ?? []) {
    if (!(INNOVATION_TYPES as readonly string[]).includes(item)) fail(where, `"innovation_type" has unknown value "${item}"`);
  }
  asList(record.methods, where, 'methods');
  asList(record.tags, where, 'tags');
  const policyArea = typeof record.policy_area === 'string' && record.policy_area !== '' ? record.policy_area : undefined;
  if (policyArea !== undefined && policyArea !== policyArea.toLowerCase()) fail(where, `"policy_area" should be lowercase, got "${policyArea}"`);
  if (type === 'case' && (typeof record.source_url !== 'string' || !/^https?:\/\//.test(record.source_url))) {
    fail(where, '"source_url" must be an http(s) URL');
  }
  if (format === 'markdown' || format === 'csv' || format === 'json') {
    const sections = type === 'case' ? CASE_SECTIONS : METHOD_SECTIONS;
    for (const heading of sections) if (!body.includes(`${heading}\n`)) fail(where, `body is missing the section "${heading}"`);
    const words = wordCount(body);
    if (type === 'case' && (words < 200 || words > 500)) fail(where, `case body has ${words} words; expected 200-500`);
  }
  docs.push({ id, type, format, file, audience, region, organisationType, year, policyArea, title });
}

/** Checks every Markdown file: front matter, slug file name, id equal to the slug. */
async function checkMarkdown(file: string): Promise<void> {
  const raw = await readFile(path.join(LIBRARY_DIR, file), 'utf8');
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(raw);
  if (!match) return fail(file, 'missing YAML front matter');
  const slug = path.basename(file, '.md');
  if (!SLUG.test(slug)) fail(file, `file name "${slug}" is not a lowercase ASCII slug`);
  const record = parseYaml(match[1]) as Record<string, unknown>;
  if (record.id !== undefined && record.id !== slug) fail(file, `"id" (${String(record.id)}) must equal the file slug (${slug})`);
  checkRecord(record, slug, 'markdown', file, match[2]);
}

/** Checks the CSV export: exact columns, one case per row. */
async function checkCsv(file: string): Promise<void> {
  const raw = await readFile(path.join(LIBRARY_DIR, file), 'utf8');
  const header = (parseCsv(raw, { to_line: 1 }) as string[][])[0] ?? [];
  if (header.join(',') !== CSV_COLUMNS.join(',')) fail(file, `columns must be exactly: ${CSV_COLUMNS.join(',')}`);
  const rows = parseCsv(raw, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  for (const row of rows) {
    if (!SLUG.test(row.id ?? '')) fail(file, `row id "${row.id}" is not a slug`);
    checkRecord(row, row.id, 'csv', file, `${row.description ?? ''}\n`);
  }
}

/** Checks the JSON export: an array of objects with the CSV field names, lists as arrays, contact as an object. */
async function checkJson(file: string): Promise<void> {
  const data = JSON.parse(await readFile(path.join(LIBRARY_DIR, file), 'utf8')) as unknown;
  if (!Array.isArray(data)) return fail(file, 'must be a JSON array');
  for (const item of data as Record<string, unknown>[]) {
    const id = String(item.id ?? '');
    if (!SLUG.test(id)) fail(file, `object id "${id}" is not a slug`);
    if (item.contact !== undefined && (typeof item.contact !== 'object' || item.contact === null)) fail(`${file}#${id}`, '"contact" must be an object');
    for (const key of ['innovation_type', 'methods', 'tags']) {
      if (item[key] !== undefined && !Array.isArray(item[key])) fail(`${file}#${id}`, `"${key}" must be an array`);
    }
    checkRecord(item, id, 'json', file, `${String(item.description ?? '')}\n`);
  }
}

/** Checks an HTML research page for the metadata the HTML parser reads. */
async function checkHtml(file: string): Promise<void> {
  const raw = await readFile(path.join(LIBRARY_DIR, file), 'utf8');
  const title = /<title>([^<]+)<\/title>/.exec(raw)?.[1] ?? '';
  if (!title) fail(file, 'missing <title>');
  if (!/<meta name="author" content="[^"]+"/.test(raw)) fail(file, 'missing <meta name="author">');
  if (!/<meta name="date" content="\d{4}-\d{2}-\d{2}"/.test(raw)) fail(file, 'missing <meta name="date" content="YYYY-MM-DD">');
  if (!/<h1>/.test(raw) || !/<h2>/.test(raw)) fail(file, 'needs h1 and h2 headings');
  docs.push({ id: path.basename(file, '.html'), type: 'research', format: 'html', file, audience: 'public', title });
}

/** Registers a PDF or DOCX by file name (type research is implied); checks the file is non-trivial. */
async function checkBinary(file: string, format: 'pdf' | 'docx'): Promise<void> {
  const bytes = await readFile(path.join(LIBRARY_DIR, file));
  const magic = format === 'pdf' ? '%PDF' : 'PK';
  if (bytes.subarray(0, magic.length).toString('latin1') !== magic) fail(file, `does not look like a ${format.toUpperCase()} file`);
  docs.push({ id: path.basename(file, `.${format}`), type: 'research', format, file, audience: 'public', title: file });
}

/** Checks the evaluation questions against the registered documents. */
async function checkQuestions(ids: Set<string>): Promise<Record<string, number>> {
  const questions = JSON.parse(await readFile(QUESTIONS_FILE, 'utf8')) as Record<string, unknown>[];
  const kinds: Record<string, number> = { who: 0, method: 0, filter: 0 };
  const seen = new Set<string>();
  if (!Array.isArray(questions)) {
    fail('test/eval/questions.json', 'must be an array');
    return kinds;
  }
  for (const q of questions) {
    const where = `test/eval/questions.json#${String(q.id)}`;
    if (typeof q.id !== 'string' || seen.has(q.id)) fail(where, '"id" must be a unique string');
    seen.add(String(q.id));
    if (!(QUESTION_KINDS as readonly string[]).includes(String(q.kind))) fail(where, `"kind" must be one of ${QUESTION_KINDS.join('|')}`);
    else kinds[String(q.kind)] += 1;
    if (typeof q.question !== 'string' || q.question.trim() === '') fail(where, '"question" is required');
    if (!Array.isArray(q.relevant) || q.relevant.length === 0) fail(where, '"relevant" must be a non-empty array');
    for (const id of (q.relevant as unknown[]) ?? []) if (!ids.has(String(id))) fail(where, `relevant id "${String(id)}" does not exist`);
    if (q.filters !== undefined) {
      const filters = q.filters as Record<string, unknown>;
      for (const key of Object.keys(filters)) if (!FILTER_KEYS.includes(key)) fail(where, `unknown filter key "${key}"`);
      if (filters.organisationType !== undefined && !(ORGANISATION_TYPES as readonly string[]).includes(String(filters.organisationType))) fail(where, 'bad organisationType filter');
      if (filters.region !== undefined && !(REGIONS as readonly string[]).includes(String(filters.region))) fail(where, 'bad region filter');
      if (filters.type !== undefined && !(DOCUMENT_TYPES as readonly string[]).includes(String(filters.type))) fail(where, 'bad type filter');
      for (const key of ['yearFrom', 'yearTo']) if (filters[key] !== undefined && !Number.isInteger(filters[key])) fail(where, `"${key}" must be an integer`);
      checkFilterConsistency(where, filters, (q.relevant as string[]) ?? []);
    }
    if (q.kind === 'filter' && q.filters === undefined) fail(where, 'filter questions need "filters"');
  }
  if (questions.length < 66) fail('test/eval/questions.json', `has ${questions.length} questions; need at least 66`);
  return kinds;
}

/** A relevant document of a filter question must satisfy the question's filters (methods/research exempt from region/year). */
function checkFilterConsistency(where: string, filters: Record<string, unknown>, relevant: string[]): void {
  for (const id of relevant) {
    const doc = docs.find((d) => d.id === id);
    if (!doc) continue;
    if (filters.type !== undefined && doc.type !== filters.type) fail(where, `"${id}" has type ${doc.type}, filter says ${String(filters.type)}`);
    if (filters.organisationType !== undefined && doc.organisationType !== filters.organisationType) fail(where, `"${id}" is not organisationType ${String(filters.organisationType)}`);
    if (filters.region !== undefined && doc.region !== filters.region) fail(where, `"${id}" is not in region ${String(filters.region)}`);
    if (filters.policyArea !== undefined && doc.policyArea !== filters.policyArea) fail(where, `"${id}" does not have policyArea ${String(filters.policyArea)}`);
    if (filters.yearFrom !== undefined && (doc.year === undefined || doc.year < Number(filters.yearFrom))) fail(where, `"${id}" year ${doc.year} is before ${String(filters.yearFrom)}`);
    if (filters.yearTo !== undefined && (doc.year === undefined || doc.year > Number(filters.yearTo))) fail(where, `"${id}" year ${doc.year} is after ${String(filters.yearTo)}`);
  }
}

/** Runs all checks and prints the summary. */
async function main(): Promise<void> {
  const files = await listFiles(LIBRARY_DIR);
  for (const file of files) {
    const ext = path.extname(file).toLowerCase();
    if (ext === '.md') await checkMarkdown(file);
    else if (ext === '.csv') await checkCsv(file);
    else if (ext === '.json') await checkJson(file);
    else if (ext === '.html') await checkHtml(file);
    else if (ext === '.pdf') await checkBinary(file, 'pdf');
    else if (ext === '.docx') await checkBinary(file, 'docx');
    else fail(file, 'unexpected file type in the library');
  }

  const ids = new Set<string>();
  for (const doc of docs) {
    if (ids.has(doc.id)) fail(doc.file, `duplicate document id "${doc.id}"`);
    ids.add(doc.id);
  }

  const count = (predicate: (doc: CheckedDoc) => boolean): number => docs.filter(predicate).length;
  const cases = count((d) => d.type === 'case');
  const methods = count((d) => d.type === 'method');
  const research = count((d) => d.type === 'research');
  const byFormat = Object.fromEntries(['markdown', 'pdf', 'docx', 'html', 'csv', 'json'].map((f) => [f, count((d) => d.format === f)]));
  const internal = count((d) => d.audience === 'internal');
  if (cases < 40) fail('data/library', `${cases} cases; need at least 40`);
  if (methods + research < 12) fail('data/library', `${methods + research} method/research documents; need at least 12`);
  if (byFormat.pdf < 2) fail('data/library', 'need at least 2 PDFs');
  if (byFormat.docx < 1) fail('data/library', 'need at least 1 DOCX');
  if (byFormat.html < 1) fail('data/library', 'need at least 1 HTML file');
  if (byFormat.csv < 5) fail('data/library', 'the CSV needs at least 5 cases');
  if (byFormat.json < 2 || byFormat.json > 3) fail('data/library', 'the JSON needs 2-3 cases');
  if (internal < 2) fail('data/library', 'need at least 2 documents with audience: internal');

  const kinds = await checkQuestions(ids);

  const tally = (key: 'region' | 'organisationType'): string => {
    const counts = new Map<string, number>();
    for (const doc of docs.filter((d) => d.type === 'case')) counts.set(doc[key] ?? '(none)', (counts.get(doc[key] ?? '(none)') ?? 0) + 1);
    return [...counts].map(([k, v]) => `${k} ${v}`).join(', ');
  };
  console.log(`documents: ${docs.length} (cases ${cases}, methods ${methods}, research ${research}, internal ${internal})`);
  console.log(`formats: ${Object.entries(byFormat).map(([f, n]) => `${f} ${n}`).join(', ')}`);
  console.log(`cases by region: ${tally('region')}`);
  console.log(`cases by organisation type: ${tally('organisationType')}`);
  console.log(`questions: who ${kinds.who}, method ${kinds.method}, filter ${kinds.filter}`);
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s):\n${problems.map((p) => `- ${p}`).join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log('OK: sample library and evaluation questions are consistent.');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});

/**
 * Markdown library files (.md, .markdown): YAML front matter with the case/method metadata, then a free
 * Markdown body. Front matter is required; without it we cannot tell a case from a method, so the file
 * is refused rather than guessed at.
 */
import { parseDocument } from 'yaml';
import { describeIssues } from './describe-issues.js';
import { defaultIdForPath } from './file-stem.js';
import { validateMetadata } from './metadata-schema.js';
import { documentOutcome, type ParseOutcome, problemOutcome } from './parse-outcome.js';
import { EMPTY_FILE_MESSAGE, MISSING_FRONT_MATTER_MESSAGE } from './problem-messages.js';
import { splitFrontMatter } from './split-front-matter.js';
import { toLibraryDocument } from './to-library-document.js';

/**
 * Parses decoded Markdown text (see decodeText) into one document, or one problem naming what is wrong:
 * empty file, missing/unclosed front matter, YAML syntax error (with the file line), wrong fields
 * (all named at once), or a front matter without a body.
 */
export function parseMarkdown(text: string, relativePath: string): ParseOutcome {
  const problem = (message: string) => problemOutcome(relativePath, message);
  if (text.trim() === '') return problem(EMPTY_FILE_MESSAGE);

  const split = splitFrontMatter(text);
  if (split.kind === 'missing') return problem(MISSING_FRONT_MATTER_MESSAGE);
  if (split.kind === 'unclosed') return problem("front matter er ikke afsluttet: mangler den afsluttende '---' linje");

  const yaml = parseDocument(split.yaml, { uniqueKeys: true, prettyErrors: true });
  const yamlError = yaml.errors[0];
  if (yamlError !== undefined) {
    const line = (yamlError.linePos?.[0]?.line ?? 1) + split.yamlFirstLine - 1;
    const reason = yamlError.message.split(' at line ')[0];
    return problem(`ugyldig YAML i front matter (linje ${line}): ${reason}`);
  }
  const raw: unknown = yaml.toJS() ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return problem('front matter skal være felter på formen "navn: værdi" (fik en liste eller en enkelt værdi)');
  }

  const metadata = validateMetadata(raw);
  if (!metadata.ok) return problem(describeIssues(metadata.issues, 'front matter field'));

  const body = split.body.replace(/^(?:[ \t]*\n)+/, '').trimEnd();
  if (body === '') return problem(`${EMPTY_FILE_MESSAGE}: ingen tekst efter front matter`);

  return documentOutcome(
    toLibraryDocument(metadata.value, {
      defaultId: defaultIdForPath(relativePath),
      body,
      sourcePath: relativePath,
      sourceFormat: 'markdown',
    }),
  );
}

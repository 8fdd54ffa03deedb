/**
 * Library file parsing: turns the files of the case library (Markdown with front matter, PDF, DOCX, HTML,
 * plain text, CSV and JSON exports) into LibraryDocuments, and bad input into clear problems instead of
 * exceptions. See each format's module for its rules; metadata rules live in metadata-schema.
 */
export type { ParseOutcome, ParseProblem } from './parse-outcome.js';
export { formatForPath } from './format-for-path.js';
export { parseFile } from './parse-file.js';
export { parseBuffer } from './parse-buffer.js';
export { documentMetadataSchema, validateMetadata, METADATA_FIELDS, type ParsedMetadata } from './metadata-schema.js';
export { describeIssues } from './describe-issues.js';
export { slugify } from './slugify.js';
export { defaultIdForPath } from './file-stem.js';
export { htmlToMarkdown } from './html-to-markdown.js';
export { BINARY_FILE_MESSAGE, EMPTY_FILE_MESSAGE, MISSING_FRONT_MATTER_MESSAGE } from './problem-messages.js';
export { PDF_NO_TEXT_MESSAGE } from './pdf.js';

/**
 * How library passages are shown to the model: one `<source n="…">` element per passage inside `<sources>`, so the
 * model can tell data from instructions, and how leaked tags are removed from its answer again.
 */

/** One numbered passage the model may cite as [n]. */
export interface PromptSource {
  n: number;
  title: string;
  /** case | method | research: lets the model tell who-did-what from how-to. */
  type?: string;
  organisation?: string;
  year?: number;
  /** The case's status (idé, igangværende, afsluttet, skaleret). */
  status?: string;
  /** The document's own summary (for a case: what they did and what came of it). */
  summary?: string;
  text: string;
}

/** Any opening or closing source(s) tag, also with odd spacing: `<source`, `</source>`, `< / sources`. */
const SOURCE_TAG_START = /<(\s*\/?\s*sources?\b)/gi;
const SOURCE_TAG = /<\s*\/?\s*sources?\b[^>]*>?/gi;

/**
 * The `<sources>` block. Attribute values are escaped, and any source tag inside a passage is neutralised (its `<`
 * becomes `&lt;`), so a passage cannot close its element early and smuggle text outside the data block.
 */
export function formatSourceBlock(sources: PromptSource[]): string {
  const elements = sources.map((source) => {
    const attributes = [
      `n="${source.n}"`,
      `title="${escapeAttribute(source.title)}"`,
      source.organisation ? `organisation="${escapeAttribute(source.organisation)}"` : '',
      source.year !== undefined ? `year="${source.year}"` : '',
      source.type ? `type="${escapeAttribute(source.type)}"` : '',
      source.status ? `status="${escapeAttribute(source.status)}"` : '',
    ].filter((attribute) => attribute !== '');
    const summary = source.summary?.trim() ? `Resumé: ${neutraliseSourceTags(source.summary.trim())}\n` : '';
    return `<source ${attributes.join(' ')}>\n${summary}${neutraliseSourceTags(source.text.trim())}\n</source>`;
  });
  return `<sources>\n${elements.join('\n')}\n</sources>`;
}

/** Replaces the `<` of any source(s) tag in untrusted text with `&lt;`. */
export function neutraliseSourceTags(text: string): string {
  return text.replace(SOURCE_TAG_START, '&lt;$1');
}

/** Removes source(s) tags a model echoed into its answer (the text between them stays). */
export function stripSourceTags(text: string): string {
  return text.replace(SOURCE_TAG, '');
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What every composer returns: Markdown text and the citation numbers it refers to. */
export interface ComposedAnswer {
  /** Markdown with [n] citation markers; '' when there is nothing to say from the sources. */
  text: string;
  /** Citation numbers the text refers to, ascending; the engine keeps only these citations in the reply. */
  usedCitations: number[];
}

/**
 * The language-model answer: the model writes from numbered sources, and we keep only what is properly cited.
 */
import type { ChatModel } from './chat-model.js';
import { checkCitations } from './check-citations.js';
import { buildGroundedAnswerMessages, type GroundedAnswerInput } from './grounded-answer-prompt.js';
import { stripSourceTags } from './source-block.js';

export interface GroundedAnswer {
  /** Markdown with [n] citations, all pointing at given sources. */
  text: string;
  /** Source numbers the text cites, ascending. */
  usedCitations: number[];
  /** Numbers the model cited that were not given (removed from the text), ascending. */
  removedCitations: number[];
}

/**
 * Asks the model for an answer grounded in `input.sources`, then removes leaked source tags and citations to numbers
 * that were not given.
 * @returns null when there are no sources, or when no valid citation remains (an uncited answer is not shown as an
 *   answer: it may come from the model's own knowledge or from instructions injected into a source).
 * @throws ChatModelError when the model fails; the engine then falls back to the extractive answer.
 */
export async function generateGroundedAnswer(
  model: ChatModel,
  input: GroundedAnswerInput,
  opts?: { signal?: AbortSignal },
): Promise<GroundedAnswer | null> {
  if (input.sources.length === 0) return null;
  const raw = await model.complete(buildGroundedAnswerMessages(input), opts);
  const checked = checkCitations(stripSourceTags(raw), input.sources.map((source) => source.n));
  if (checked.usedCitations.length === 0 || checked.text === '') return null;
  return checked;
}

/**
 * The language-model answer: the model writes from numbered sources, and we keep only what is properly cited.
 */
import type { ChatCallOptions, ChatModel } from './chat-model.js';
import { checkCitations } from './check-citations.js';
import { buildGroundedAnswerMessages, type GroundedAnswerInput } from './grounded-answer-prompt.js';
import { holdBackSourceTags } from './hold-back-source-tags.js';
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
  return checkAnswer(raw, input);
}

/**
 * The same answer as {@link generateGroundedAnswer}, streamed: yields the model's text as it arrives (leaked source
 * tags held back and removed, citations as the model wrote them), and returns the checked answer, or null, when
 * the model has finished. What was yielded is a draft: the returned text (invalid citations removed) replaces it.
 * @throws ChatModelError when the model fails, also after text was yielded; the engine then falls back.
 */
export async function* streamGroundedAnswer(
  model: ChatModel,
  input: GroundedAnswerInput,
  opts?: ChatCallOptions,
): AsyncGenerator<string, GroundedAnswer | null, undefined> {
  if (input.sources.length === 0) return null;
  let raw = '';
  const shown = holdBackSourceTags();
  for await (const piece of model.stream(buildGroundedAnswerMessages(input), opts)) {
    raw += piece;
    const ready = shown.push(piece);
    if (ready !== '') yield ready;
  }
  return checkAnswer(raw, input);
}

/** Leaked source tags and citations to sources not given removed; null when no valid citation remains. */
function checkAnswer(raw: string, input: GroundedAnswerInput): GroundedAnswer | null {
  const checked = checkCitations(stripSourceTags(raw), input.sources.map((source) => source.n));
  if (checked.usedCitations.length === 0 || checked.text === '') return null;
  return checked;
}

/**
 * From a (masked) message and the previous turn to what to do: the intent, the stand-alone question to search and
 * its filters. Rules always work offline; a configured model may classify and rewrite, and any model failure falls
 * back to the rules.
 */
import type { Logger } from '../../config/logger.js';
import type { SearchFilters } from '../../knowledge/index.js';
import type { PreviousTurn } from '../conversation-turn.js';
import { classifyIntent, rewriteFollowUp, type ChatModel } from '../llm/index.js';
import type { Intent, Language } from '../messages.js';
import { detectIntent, extractFilters, resolveFollowUp, type FollowUp } from '../understanding/index.js';

export interface Understanding {
  intent: Intent;
  /** What to search for: the message itself, or the previous question rewritten for a follow-up. */
  question: string;
  filters: SearchFilters;
  followUp: FollowUp;
  /** Whether the model did the classification (for logs). */
  classifiedBy: 'rules' | 'model';
}

export async function understandMessage(
  text: string,
  language: Language,
  previous: PreviousTurn | undefined,
  deps: { chatModel?: ChatModel; logger: Logger; now: Date },
): Promise<Understanding> {
  const followUp = previous ? resolveFollowUp(text, previous, language, deps.now) : ({ kind: 'new' } as const);
  if (followUp.kind !== 'new' && previous) {
    const intent: Intent = previous.intent === 'method' ? 'method' : 'case_lookup';
    switch (followUp.kind) {
      case 'refine':
        return { intent, question: followUp.question, filters: followUp.filters, followUp, classifiedBy: 'rules' };
      case 'more_about':
        return { intent, question: followUp.question, filters: { documentIds: [followUp.documentId] }, followUp, classifiedBy: 'rules' };
      case 'more_results':
        return {
          intent,
          question: followUp.question,
          filters: { ...previous.filters, excludeDocumentIds: followUp.excludeDocumentIds },
          followUp,
          classifiedBy: 'rules',
        };
      case 'contacts':
        return { intent: 'case_lookup', question: previous.resolvedQuestion, filters: previous.filters, followUp, classifiedBy: 'rules' };
    }
  }

  const rules = detectIntent(text, language);
  const filters = extractFilters(text, deps.now).filters;
  let understanding: Understanding = { intent: rules.intent, question: text, filters, followUp, classifiedBy: 'rules' };
  // A request for a person always escalates, whatever a model would call it.
  if (!deps.chatModel || rules.intent === 'human') return understanding;

  try {
    const classified = await classifyIntent(deps.chatModel, text, language);
    understanding = {
      ...understanding,
      intent: classified.intent,
      filters: {
        ...filters,
        organisationTypes: classified.filters.organisationType ? [classified.filters.organisationType] : filters.organisationTypes,
        regions: classified.filters.region ? [classified.filters.region] : filters.regions,
        yearFrom: classified.filters.yearFrom ?? filters.yearFrom,
        yearTo: classified.filters.yearTo ?? filters.yearTo,
      },
      classifiedBy: 'model',
    };
  } catch (error) {
    deps.logger.warn('intent classification by the model failed; using the rules', { error });
  }
  // An elliptical message the rules did not resolve: let the model make it stand-alone.
  if (previous && understanding.intent !== 'human' && understanding.intent !== 'greeting' && text.split(/\s+/).length <= 8) {
    try {
      const standalone = await rewriteFollowUp(deps.chatModel, {
        question: text,
        previousQuestion: previous.resolvedQuestion,
        previousAnswer: previous.citations.map((citation) => `[${citation.n}] ${citation.title}`).join('; '),
        language,
      });
      understanding = { ...understanding, question: standalone };
    } catch (error) {
      deps.logger.warn('follow-up rewrite by the model failed; using the message as it is', { error });
    }
  }
  return understanding;
}

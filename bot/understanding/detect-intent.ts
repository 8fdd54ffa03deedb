/**
 * Rule-based intent of a user message: what kind of reply the engine should build. Deterministic and fast, so it
 * works without a language model and its decisions can be tested and explained (`reason` goes to the logs).
 */
import type { Intent, Language } from '../messages.js';
import {
  FEEDBACK,
  FEEDBACK_FILLERS,
  GREETING,
  GREETING_FILLERS,
  HUMAN_NOUNS,
  HUMAN_ONLY_WORDS,
  HUMAN_REQUEST,
} from './conversation-cues.js';
import { contentWords, normalizeText, removeMatches } from './match-text.js';
import { CASE_LEANING, DOMAIN_VOCABULARY, OFF_TOPIC, questionCue } from './question-cues.js';

export interface IntentResult {
  intent: Intent;
  /** How sure the rules are, 0..1: 0.9+ for an unmistakable cue, about 0.5 for the fall-back. */
  confidence: number;
  /** Why, in English, for logs and debugging ("asks for a person: \"tale med en rådgiver\""). */
  reason: string;
}

/** A feedback message may carry a few words of its own ("Forkert, det var Odense") but not a new question. */
const MAX_WORDS_WITH_FEEDBACK = 3;

function result(intent: Intent, confidence: number, reason: string): IntentResult {
  return { intent, confidence, reason };
}

/**
 * Classifies `text` (already masked for personal data) into one of the engine's intents, in this order:
 * 1. `human`: asks for a person ("kan jeg tale med en rådgiver", "ring til mig", "I want to talk to a human");
 * 2. `greeting`: nothing but a greeting or "what can you do" ("Hej!", "hjælp", "hello, what can you do?");
 * 3. `feedback`: a comment on the previous answer with no new question ("tak", "forkert", "not what I asked");
 * 4. `out_of_scope`: an off-topic subject (weather, sport, recipes, jokes, personal tax) AND no domain vocabulary;
 * 5. `method` / `case_lookup`: by the first question cue ("hvordan …" vs "hvem har …");
 * 6. otherwise `case_lookup` when an organisation type or "erfaring" is named, else `method`.
 * @param language the message's language (from `detectLanguage`). Cues of both languages are always tried, because
 *   users mix them ("Hej, who has …"), so today it only goes into `reason`; it is part of the signature so callers
 *   need not change when a language gets rules of its own.
 */
export function detectIntent(text: string, language: Language): IntentResult {
  const normalized = normalizeText(text);
  if (normalized === '') return result('greeting', 0.3, `empty message (${language})`);
  const words = normalized.split(' ');

  const human = HUMAN_REQUEST.exec(normalized);
  if (human) return result('human', 0.95, `asks for a person: "${human[0]}"`);
  if (words.some((word) => HUMAN_NOUNS.has(word)) && contentWords(normalized, HUMAN_ONLY_WORDS).length === 0) {
    return result('human', 0.85, 'the message is only a request for a person');
  }

  if (GREETING.test(normalized)) {
    const rest = removeMatches(normalized, GREETING);
    if (!questionCue(rest) && contentWords(rest, GREETING_FILLERS).length === 0) {
      return result('greeting', 0.95, 'only a greeting or "what can you do"');
    }
  }

  if (FEEDBACK.test(normalized)) {
    const rest = removeMatches(normalized, FEEDBACK);
    const extra = contentWords(rest, FEEDBACK_FILLERS);
    const asksAgain = text.includes('?') && extra.length > 0;
    if (!questionCue(rest) && !asksAgain && extra.length <= MAX_WORDS_WITH_FEEDBACK) {
      return result('feedback', extra.length === 0 ? 0.9 : 0.75, 'comments on the previous answer');
    }
  }

  const offTopic = OFF_TOPIC.exec(normalized);
  if (offTopic && !DOMAIN_VOCABULARY.test(normalized)) {
    return result('out_of_scope', 0.8, `off-topic subject "${offTopic[0]}" and no domain vocabulary`);
  }

  const cue = questionCue(normalized);
  if (cue) {
    const leading = cue.match.index <= 1;
    return result(cue.intent, leading ? 0.9 : 0.75, `question cue "${cue.match[0]}" (${language})`);
  }
  const leaning = CASE_LEANING.exec(normalized);
  if (leaning) return result('case_lookup', 0.5, `no question cue; names "${leaning[0]}"`);
  return result('method', 0.4, 'no question cue; default');
}

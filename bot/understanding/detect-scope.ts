/**
 * Is a question for this assistant at all? The centre answers questions about public-sector innovation: methods,
 * cases, who has done what, and the centre itself. A song, a recipe, a tax return or a bug in someone's code is
 * declined plainly (no sources, no "closest material"), with an offer of an adviser.
 *
 * Offline and data-driven in two steps. Before retrieval the message is read for the centre's domain vocabulary
 * (`DOMAIN_VOCABULARY`: kommune, borger, velfærd, innovation, metode …) and for clear out-of-domain requests
 * (`OUT_OF_DOMAIN`: write a poem/song, recipes, programming, medical advice for oneself …). After retrieval
 * (`decideScope`) the library itself decides the rest: a question none of whose topic words is in the subject of
 * any document found (title, tags, methods, policy area, summary) is not about anything the library holds.
 */
import { contentWords as topicWords } from '../../knowledge/text/question-cue-words.js';
import { normalizeText, wordPattern } from './match-text.js';
import { DOMAIN_VOCABULARY, OFF_TOPIC } from './question-cues.js';

/** Fragments for words starting with each of `prefixes`. */
const startingWith = (prefixes: readonly string[]) => prefixes.map((prefix) => `${prefix}\\p{L}*`);

/** Requests that are plainly not about public-sector innovation, in Danish and English (normalised text). */
export const OUT_OF_DOMAIN = wordPattern([
  // creative writing: "skriv en julesang", "kan du skrive et digt til min mor", "write me a poem"
  `skriv(?:e|er)? (?:\\p{L}+ ){0,3}(?:${[
    '\\p{L}*sang(?:e|en|ene)?', '\\p{L}*digt(?:e|et|ene)?', 'vers', 'rim', 'haiku', 'novelle', 'eventyr',
    'godnathistorie', '\\p{L}*hilsen', 'kærlighedsbrev', 'limerick', 'rap', 'sangtekst', 'bryllupstale', 'festtale',
  ].join('|')})`,
  `write (?:\\p{L}+ ){0,3}(?:song|poem|poetry|story|limerick|haiku|lyrics|rap|speech for my)`,
  ...startingWith(['julesang', 'sangtekst', 'julehilsen', 'fødselsdagssang', 'bryllupstale']), 'digt', 'lyrics',
  // weather words the off-topic list (question-cues.ts) has only as whole words
  'regnvejr(?:et)?', 'snevejr(?:et)?', 'tordenvejr', 'uvejr(?:et)?', 'solskin',
  // programming and office software
  'python', 'javascript', 'typescript', 'java', 'c sharp', 'html kode', 'css', 'regex', 'regulært udtryk',
  'excel formel', 'excel formula', 'vba', 'makro', 'kompil\\p{L}*', 'debug\\p{L}*', 'stack trace', 'programmer\\p{L}*',
  'programming', 'source code', 'kildekode', 'my code', 'min kode', 'fejl i min kode', 'bug in my',
  // medical advice for oneself
  'jeg har ondt', 'ondt i (?:hovedet|ryggen|maven|halsen|brystet)', 'svimmel', 'kvalme', 'hovedpine', 'min hoste', 'feber', 'forkølelse',
  'mine symptomer', 'skal jeg tage (?:mod|for|imod)', 'panodil', 'ibuprofen', 'antibiotika', 'my symptoms',
  'headache', 'i have a fever', 'should i take',
  // private matters and general knowledge
  'min bil', 'my car', 'dæktryk', 'ferie', 'rejse til', 'flybillet\\p{L}*', 'hotel\\p{L}*', 'holiday', 'flights?',
  'kæreste', 'dating', 'gave til min', 'gift for my', 'netflix', 'film(?:en)? (?:anbefal\\p{L}*|tip)',
  'movie', 'playstation', 'computerspil', 'videospil', 'video games?', 'oversæt (?:\\p{L}+ ){0,3}til', 'translate',
  'hovedstaden i', 'capital of', 'hvem er (?:kongen|dronningen|statsministeren)', 'hvor gammel er',
  'aktie\\p{L}*', 'kryptovaluta', 'crypto\\p{L}*', 'pizza', 'vin til', 'wine',
]);

export type ScopeVerdict =
  /** Uses the centre's vocabulary: answer it (low confidence stays an honest "not covered", a knowledge gap). */
  | 'in_scope'
  /** A clear out-of-domain request and no domain vocabulary: declined unless the library holds its subject. */
  | 'out_of_domain_request'
  /** Neither: the library decides after retrieval. */
  | 'unknown';

export interface ScopeResult {
  verdict: ScopeVerdict;
  /** Why, in English, for logs ("out-of-domain request \"skrive en julesang\""). */
  reason: string;
}

/** The pre-retrieval reading of a (masked) message; see the module comment. */
export function detectScope(text: string): ScopeResult {
  const normalized = normalizeText(text);
  const domain = DOMAIN_VOCABULARY.exec(normalized);
  if (domain) return { verdict: 'in_scope', reason: `domain vocabulary "${domain[0]}"` };
  const request = OUT_OF_DOMAIN.exec(normalized) ?? OFF_TOPIC.exec(normalized);
  if (request) return { verdict: 'out_of_domain_request', reason: `out-of-domain request "${request[0]}"` };
  return { verdict: 'unknown', reason: 'no domain vocabulary, no out-of-domain request' };
}

/**
 * The decision after retrieval: decline when the message asked for something out of the domain, or used none of the
 * domain's words and retrieval was unsure, and in both cases no document found has one of the question's topic words
 * in its subject (`subjectMatch`). A question with no topic words at all ("hvad kan du?") is never declined here.
 */
export function decideScope(
  text: string,
  evidence: { subjectMatch: boolean; confident: boolean },
): ScopeResult & { outOfScope: boolean } {
  const scope = detectScope(text);
  if (scope.verdict === 'in_scope' || evidence.subjectMatch || topicWords(text).length === 0) {
    return { ...scope, outOfScope: false };
  }
  if (scope.verdict === 'out_of_domain_request') return { ...scope, outOfScope: true };
  return evidence.confident
    ? { ...scope, outOfScope: false }
    : { verdict: 'unknown', reason: 'no domain vocabulary and nothing in the library on its subject', outOfScope: true };
}

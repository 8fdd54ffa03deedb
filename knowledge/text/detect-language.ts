/**
 * Guesses whether a (usually short) text is Danish or English, so the bot can answer in the user's language and
 * analyse the question with the right stop words and stemmer.
 */
import { DANISH_STOP_WORDS } from './danish-stop-words.js';
import { ENGLISH_STOP_WORDS } from './english-stop-words.js';
import { tokenize } from './normalize-text.js';
import type { TextLanguage } from './text-language.js';

/** Words typical of a chat in each language that are not function words. */
const DANISH_MARKERS = ['hej', 'hejsa', 'goddag', 'tak', 'farvel', 'mvh', 'venlig', 'hilsen', 'prøvet', 'erfaringer'];
const ENGLISH_MARKERS = [
  'hello', 'hi', 'thanks', 'thank', 'please', 'tried', 'experience', 'experiences', 'help', 'municipality',
  'municipalities', 'anyone', 'know', 'tell', 'show', 'find', 'give', 'want', 'need', 'like',
];
/**
 * Words used in both languages or meaningful in both ("it" is Danish for IT, "to" is Danish for two, "ok"/"hey" are
 * Danish chat words too): they never count.
 */
const NEUTRAL = new Set(['it', 'to', 'ok', 'okay', 'hey', 'no', 'is']);

const danishWords = new Set([...DANISH_STOP_WORDS, ...DANISH_MARKERS]);
const englishWords = new Set([...ENGLISH_STOP_WORDS, ...ENGLISH_MARKERS]);
for (const word of [...danishWords]) {
  if (englishWords.has(word) || NEUTRAL.has(word)) {
    danishWords.delete(word);
    englishWords.delete(word);
  }
}
for (const word of NEUTRAL) englishWords.delete(word);

const DANISH_LETTER = /[æøå]/;

/**
 * 'en' when the text has more English signals than Danish ones, otherwise 'da' (also for empty or unknown text: the
 * library and most users are Danish, so Danish is the safe default).
 * Signals: each token that is a function/question/chat word of only one language counts one for that language; each
 * token containing æ, ø or å counts one for Danish. Works on questions of one to a few words
 * ("hej" -> da, "hello" -> en, "Who has tried home rehabilitation?" -> en).
 */
export function detectLanguage(text: string): TextLanguage {
  return detectLanguageOfTokens(tokenize(text));
}

/** {@link detectLanguage} for text that is already tokenised with `tokenize` (saves a second pass). */
export function detectLanguageOfTokens(tokens: readonly string[]): TextLanguage {
  let danish = 0;
  let english = 0;
  for (const token of tokens) {
    if (danishWords.has(token) || DANISH_LETTER.test(token)) danish += 1;
    else if (englishWords.has(token)) english += 1;
  }
  return english > danish ? 'en' : 'da';
}

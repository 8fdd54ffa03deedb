/**
 * Cues that the user has done something like it themselves ("vi har selv prøvet…", "vi har også lavet noget
 * lignende", "we tried this ourselves"): the reply then offers "Del jeres erfaring" (the `share_case` action), so
 * the centre collects the experience. Written against `normalizeText` output ("we've" becomes "we ve").
 *
 * A "vi har" needs a word that makes it their own experience (selv, også, allerede, lignende, det samme): "vi har
 * prøvet at søge i biblioteket" is a complaint, not a case, and "har I selv prøvet det?" asks the centre.
 */
import { anyOf, normalizeText, wordPattern } from './match-text.js';

const DID_DA = anyOf([
  'prøvet', 'afprøvet', 'lavet', 'gjort', 'testet', 'indført', 'startet', 'gennemført', 'kørt', 'arbejdet med',
  'haft', 'implementeret', 'udviklet', 'etableret',
]);
const DID_PAST_DA = anyOf(['prøvede', 'afprøvede', 'lavede', 'gjorde', 'testede', 'indførte', 'startede', 'gennemførte', 'kørte']);
const OWN_DA = anyOf(['selv', 'også', 'allerede', 'faktisk']);
/** Trying to use the assistant or the library is no case of their own. */
const NOT_SEARCHING_DA = `(?! at (?:søge|finde|spørge|lede|kigge|google|skrive|ringe|få fat))`;
const SIMILAR_DA = anyOf(['noget lignende', 'noget tilsvarende', 'det samme', 'noget i den stil', 'lignende', 'tilsvarende']);
const PROJECT_DA = anyOf(['projekt', 'forsøg', 'indsats', 'initiativ', 'forløb', 'pilotprojekt']);

const DID_EN = anyOf(['tried', 'done', 'built', 'tested', 'run', 'piloted', 'implemented', 'started', 'made', 'rolled out']);
const WE_HAVE_EN = `we (?:ve |have )?(?:also |already |actually )?`;

/** The patterns, exported for tests. */
export const SHARED_EXPERIENCE = wordPattern([
  `(?:vi|jeg) har (?:${OWN_DA} )+${DID_DA}${NOT_SEARCHING_DA}`,
  `(?:vi|jeg) ${DID_PAST_DA} (?:${OWN_DA})${NOT_SEARCHING_DA}`,
  `(?:vi|jeg) har (?:${OWN_DA} )*${DID_DA} ${SIMILAR_DA}`,
  `vi har (?:${OWN_DA} )*(?:et|en) (?:lignende|tilsvarende) ${PROJECT_DA}`,
  `(?:hos os|i vores (?:kommune|region|organisation|afdeling)) har vi (?:${OWN_DA} )*${DID_DA}${NOT_SEARCHING_DA}`,
  // "we tried (everyday rehabilitation) ourselves": up to five words between the verb and "ourselves".
  `${WE_HAVE_EN}${DID_EN}(?: [\\p{L}\\p{N}]+){0,5} (?:ourselves|too|as well)`,
  `${WE_HAVE_EN}${DID_EN} (?:something similar|the same(?: thing)?|a similar (?:project|pilot|approach|initiative))`,
  `we (?:ve |have )?(?:also|already) ${DID_EN}(?! to (?:search|find|ask|look|contact))`,
  'in our (?:municipality|region|organisation|organization|team) we (?:ve |have )?(?:tried|done|built|tested|run|piloted)',
]);

/**
 * True when the message tells of the user's own experience with something like what they ask about.
 *
 * @example
 * mentionsOwnExperience('Vi har selv prøvet hverdagsrehabilitering – hvem har ellers?'); // true
 * mentionsOwnExperience('Hvem har prøvet hverdagsrehabilitering?'); // false
 */
export function mentionsOwnExperience(text: string): boolean {
  return SHARED_EXPERIENCE.test(normalizeText(text));
}

/**
 * The scaffolding of a question, as opposed to its topic. "Er der nogen der har lavet borgerbudgetter?",
 * "Hvem har prøvet X?", "Kender I nogen der har arbejdet med X?", "Who has done X?": only "borgerbudgetter"/"X" says
 * what the user wants, and a search that ranks on "lave", "prøve" or "arbejde" finds masterplans and cooking.
 *
 * One place for the cue words and for the filter words (places, organisation types, periods, which the filter parser
 * turns into search filters), shared by retrieval (what to search for) and by the answer checks (whether a document
 * is about the question's topic). Everything is written against `normalizeText` output: lower case, æøå kept, other
 * accents folded.
 *
 * Deliberately not in the stop-word lists (danish-stop-words.ts): these words are content in a library text ("vi har
 * lavet en ny metode") and are only scaffolding in a question.
 */
import { DANISH_STOP_WORDS } from './danish-stop-words.js';
import { ENGLISH_STOP_WORDS } from './english-stop-words.js';
import { normalizeText } from './normalize-text.js';

/** Verbs, nouns and phrases people ask *with*: "hvem har lavet", "erfaringer med", "who has tried". */
export const QUESTION_CUE_WORDS: ReadonlySet<string> = new Set([
  // doing and trying: "hvem har lavet/prøvet/arbejdet med/gjort/brugt/kørt/gennemført/afprøvet/implementeret …"
  'lave', 'laver', 'lavet', 'lavede', 'prøve', 'prøver', 'prøvet', 'prøvede', 'afprøve', 'afprøver', 'afprøvet',
  'afprøvede', 'arbejde', 'arbejder', 'arbejdet', 'arbejdede', 'bruge', 'bruger', 'brugt', 'brugte', 'anvende',
  'anvender', 'anvendt', 'gennemføre', 'gennemfører', 'gennemført', 'gennemførte', 'køre', 'kører', 'kørt', 'kørte',
  'sætte', 'sat', 'igang', 'gang', 'startet', 'starte', 'startede', 'begynde', 'begyndt', 'begyndte', 'implementere', 'implementeret', 'indført', 'indføre', 'haft', 'gjort',
  'gør', 'gøre',
  // knowing and asking: "kender I nogen", "vi overvejer", "hvem kan vi tale med", "jeg leder efter"
  'kender', 'kende', 'kendt', 'ved', 'vide', 'overvejer', 'overveje', 'tænker', 'tænke', 'tale', 'snakke', 'spørge',
  'kontakte', 'ringe', 'skrive', 'høre', 'hører', 'søger', 'finde', 'fortælle', 'fortæl', 'vis', 'vise',
  'hjælpe', 'hjælp', 'gerne', 'interesseret', 'interesserede', 'mon', 'nogensinde', 'tidligere', 'før', 'allerede',
  'sted', 'steder', 'nogle', 'nogen', 'andre', 'andres', 'anden', 'hvilke', 'hvilken', 'hvilket',
  // the kinds of thing asked for: "cases om", "eksempler på", "erfaringer med", "metoder til"
  'case', 'cases', 'casen', 'eksempel', 'eksempler', 'eksemplet', 'erfaring', 'erfaringer', 'erfaringerne',
  'metode', 'metoder', 'metoden', 'metoderne', 'projekt', 'projekter', 'projektet', 'initiativ', 'initiativer',
  'materiale', 'viden', 'info', 'information', 'inspiration', 'gode', 'godt', 'råd', 'ny', 'nye', 'nyt', 'spændende',
  // "Hvilke kommuner har …" is how Danes ask "who has …": most of the library's actors are municipalities
  'kommune', 'kommuner', 'kommunen', 'kommunerne', 'municipalities',
  // English scaffolding: "who has done", "has anyone tried", "do you know any", "examples of"
  'done', 'tried', 'try', 'trying', 'worked', 'work', 'working', 'used', 'use', 'using', 'made', 'make', 'run', 'ran',
  'know', 'knows', 'known', 'considering', 'consider', 'talk', 'contact', 'ask', 'looking', 'find', 'tell', 'show',
  'examples', 'example', 'experience', 'experiences', 'method', 'methods', 'project', 'projects', 'case', 'cases',
  'anyone', 'anybody', 'somebody', 'someone', 'any', 'please', 'help', 'information', 'implemented', 'implement',
  'else', 'before', 'previously',
]);

/**
 * Words the filter parser turns into filters (bot/understanding: organisation-type-cues, region-cues, year-range):
 * once the filter does their job they must not also decide the topic ranking. Grouped by the filter that takes them,
 * so a search without that filter can keep them ("skybrud i Midtjylland" with no region filter still prefers
 * Midtjylland). Years (four digits) belong to the period group.
 */
export const FILTER_WORDS = {
  organisationTypes: new Set([
    'kommune', 'kommuner', 'kommunen', 'kommunerne', 'kommunernes', 'kommunal', 'kommunale', 'kommunalt',
    'region', 'regioner', 'regionen', 'regionerne', 'regionernes', 'regional', 'regionale', 'regionalt',
    'stat', 'staten', 'statens', 'statslig', 'statslige', 'statsligt', 'styrelse', 'styrelser', 'styrelsen',
    'styrelserne', 'ministerium', 'ministerier', 'ministerierne', 'ministeriet', 'myndighed', 'myndigheder',
    'municipality', 'municipalities', 'municipal', 'regions', 'state', 'agency', 'agencies', 'government', 'ministry',
    'ministries', 'authorities',
  ]),
  regions: new Set([
    'region', 'hovedstaden', 'hovedstadens', 'hovedstadsområdet', 'hovedstadsregionen', 'københavn', 'københavns',
    'storkøbenhavn', 'københavnsområdet', 'nordsjælland', 'nordsjællands', 'nordsjællandske', 'bornholm', 'bornholms',
    'sjælland', 'sjællands', 'sjællandsk', 'sjællandske', 'vestsjælland', 'sydsjælland', 'midtsjælland',
    'østsjælland', 'lolland', 'falster', 'syddanmark', 'syddanmarks', 'syddansk', 'syddanske', 'fyn', 'fyns', 'fynsk',
    'fynske', 'sønderjylland', 'sønderjyllands', 'sønderjysk', 'sønderjyske', 'sydjylland', 'sydjyllands', 'sydjysk',
    'sydjyske', 'midtjylland', 'midtjyllands', 'midtjysk', 'midtjyske', 'midt', 'østjylland', 'østjyllands',
    'østjysk', 'østjyske', 'vestjylland', 'vestjyllands', 'vestjysk', 'vestjyske', 'nordjylland', 'nordjyllands',
    'nordjysk', 'nordjyske', 'nordjyder', 'landsdækkende', 'landsplan', 'nationalt', 'national', 'copenhagen',
    'zealand', 'jutland',
  ]),
  years: new Set([
    'år', 'året', 'årene', 'årenes', 'sidste', 'seneste', 'siden', 'frem', 'fremefter', 'tidligere', 'periode',
    'perioden', 'nylig', 'nyligt', 'to', 'tre', 'fire', 'fem', 'seks', 'syv', 'otte', 'ni', 'ti', 'femten', 'tyve',
    'year', 'years', 'last', 'past', 'since', 'recent', 'recently', 'two', 'three', 'four', 'five', 'six', 'seven',
    'eight', 'nine', 'ten',
  ]),
} satisfies Record<string, ReadonlySet<string>>;

/** Which filters a search applies; their words are left out of the search text. */
export interface FilteredBy {
  organisationTypes?: boolean;
  regions?: boolean;
  years?: boolean;
  /**
   * The policy area filtered on ("børn og skole"): words naming it ("skoleprojekter", "digitaliseringsområdet",
   * "ældreområdet") are the filter, not the topic.
   */
  policyArea?: string;
}
const ALL_FILTERS: FilteredBy = { organisationTypes: true, regions: true, years: true };

/** "socialområdet" -> "social", "børn og skole" -> "børn", "skole": the stems a word naming the area contains. */
function policyAreaStems(policyArea: string): string[] {
  return normalizeText(policyArea)
    .split(' ')
    .filter((word) => word.length >= 4 && !DANISH_STOP_WORDS.has(word))
    .map((word) => word.replace(/(?:området|område|sektoren)$/u, ''))
    .filter((word) => word.length >= 4);
}

/** Words that only say "in Denmark" or "the public sector": true of every document in the library. */
const EVERYWHERE_WORDS: ReadonlySet<string> = new Set(['danmark', 'danske', 'dansk', 'denmark', 'danish']);

/** Phrases whose words are content elsewhere: "tale med" (but "tale" = a speech), "sat i gang". */
const CUE_PHRASES = [
  'er der', 'findes der', 'har i', 'har du', 'kan i', 'kan du', 'vi overvejer', 'tale med', 'snakke med', 'sat i gang',
  'sætte i gang', 'gået i gang', 'i gang med', 'noget med', 'noget om', 'who has done', 'has anyone',
];
const CUE_PHRASE_PATTERN = new RegExp(`(?<![\\p{L}\\p{N}])(?:${CUE_PHRASES.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
const NUMBER = /^\d+$/;

function isScaffolding(token: string, filtered: FilteredBy, areaStems: readonly string[]): boolean {
  if (
    token.length < 2 ||
    DANISH_STOP_WORDS.has(token) ||
    ENGLISH_STOP_WORDS.has(token) ||
    QUESTION_CUE_WORDS.has(token) ||
    EVERYWHERE_WORDS.has(token)
  ) {
    return true;
  }
  if (filtered.years && (FILTER_WORDS.years.has(token) || NUMBER.test(token))) return true;
  if (filtered.regions && FILTER_WORDS.regions.has(token)) return true;
  if (areaStems.some((areaStem) => token.includes(areaStem))) return true;
  return filtered.organisationTypes === true && FILTER_WORDS.organisationTypes.has(token);
}

/**
 * The question's content words: lower case, accents other than æøå folded, without stop words, question cues and
 * the words of `filtered` filters (default: all), in order, each once.
 * "Er der nogen der har lavet borgerbudgetter?" -> ["borgerbudgetter"]; "cases fra Region Midtjylland efter 2015"
 * -> [] (filters only); "Hvem har lavet en idéklinik?" -> ["ideklinik"].
 */
export function contentWords(question: string, filtered: FilteredBy = ALL_FILTERS): string[] {
  const normalized = normalizeText(question).replace(CUE_PHRASE_PATTERN, ' ');
  const areaStems = filtered.policyArea ? policyAreaStems(filtered.policyArea) : [];
  const words = new Set<string>();
  for (const token of normalized.split(' ')) {
    if (token !== '' && !isScaffolding(token, filtered, areaStems)) words.add(token);
  }
  return [...words];
}

/**
 * The question to search for: its content words in their order (normalised), without the cue words and filter
 * words that would otherwise decide the ranking. '' when the question has no content words (only cues and filters:
 * the caller browses by the filters, or searches the question as it is).
 * "Hvem har lavet borgerbudgetter i Region Midtjylland efter 2015?" -> "borgerbudgetter".
 * @param filtered the filters the search applies (default: all); words of other filters stay in the text.
 */
export function stripQuestionCues(question: string, filtered: FilteredBy = ALL_FILTERS): string {
  return contentWords(question, filtered).join(' ');
}

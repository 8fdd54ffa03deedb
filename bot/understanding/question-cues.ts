/**
 * Cues for the two kinds of library question ("how do we …" = method, "who has …" = case lookup) and for telling
 * an off-topic message (weather, sport, recipes, jokes, personal tax) from an in-domain one. All fragments are
 * written against `normalizeText` output.
 */
import { anyOf, firstMatch, wordPattern } from './match-text.js';

/** Fragments for words starting with each of `prefixes` ("kommun" -> kommune, kommunerne, kommunal, …). */
const startingWith = (prefixes: readonly string[]) => prefixes.map((prefix) => `${prefix}\\p{L}*`);
/** Fragments for words containing each of `parts` anywhere ("skole" -> folkeskolen, skoleområdet, …). */
const containing = (parts: readonly string[]) => parts.map((part) => `\\p{L}*${part}\\p{L}*`);

/** Asking how to do something: methods, approaches, advice. */
export const METHOD_CUES = [
  wordPattern([
    'hvordan', 'hvorledes', 'hvilken (?:metode|tilgang|model|fremgangsmåde)',
    'hvilke (?:metoder|værktøjer|tilgange|modeller|greb|trin)', 'hvilket værktøj',
    'hvad (?:gør|bør|skal) (?:man|vi|jeg|i)',
    'hvad kan (?:man|vi|jeg) gøre', 'hvad skal der til', 'gode råd', 'råd (?:om|til)', 'hvad virker',
    'hvad er (?:den )?bedste', 'best practices?', 'hvad er', 'hvad betyder',
    'findes der (?:en|et|nogle|nogen) (?:metode|metoder|værktøj|værktøjer|model|modeller|guide|drejebog|skabelon)',
    'metode til', 'hvornår giver det mening', 'fortæl (?:mig )?(?:lidt )?om', 'hvad kan (?:du|i) fortælle om',
    'hvor (?:starter|begynder) (?:man|vi)', 'tips til',
    'how (?:do|can|should|could|would|might|to|does one)', 'which (?:method|methods|approach|tool|tools)',
    'what (?:method|methods|approach|tools)', 'what works', 'what should (?:we|i)', 'what can (?:we|i) do', 'what is',
    'what are (?:the )?(?:best|good)', 'any tips', 'tips (?:on|for)', 'advice (?:on|for|about)',
    'where do (?:we|i) start', 'tell me about', 'what can you tell me about', 'hvad siger (?:forskningen|erfaringerne)',
    'what does (?:the )?research say',
  ]),
];

const ACTORS_DA = anyOf([
  'kommuner', 'regioner', 'organisationer', 'institutioner', 'steder', 'virksomheder', 'styrelser', 'ministerier',
  'skoler', 'plejecentre', 'cases', 'eksempler', 'erfaringer',
]);
const ACTORS_EN = anyOf([
  'municipalities', 'regions', 'organisations', 'organizations', 'agencies', 'councils', 'cities', 'institutions',
  'projects',
]);
const WHO_DID = anyOf([
  'staten', 'regionen', 'regionerne', 'kommunen', 'kommunerne', 'ministerierne', 'styrelserne', 'andre', 'i', 'de',
  'man',
]);
const HOLDINGS = anyOf(['\\p{L}*projekter', 'cases', 'eksempler', 'erfaringer', 'rapporter', 'undersøgelser']);
const DID = anyOf(['lavet', 'gjort', 'prøvet', 'af', 'inden for', 'indenfor', 'om', 'fra', 'på']);

/** Asking who has done something before: organisations, cases, examples, contacts. */
export const CASE_CUES = [
  wordPattern([
    'hvem (?:har|havde|bruger|arbejder|laver|andre|ellers|gør|kan fortælle|kender)',
    'hvem (?:kan|skal|må) (?:jeg|vi|man) (?:kontakte|ringe til|skrive til|spørge|tale med|snakke med)',
    'kontakt(?:oplysninger|personer|person|info)', `hvilke ${ACTORS_DA}`,
    'hvilke (?:\\p{L}+ )?(?:\\p{L}*projekter|cases|initiativer|indsatser)',
    'hvilken (?:kommune|region|organisation|institution)', 'kender (?:i|du) (?:nogen|noget|nogle|en|et|til|eksempler)',
    'eksempl(?:er|et)? (?:på|fra|med)', 'vis mig', 'cases? (?:om|med|fra|på)', 'har nogen', 'er der nogen',
    'er der (?:kommuner|regioner|nogle|eksempler|cases|projekter)', 'nogen der har', 'hvor har (?:man|de)',
    `hvad har ${WHO_DID} (?:\\p{L}+ )?${DID}`,
    `har i (?:nogle |noget |nogen )?(?:\\p{L}+ )?${HOLDINGS}`, 'har i (?:noget|nogle|nogen) (?:om|med|fra|inden for)',
    'do you have (?:anything|something|any) (?:on|about|from)',
    'who (?:has|have|had|did|is|are|else|uses|used)', 'who (?:can|should|do) (?:i|we) (?:contact|call|ask)',
    'contact (?:details|information|info|person|persons|people)', `which ${ACTORS_EN}`, 'examples? (?:of|from)',
    'has anyone', 'have any (?:municipalities|regions|organisations|organizations)', 'does anyone', 'anyone who',
    'cases? (?:about|on|of|from)', 'case studies', 'do you know (?:any|of)',
    'are there any (?:municipalities|regions|examples|cases|projects)', 'what has (?:the state|\\p{L}+) done',
    'show me',
  ]),
];

/** Said when no cue decides: a named organisation type or "erfaring" leans towards a case lookup. */
export const CASE_LEANING = wordPattern([
  ...startingWith(['kommun', 'region', 'statslig', 'styrelse', 'ministeri', 'erfaring', 'municipalit', 'agenc']),
  ...startingWith(['experience']),
  'staten',
]);

/**
 * Vocabulary of the centre's domain. A message with any of these is never out of scope, however much it talks
 * about rain ("klimatilpasning og skybrud") or a match ("matchning af ledige").
 */
export const DOMAIN_VOCABULARY = wordPattern([
  ...startingWith([
    'kommun', 'region', 'statslig', 'styrelse', 'ministeri', 'borger', 'innover', 'metode', 'ældre', 'digital',
    'medarbejder', 'samskab', 'offentlig', 'forvaltning', 'hjemmehjælp', 'social', 'beskæftigelse', 'jobcent',
    'ledig', 'børn', 'dagtilbud', 'daginstitution', 'kultur', 'bibliotek', 'skybrud', 'tillid', 'ledelse', 'leder',
    'organisation', 'politik', 'sygehus', 'hospital', 'patient', 'evaluer', 'design', 'prototyp', 'pilot', 'case',
    'erfaring', 'inddrag', 'implementer', 'demokrati', 'frivillig', 'civilsamfund', 'afbureaukratiser',
    'regelforenkling', 'kraftcent', 'municipal', 'citizen', 'innovat', 'method', 'project', 'school', 'health',
    'employee', 'government', 'agenc', 'service', 'polic', 'technolog',
  ]),
  ...containing(['innovation', 'velfærd', 'projekt', 'skole', 'sundhed', 'klima', 'pleje', 'teknologi']),
  'staten', 'unge', 'welfare', 'elderly', 'climate', 'staff', 'co creation', 'public', 'leadership', 'management',
  'care',
]);

/** Topics the centre does not cover. Only used when no domain vocabulary is present. */
export const OFF_TOPIC = wordPattern([
  // weather
  'vejr(?:et)?', 'vejrudsigt(?:en)?', 'regner det', 'bliver det (?:regn|sol|sne)', 'hvor (?:varmt|koldt) bliver det',
  'weather', 'forecast', 'will it rain',
  // sport
  ...startingWith(['fodbold', 'håndbold', 'superliga', 'målscorer']), 'landsholdet', 'hvem vandt', 'vandt kampen',
  'kampen i (?:går|aftes)', 'resultat(?:et|erne)? af kampen', 'formel 1', 'tour de france', 'champions league',
  'premier league', 'football', 'soccer', 'who won', 'match results?', 'final score', 'sports? results?',
  // food
  ...startingWith(['opskrift', 'kage', 'aftensmad', 'cook']), 'bage', 'bager', 'lave mad', 'recipes?', 'bake',
  'baking', 'dinner',
  // jokes and entertainment
  ...startingWith(['vittighed', 'horoskop', 'lotto', 'aktiekurs']), 'vits(?:e|en)?', 'jokes?', 'sjov historie',
  'funny story', 'skriv et digt', 'write (?:me )?a poem', 'horoscope', 'lottery', 'bitcoin', 'stock prices?',
  // personal tax
  'min skat', 'mit skattekort', 'skattekort(?:et)?', 'forskudsopgørelse(?:n)?', 'årsopgørelse(?:n)?',
  'restskat(?:ten)?', 'fradrag(?:et)?', 'selvangivelse(?:n)?', 'tax returns?', 'my tax(?:es)?', 'income tax',
  'tax deductions?',
]);

/**
 * The first method or case cue in normalised text and which kind of question it starts; undefined when the text
 * has no question cue (an elliptical follow-up, a bare topic).
 */
export function questionCue(
  normalized: string,
): { intent: 'method' | 'case_lookup'; match: RegExpExecArray } | undefined {
  const method = firstMatch(METHOD_CUES, normalized);
  const caseLookup = firstMatch(CASE_CUES, normalized);
  if (method && (!caseLookup || method.index < caseLookup.index)) return { intent: 'method', match: method };
  if (caseLookup) return { intent: 'case_lookup', match: caseLookup };
  return undefined;
}

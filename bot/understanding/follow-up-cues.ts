/**
 * Cues of messages that build on the previous answer: asking for contacts, for more about one source, for more
 * results, or narrowing the same question ("hvad med regionerne?"). Written against `normalizeText` output, except
 * {@link REFINE_OPENER_RAW}.
 */
import { anyOf, wordPattern } from './match-text.js';

/** "hvem kan jeg kontakte?", "kontaktoplysninger", "who can I contact?". */
export const CONTACT_CUE = wordPattern([
  'hvem (?:kan|skal|må|bør) (?:jeg|vi|man) (?:kontakte|ringe til|skrive til|spørge|henvende (?:mig|os) til)',
  'hvem er (?:kontakt(?:person|personen)?|tovholder(?:en)?|ansvarlig)', 'hvem kontakter (?:jeg|vi)',
  'kontakt(?:oplysninger|oplysningerne|personer|personen|person|info|informationer|data|en)',
  'hvordan (?:kontakter|får) (?:jeg|vi) (?:fat i )?(?:dem|projektet|kommunen|dem bag)',
  'telefonnummer(?:et)?', 'mailadresse(?:n)?', 'e mail adresse(?:n)?',
  'who (?:can|should|do) (?:i|we) (?:contact|call|email|e mail|write to|reach out to|get in touch with)',
  'who is the contact(?: person)?', 'contact (?:details|information|info|person|persons|people)',
  'how (?:do|can) (?:i|we) (?:contact|reach) them', 'phone number', 'e mail address',
]);

/** "fortæl mere om …", "uddyb …", "tell me more about …". */
export const MORE_ABOUT_CUE = wordPattern([
  'fortæl (?:mig )?(?:lidt )?(?:mere|mer) om', 'kan du (?:fortælle (?:lidt )?mere om|uddybe)', '(?:lidt )?mere om',
  'uddyb(?:e|er)?', '(?:flere )?detaljer (?:om|på|til|fra)', 'hvad går (?:\\p{L}+ ){0,3}ud på', 'læs mere om',
  'mere info(?:rmation)? om',
  'tell me (?:a bit |a little )?more about', 'more (?:about|on|details on|details about|info on|information on)',
  'details? (?:about|on)', 'elaborate on', 'expand on', 'what is (?:\\p{L}+ ){0,2}about',
]);

/** "fortæl mere", "tell me more" with nothing after: more about the whole answer. */
export const MORE_IN_GENERAL = wordPattern(
  ['fortæl (?:mig )?(?:lidt )?(?:mere|mer)', 'uddyb(?:e)?', 'tell me more', 'go on', 'fortsæt'],
);

const MORE_OF_DA = anyOf([
  'eksempler', 'cases', 'resultater', 'projekter', 'kommuner', 'regioner', 'steder', 'forslag', 'svar', 'muligheder',
  'ideer', 'løsninger', 'erfaringer', 'kilder',
]);
const MORE_OF_EN = anyOf([
  'examples', 'cases', 'results', 'projects', 'municipalities', 'regions', 'ones', 'options', 'ideas', 'sources',
]);

/** "er der flere?", "andre eksempler?", "any others?". */
export const MORE_RESULTS_CUE = wordPattern([
  '(?:er|findes) der (?:flere|andre|mere|nogen andre|nogle andre)', 'har i (?:flere|andre|mere)',
  `(?:flere|andre) ${MORE_OF_DA}`, 'hvem (?:ellers|andre|mere)', 'hvad ellers', 'hvad mere', 'noget (?:andet|mere)',
  'vis (?:mig )?(?:flere|mere|andre)', 'giv mig (?:flere|andre|mere)',
  '(?:any|some) (?:others|more)', `(?:more|other|further) ${MORE_OF_EN}`, 'anyone else', 'who else',
  'anything else', 'show (?:me )?more', '(?:is|are) there (?:more|others|any more|any others)',
]);

/** A message that is only "flere?", "andre?", "more?". */
export const BARE_MORE = /^(?:(?:flere|andre|mere|more|others|andet)(?: tak| please)?)$/u;

const ACKNOWLEDGEMENTS = ['ok', 'okay', 'tak', 'super', 'fint', 'thanks'];
const OPENERS = anyOf([
  'hvad så med', 'hvad med', 'hvad nu med', 'og hvad med', 'og', 'samme', 'kun', 'bare', 'what about', 'how about',
  'and', 'same', 'only', 'just',
]);

/** Openers of an elliptical follow-up (normalised): "hvad med …?", "og i …?", "what about …?", "kun …". */
export const REFINE_OPENER = new RegExp(`^(?:${anyOf(ACKNOWLEDGEMENTS)} )?(?:(?:men|but) )?${OPENERS}(?: |$)`, 'u');
/** The same opener in the text as written, for keeping the user's own words in a refined question. */
export const REFINE_OPENER_RAW = new RegExp(
  `^\\s*(?:${anyOf(ACKNOWLEDGEMENTS)}[\\s,.!]+)?(?:(?:men|but)\\s+)?${OPENERS}(?:\\s+|$)`,
  'iu',
);

/** Words that point back at the previous answer's subject ("Hvem har prøvet det i Nordjylland?"). */
export const ANAPHORA = wordPattern([
  'det', 'dette', 'dem', 'disse', 'den slags', 'sådan noget', 'it', 'this', 'that', 'them', 'those',
]);

/** Words of a follow-up that add nothing to its meaning ("Er der flere eksempler, tak?"). */
export const FOLLOW_UP_FILLERS: ReadonlySet<string> = new Set([
  'mere', 'mer', 'flere', 'andre', 'eksempler', 'eksempel', 'tak', 'gerne', 'venligst', 'please', 'info',
  'information', 'oplysninger', 'detaljer', 'details', 'fortæl', 'tell', 'uddyb', 'case', 'casen', 'cases', 'sag',
  'sagen', 'projektet', 'projekt', 'kontakte', 'kontakt', 'contact', 'ringe', 'call', 'skrive', 'høre', 'vide',
  'know', 'example', 'examples', 'resultater', 'results', 'ok', 'okay', 'super', 'fint', 'thanks', 'så', 'one',
  'ones', 'lige', 'spørge', 'ask',
]);

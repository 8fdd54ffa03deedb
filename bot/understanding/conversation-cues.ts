/**
 * Cues for the messages that are not questions to the library: asking for a person, greeting, commenting on the
 * previous answer. All fragments are written against `normalizeText` output (lower case, no punctuation; "that's"
 * becomes "that s").
 */
import { anyOf, wordPattern } from './match-text.js';

const ARTICLES = ['en', 'et', 'nogen', 'jeres', 'din', 'en af jeres', 'en af jer', 'a', 'an', 'one of your', 'your'];
const ARTICLE = `(?:${anyOf(ARTICLES)} )?`;
const REAL = anyOf(['rigtig', 'rigtigt', 'levende', 'menneskelig', 'virkelig', 'real', 'actual', 'live', 'human']);
/** Nouns that mean "an adviser of the centre" wherever they stand. */
const ADVISER = anyOf([
  'rådgiver', 'rådgiveren', 'konsulent', `${REAL} (?:menneske|person)`, 'human', 'humans', 'adviser', 'advisor',
  'advisers', 'advisors', 'consultant', 'staff member', 'agent',
]);
/**
 * Nouns that also name the people a question is about ("tale med en person med demens", "talk to someone with
 * dementia"): a request for a person only when nothing but a courtesy or "at your place" follows.
 */
const PERSON = anyOf([
  'menneske', 'person', 'medarbejder', 'medarbejdere', 'kollega', 'fagperson', 'nogen', 'rådgivere', 'konsulenter',
  'someone', 'somebody', 'expert', 'people',
]);
const COURTESY = anyOf([
  'hos jer', 'fra jer', 'fra kraftcenteret', 'i kraftcenteret', 'hos kraftcenteret', 'tak', 'venligst', 'please', 'nu',
  'i dag', 'i stedet', 'instead', 'now', 'today', 'from you', 'at the centre', 'there',
]);
/** Nothing but a courtesy until the end of the (normalised) message. */
const REQUEST_END = `(?=(?: ${COURTESY})? *$)`;
const CONTACT_PERSON = `(?:${ARTICLE}${ADVISER}|${ARTICLE}${PERSON}${REQUEST_END})`;
const CONTACT_VERB = anyOf([
  'kontakt', 'kontakte', 'kontakter', 'fat i', 'få fat på', 'forbindelse med', 'i kontakt med',
]);
const GET_VERB = anyOf([
  'have', 'få', 'ønsker', 'booke', 'book', 'bestille', 'henvis mig til', 'henvise mig til', 'videre til',
  'stille mig om til', 'overføre mig til', 'sende mig videre til',
  // The Danish counterparts of "connect me with / put me through to" below.
  'forbind mig med', 'forbinde mig med', 'forbind mig til', 'forbinde mig til', 'stil mig om til',
  'viderestil mig til', 'viderestille mig til', 'stil mig igennem til', 'sæt mig i forbindelse med',
  'sætte mig i forbindelse med',
]);
const REACH_VERB_EN = anyOf([
  'contact', 'reach', 'get', 'connect me with', 'connect me to', 'transfer me to', 'put me through to',
]);

/**
 * Asking for a human adviser ("kan jeg tale med en rådgiver", "jeg vil gerne tale med et menneske", "ring til mig",
 * "kontakt en medarbejder", "can I speak to an adviser"). The verb "rådgiver" ("hvordan rådgiver man …") never
 * matches: every pattern needs a verb of contact before the noun. "hvem kan jeg kontakte i Fredericia?" is no match
 * either: it asks for the contact of a case, which the follow-up resolution handles.
 */
export const HUMAN_REQUEST = wordPattern([
  `(?:tale|tal|snakke|snak|chatte|skrive) med (?:${CONTACT_PERSON}|jer${REQUEST_END}|dig${REQUEST_END})`,
  `${CONTACT_VERB} (?:${CONTACT_PERSON}|jer${REQUEST_END})`,
  `${GET_VERB} ${ARTICLE}(?:${REAL} )?(?:rådgiver|rådgiveren|menneske)(?! til at)`,
  `${GET_VERB} ${ARTICLE}${PERSON}${REQUEST_END}`,
  'ring(?:e)? (?:mig op|til mig|mig)',
  'ringe mig op',
  'blive ringet op',
  'ringe til (?:jer|en rådgiver|rådgiveren)',
  'et opkald fra (?:jer|en rådgiver)',
  'menneskelig (?:rådgiver|kontakt|hjælp)',
  `(?:talk|speak|chat) (?:to|with) ${CONTACT_PERSON}`,
  '(?:talk|speak|chat) (?:to|with) (?:you|someone|somebody) (?:in person|on the phone)',
  `${REACH_VERB_EN} ${ARTICLE}(?:${REAL} )?(?:human|adviser|advisor|consultant|person|staff member|agent)`,
  'call me(?: back)?',
  'phone me',
  'ring me',
  'human please',
]);

/** Words of a message that is nothing but a request for a person ("Rådgiver, tak", "Et menneske!", "human"). */
export const HUMAN_ONLY_WORDS: ReadonlySet<string> = new Set([
  'rådgiver', 'rådgiveren', 'menneske', 'mennesket', 'person', 'human', 'adviser', 'advisor', 'agent', 'operator',
  'konsulent', 'consultant', 'rådgivning', 'advice', 'tak', 'gerne', 'venligst', 'please', 'rigtigt', 'rigtig',
  'real', 'levende', 'ønskes', 'want', 'need', 'brug', 'tale', 'talk', 'speak', 'snakke',
]);
/** At least one of these must be present for {@link HUMAN_ONLY_WORDS} to mean "a person, please". */
export const HUMAN_NOUNS: ReadonlySet<string> = new Set([
  'rådgiver', 'rådgiveren', 'menneske', 'mennesket', 'human', 'adviser', 'advisor', 'agent', 'operator', 'konsulent',
  'consultant', 'rådgivning',
]);

/** Greetings and "what can you do" questions; stripped to see whether anything else is left. */
export const GREETING = wordPattern([
  'hej(?:sa|hej| hej)?', 'hey', 'hi', 'hello', 'hallo', 'halløj', 'goddag', 'godmorgen', 'god morgen', 'godaften',
  'god aften', 'go morgen', 'davs', 'dav', 'morn', 'mojn', 'good (?:morning|afternoon|evening|day)', 'greetings',
  'hvad kan du(?: hjælpe(?: mig)? med| gøre| bruges til| svare på)?',
  'hvad kan jeg (?:spørge|bruge) (?:dig )?(?:om|til)',
  'hvem er du', 'hvad er du', 'hvordan virker du', 'hvordan bruger jeg dig', 'hvordan går det', 'kan du hjælpe mig',
  'jeg har brug for hjælp', 'hjælp', 'what can you (?:do|help (?:me )?with)', 'what do you do', 'who are you',
  'what are you', 'how do you work', 'how does this work', 'how are you', 'can you help(?: me)?', 'i need help',
  'help',
]);
/** Words allowed next to a greeting without making it a question ("Hej med dig", "Hello there, bot"). */
export const GREETING_FILLERS: ReadonlySet<string> = new Set([
  'med', 'dig', 'du', 'there', 'bot', 'chatbot', 'assistent', 'assistant', 'kraftcenter', 'kraftcenteret',
  'kraftcentret', 'venligst', 'please', 'alle', 'everyone', 'igen', 'again', 'tak', 'thanks', 'lige', 'hurtigt',
]);

/** Comments on the previous answer: thanks, praise, "wrong", "not what I asked". */
export const FEEDBACK = wordPattern([
  '(?:mange |tusind |1000 )?tak(?: for (?:hjælpen|svaret|det|nu|i dag))?(?: skal du have)?', 'tak tak', 'takker',
  'super(?:godt)?', 'perfekt', 'fint', 'fedt', 'flot', 'godt', 'godt svar(?:et)?', 'fint svar', 'dejligt', 'nice',
  'det hjalp', 'det var en hjælp', '(?:meget )?brugbart', 'præcis', 'lige det jeg (?:søgte|manglede|ledte efter)',
  '(?:det var )?ikke det jeg (?:spurgte om|spurgte efter|mente|ledte efter|søgte)', 'forkert(?: svar)?',
  'det passer ikke', 'ikke (?:relevant|brugbart|hjælpsomt|rigtigt|korrekt)', 'irrelevant', 'ubrugeligt',
  'dårligt(?: svar)?', 'elendigt', 'det forstår jeg ikke', 'det giver (?:ingen|ikke) mening', 'du tager fejl',
  'du misforstod', 'øv', 'ok', 'okay', 'fair nok',
  'thanks(?: a lot| so much)?', 'thank you(?: so much| very much)?', 'thx', 'great', 'perfect', 'awesome',
  'cool', 'good answer', 'great answer', '(?:very )?helpful', 'that helped', 'useful', 'wrong(?: answer)?',
  'not (?:helpful|useful|relevant|correct|right)', 'unhelpful', 'useless', 'bad answer',
  'not what i (?:asked|meant|wanted|was looking for)(?: for)?',
  'you misunderstood', 'makes? no sense', 'doesn t make sense', 'incorrect',
]);
/** Words allowed next to feedback ("Det var et godt svar", "That answer was wrong"). */
export const FEEDBACK_FILLERS: ReadonlySet<string> = new Set([
  'svar', 'svaret', 'answer', 'hjælpen', 'virkelig', 'really', 'rigtig', 'meget', 'helt', 'totally', 'completely',
  'spurgte', 'asked', 'desværre', 'unfortunately', 'hmm', 'nå', 'okay', 'ok',
]);

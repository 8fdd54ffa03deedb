/**
 * Every fixed sentence the bot says, in Danish and English, in one place so wording stays consistent across
 * channels and can be reviewed by the centre. None of these texts asserts anything about the library's content:
 * facts only ever come from quoted, cited sources.
 */
import type { Language } from '../messages.js';

export interface AnswerFraming {
  /** First line of a "who has done this" answer. */
  caseLookupIntro: string;
  /** First line of a "how do we do this" answer. */
  methodIntro: string;
  /** First line when a case question only found method/research material. */
  noCasesIntro: string;
  /** First line when a method question only found cases. */
  noMethodIntro: string;
  /** Line before the case bullets of a method answer. */
  examplesHeading: string;
  /** Line before the method bullet of a case answer. */
  approachHeading: string;
  /** Added once to English answers, whose quotations stay Danish; '' in Danish. */
  sourcesInDanish: string;
  /** Label before a case's contact line in a "who has done this" answer. */
  contactLabel: string;
  /** Line before a method's steps or phases. */
  stepsHeading: string;
  /** Line before the cases linked to a method through their `methods` metadata. */
  casesUsingMethodHeading: string;
}

export interface ActionLabels {
  feedbackUp: string;
  feedbackDown: string;
  escalate: string;
  contacts: string;
  moreAbout(n: number): string;
  moreCases: string;
  methods: string;
  /** The button that opens the channel's "share your case" form. */
  shareCase: string;
}

export interface ReplyTexts {
  greeting(): string;
  /** Lead of a low-confidence reply; with `hasClosest` it ends in a colon and the closest sources follow. */
  lowConfidence(hasClosest: boolean): string;
  /** Closing question of a reply that offers a human adviser. */
  offerAdviser(): string;
  outOfScope(): string;
  tooLong(limit: number): string;
  emptyMessage(): string;
  personalDataRemoved(): string;
  rateLimited(seconds: number): string;
  modelFallback(): string;
  /** Progress line while the library is searched (a status, not part of the answer). */
  searchingStatus(): string;
  /** Progress line while the answer is written. */
  writingStatus(): string;
  databaseDown(): string;
  unexpectedError(): string;
  feedbackThanks(value: 'up' | 'down'): string;
  adviserRequested(): string;
  adviserAlreadyRequested(): string;
  adviserJoined(name?: string): string;
  contactsIntro(): string;
  noContacts(): string;
  /** Shown instead of a contact for a case whose document lists none. */
  contactNotListed(): string;
  /** Label before a phone number in a contact line. */
  phoneLabel: string;
  framing: AnswerFraming;
  actions: ActionLabels;
}

const DA: ReplyTexts = {
  greeting: () =>
    [
      'Hej! Jeg er Kraftcentrets assistent, og jeg hjælper dig, der arbejder med innovation i kommuner, regioner og staten.',
      '',
      'Jeg kan:',
      '- finde cases om, hvem der har prøvet noget før',
      '- foreslå metoder og fremgangsmåder',
      '- vise, hvad rapporter og undersøgelser i biblioteket siger',
      '- sætte dig i kontakt med en rådgiver',
      '',
      'Spørg fx: »Hvem har prøvet hverdagsrehabilitering?« eller »Hvordan tester vi en idé billigt?« Jeg svarer ud fra Kraftcentrets bibliotek og viser altid kilderne.',
    ].join('\n'),
  lowConfidence: (hasClosest) =>
    hasClosest
      ? 'Det dækker biblioteket desværre ikke godt nok til, at jeg kan give et sikkert svar. Her er det nærmeste, jeg fandt:'
      : 'Det dækker biblioteket desværre ikke godt nok til, at jeg kan give et sikkert svar, og jeg fandt heller ikke noget, der ligger tæt på.',
  offerAdviser: () => 'Vil du tale med en rådgiver? Så sender jeg dit spørgsmål videre.',
  outOfScope: () =>
    'Det ligger uden for, hvad jeg kan hjælpe med — jeg svarer på spørgsmål om innovation i den offentlige sektor: metoder, erfaringer fra andre og hvem du kan tale med. Vil du tale med en rådgiver, sender jeg gerne dit spørgsmål videre.',
  tooLong: (limit) =>
    `Din besked er for lang — jeg kan højst tage ${limit.toLocaleString('da-DK')} tegn. Prøv at skrive spørgsmålet lidt kortere.`,
  emptyMessage: () => 'Jeg fik ikke noget spørgsmål med. Skriv gerne, hvad du gerne vil vide.',
  personalDataRemoved: () =>
    'Jeg har fjernet personoplysninger (fx CPR-nummer, telefonnummer eller e-mail) fra din besked, før den blev behandlet.',
  rateLimited: (seconds) =>
    `Du har stillet mange spørgsmål på kort tid. Prøv igen om ${seconds} ${seconds === 1 ? 'sekund' : 'sekunder'}.`,
  modelFallback: () => 'Sprogmodellen svarede ikke, så her er et svar sammensat direkte fra kilderne.',
  searchingStatus: () => 'Søger i biblioteket …',
  writingStatus: () => 'Skriver svaret …',
  databaseDown: () => 'Jeg kan ikke slå op i biblioteket lige nu. Prøv igen om lidt, eller bed om at tale med en rådgiver.',
  unexpectedError: () => 'Der gik desværre noget galt hos mig. Prøv igen om lidt.',
  feedbackThanks: (value) =>
    value === 'up'
      ? 'Tak for din tilbagemelding — godt at svaret kunne bruges.'
      : 'Tak for din tilbagemelding. Skriv gerne, hvad der manglede, eller bed om at tale med en rådgiver.',
  adviserRequested: () =>
    'Jeg har sendt dit spørgsmål videre til en af Kraftcentrets rådgivere, som vender tilbage til dig hurtigst muligt.',
  adviserAlreadyRequested: () => 'En rådgiver har allerede fået dit spørgsmål og vender tilbage hurtigst muligt.',
  adviserJoined: (name) => (name ? `${name} fra Kraftcentret har overtaget samtalen.` : 'En rådgiver fra Kraftcentret har overtaget samtalen.'),
  contactsIntro: () => 'Her er de kontaktoplysninger, som casene selv oplyser:',
  noContacts: () =>
    'Jeg har ingen cases fra det seneste svar at finde kontaktpersoner til. Spørg fx, hvem der har prøvet noget bestemt — eller bed om at tale med en rådgiver.',
  contactNotListed: () => 'kilden oplyser ingen kontaktperson',
  phoneLabel: 'tlf.',
  framing: {
    caseLookupIntro: 'I biblioteket har vi fundet disse erfaringer:',
    methodIntro: 'Her er, hvad biblioteket skriver om fremgangsmåden:',
    noCasesIntro: 'Jeg fandt ingen konkrete cases, men biblioteket har dette om emnet:',
    noMethodIntro: 'Jeg fandt ingen metodebeskrivelse, men disse erfaringer fra biblioteket:',
    examplesHeading: 'Eksempler:',
    approachHeading: 'Om fremgangsmåden:',
    sourcesInDanish: '',
    contactLabel: 'Kontakt',
    stepsHeading: 'Sådan gør I:',
    casesUsingMethodHeading: 'Cases, der har brugt metoden:',
  },
  actions: {
    feedbackUp: '👍 Godt svar',
    feedbackDown: '👎 Dårligt svar',
    escalate: 'Tal med en rådgiver',
    contacts: 'Hvem kan jeg kontakte?',
    moreAbout: (n) => `Fortæl mere om nummer ${n}`,
    moreCases: 'Vis flere eksempler',
    methods: 'Hvilke metoder kan vi bruge?',
    shareCase: 'Del jeres erfaring',
  },
};

const EN: ReplyTexts = {
  greeting: () =>
    [
      "Hi! I'm the Kraftcenter's assistant. I help people working on innovation in Danish municipalities, regions and central government.",
      '',
      'I can:',
      '- find cases showing who has tried something before',
      '- suggest methods and approaches',
      '- show what the reports and studies in the library say',
      '- put you in touch with an adviser',
      '',
      'Try: "Who has tried everyday rehabilitation?" or "How do we test an idea cheaply?" My answers come from the centre\'s library, which is in Danish, and I always show the sources.',
    ].join('\n'),
  lowConfidence: (hasClosest) =>
    hasClosest
      ? "I'm afraid the library doesn't cover this well enough for me to give a reliable answer. Here is the closest I found:"
      : "I'm afraid the library doesn't cover this well enough for me to give a reliable answer, and I found nothing close to it.",
  offerAdviser: () => 'Would you like to talk to an adviser? I can pass your question on.',
  outOfScope: () =>
    "That's outside what I can help with — I answer questions about innovation in the Danish public sector: methods, other organisations' experience and who you can talk to. If you would like to talk to an adviser, I can pass your question on.",
  tooLong: (limit) =>
    `Your message is too long — I can take at most ${limit.toLocaleString('en-GB')} characters. Please try a shorter question.`,
  emptyMessage: () => "I didn't get a question. What would you like to know?",
  personalDataRemoved: () =>
    'I removed personal data (such as a CPR number, phone number or e-mail address) from your message before processing it.',
  rateLimited: (seconds) =>
    `You have asked a lot of questions in a short time. Please try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`,
  modelFallback: () => "The language model didn't respond, so here is an answer put together directly from the sources.",
  searchingStatus: () => 'Searching the library …',
  writingStatus: () => 'Writing the answer …',
  databaseDown: () => "I can't search the library right now. Please try again shortly, or ask to talk to an adviser.",
  unexpectedError: () => 'Sorry, something went wrong on my side. Please try again shortly.',
  feedbackThanks: (value) =>
    value === 'up'
      ? 'Thank you for your feedback — glad the answer was useful.'
      : 'Thank you for your feedback. Feel free to tell me what was missing, or ask to talk to an adviser.',
  adviserRequested: () => "I've passed your question on to one of the centre's advisers, who will get back to you as soon as possible.",
  adviserAlreadyRequested: () => 'An adviser already has your question and will get back to you as soon as possible.',
  adviserJoined: (name) => (name ? `${name} from the Kraftcenter has taken over the conversation.` : 'An adviser from the Kraftcenter has taken over the conversation.'),
  contactsIntro: () => 'Here are the contact details the cases themselves give:',
  noContacts: () =>
    "I have no cases from the last answer to find contacts for. Try asking who has tried something specific — or ask to talk to an adviser.",
  contactNotListed: () => 'the source lists no contact person',
  phoneLabel: 'phone',
  framing: {
    caseLookupIntro: 'Here is what the library holds on who has tried this:',
    methodIntro: 'Here is what the library says about how to go about it:',
    noCasesIntro: 'I found no specific cases, but the library has this on the topic:',
    noMethodIntro: 'I found no method description, but here are experiences from the library:',
    examplesHeading: 'Examples:',
    approachHeading: 'On the approach:',
    sourcesInDanish: '(the sources are in Danish)',
    contactLabel: 'Contact',
    stepsHeading: 'Steps:',
    casesUsingMethodHeading: 'Cases that used it:',
  },
  actions: {
    feedbackUp: '👍 Helpful',
    feedbackDown: '👎 Not helpful',
    escalate: 'Talk to an adviser',
    contacts: 'Who can I contact?',
    moreAbout: (n) => `Tell me more about number ${n}`,
    moreCases: 'Show more examples',
    methods: 'Which methods can we use?',
    shareCase: 'Share your experience',
  },
};

export const REPLY_TEXTS: Readonly<Record<Language, ReplyTexts>> = { da: DA, en: EN };

/** The fixed texts in `language`. */
export function replyTexts(language: Language): ReplyTexts {
  return REPLY_TEXTS[language];
}

/**
 * Every sentence the Slack adapter itself says (labels, apologies, adviser-card wording), in Danish and English.
 * The answers themselves come from the engine.
 */
import type { Language } from '../../bot/messages.js';

/** The adapter's own wording in one language. */
export interface SlackTexts {
  sources: string;
  cases: string;
  organisation: string;
  year: string;
  status: string;
  region: string;
  contact: string;
  thumbsUp: string;
  thumbsDown: string;
  talkToAdviser: string;
  truncated: string;
  apology: string;
}

const DA: SlackTexts = {
  sources: 'Kilder',
  cases: 'Hvem har gjort det før',
  organisation: 'Organisation',
  year: 'År',
  status: 'Status',
  region: 'Region',
  contact: 'Kontakt',
  thumbsUp: '👍',
  thumbsDown: '👎',
  talkToAdviser: 'Tal med en rådgiver',
  truncated: '✂️ Svaret er forkortet her, fordi det er for langt til én Slack-besked (fuld tekst: spørg efter en bestemt del, eller se kilderne).',
  apology: 'Beklager, noget gik galt, så jeg kunne ikke svare lige nu. Prøv igen om lidt – eller skriv "tal med en rådgiver".',
};

const EN: SlackTexts = {
  ...DA,
  sources: 'Sources',
  cases: 'Who has done this before',
  year: 'Year',
  contact: 'Contact',
  talkToAdviser: 'Talk to an adviser',
  truncated: '✂️ The answer is shortened here because it is too long for one Slack message (full text: ask about a specific part, or see the sources).',
  apology: 'Sorry, something went wrong and I could not answer just now. Please try again shortly – or write "talk to an adviser".',
};

/** The adapter's texts for a reply language (Danish unless the reply is English). */
export function slackTexts(language: Language = 'da'): SlackTexts {
  return language === 'en' ? EN : DA;
}

/** Suggested prompts shown when a user opens the Assistant panel (Danish: the centre's staff). */
export const SUGGESTED_PROMPTS = {
  title: 'Hvad vil du vide?',
  prompts: [
    { title: 'Hvem har gjort det før?', message: 'Hvilke kommuner har erfaring med velfærdsteknologi i ældreplejen?' },
    { title: 'Find en metode', message: 'Hvordan kan vi inddrage borgerne, når vi udvikler en ny løsning?' },
    { title: 'Hvad siger forskningen?', message: 'Hvad ved vi om, hvad der fremmer innovation i den offentlige sektor?' },
    { title: 'Tal med en rådgiver', message: 'Jeg vil gerne tale med en rådgiver.' },
  ],
} as const;

/** Wording of the adviser side (escalation cards, claims, App Home); advisers are the centre's Danish staff. */
export const ADVISER_TEXTS = {
  onlyAdvisers: 'Kun rådgivere kan overtage sager. Bed en administrator om at koble din Slack-bruger til en rådgiverprofil.',
  noService: 'Overdragelse til rådgivere er ikke sat op i denne installation.',
  claim: 'Overtag',
  resolve: 'Afslut',
  newCase: 'Ny sag til en rådgiver',
  question: 'Spørgsmål',
  summary: 'Resumé',
  botAnswer: 'Botten svarede',
  user: 'Bruger',
  age: (minutes: number, overdue: boolean) => `${formatAge(minutes)} gammel${overdue ? ' – ⚠️ over svarfristen' : ''}`,
  status: (status: string, adviser?: string) =>
    ({ queued: '⏳ Venter på en rådgiver', claimed: `🙋 Overtaget af ${adviser ?? 'en rådgiver'}`, resolved: `✅ Afsluttet${adviser ? ` af ${adviser}` : ''}`, cancelled: '🚫 Annulleret af brugeren' })[
      status
    ] ?? status,
  replyHint: 'Svar i denne tråd for at skrive til brugeren (kun den rådgiver, der har overtaget sagen).',
  userWrote: (name: string | undefined, text: string) => `*${name ?? 'Brugeren'} skrev:* ${text}`,
  reminder: (minutes: number) => `⏰ Påmindelse: sagen har ventet i ${formatAge(minutes)} uden en rådgiver.`,
  released: 'Sagen er sat tilbage i køen.',
  homeTitle: 'Kraftcenter Assistant',
  homeIntro: 'Spørg mig i en DM, nævn mig i en kanal, eller brug Assistant-panelet. Jeg svarer med kilder fra Kraftcenterets bibliotek.',
  homeQueue: 'Sager til rådgivere',
  homeEmpty: 'Ingen åbne sager lige nu. 🎉',
} as const;

function formatAge(minutes: number): string {
  if (minutes < 60) return `${Math.max(0, Math.round(minutes))} min`;
  const hours = minutes / 60;
  return hours < 48 ? `${Math.round(hours)} t` : `${Math.round(hours / 24)} dage`;
}

/** The wording of "Del jeres erfaring" (the modal, its confirmation and the DM), in one language. */
export interface SubmissionTexts {
  /** Modal title, submit and close buttons: at most 24 characters each. */
  title: string;
  submit: string;
  cancel: string;
  close: string;
  intro: string;
  /** The button under an answer that offers the form (when the engine's action has no label). */
  button: string;
  received(reference: string): string;
  masked: string;
  dm(reference: string, title: string | undefined): string;
  failed: string;
  unavailable: string;
}

const SUBMISSION_DA: SubmissionTexts = {
  title: 'Del jeres erfaring',
  submit: 'Send',
  cancel: 'Annuller',
  close: 'Luk',
  intro: 'Fortæl om et projekt, som andre i den offentlige sektor kan lære af. En rådgiver fra Kraftcenteret læser det, før det kommer i biblioteket. Skriv ikke CPR-numre eller private telefonnumre.',
  button: 'Del jeres erfaring',
  received: (reference) => `✅ Tak! Jeres erfaring er modtaget med referencenummer *${reference}*. En rådgiver læser den og vender tilbage, hvis der er spørgsmål. Du får også referencen i en besked fra mig.`,
  masked: 'ℹ️ Vi har fjernet personoplysninger (fx CPR- eller telefonnumre) fra teksten, før den blev gemt.',
  dm: (reference, title) => `✅ Tak for jeres erfaring${title ? ` «${title}»` : ''}. Referencenummer: *${reference}*. En rådgiver læser den, før den kommer i biblioteket; har vi spørgsmål, skriver vi her.`,
  failed: 'Beklager, vi kunne ikke gemme jeres erfaring lige nu. Prøv at sende igen om lidt.',
  unavailable: 'Indsendelse af erfaringer er ikke sat op i denne installation. Skriv til Kraftcenteret, hvis I vil dele et projekt.',
};

const SUBMISSION_EN: SubmissionTexts = {
  title: 'Share your experience',
  submit: 'Send',
  cancel: 'Cancel',
  close: 'Close',
  intro: 'Tell us about a project others in the public sector can learn from. An adviser from Kraftcenteret reads it before it goes into the library. Do not write CPR numbers or private phone numbers.',
  button: 'Share your experience',
  received: (reference) => `✅ Thank you! Your experience has been received with reference number *${reference}*. An adviser will read it and get back to you if there are questions. You will also get the reference in a message from me.`,
  masked: 'ℹ️ We removed personal data (such as CPR or phone numbers) from the text before it was stored.',
  dm: (reference, title) => `✅ Thank you for sharing your experience${title ? ` “${title}”` : ''}. Reference number: *${reference}*. An adviser reads it before it goes into the library; if we have questions, we will write here.`,
  failed: 'Sorry, we could not save your experience just now. Please try sending it again shortly.',
  unavailable: 'Sharing experiences is not set up in this installation. Write to Kraftcenteret if you want to share a project.',
};

/** The "Del jeres erfaring" wording (Danish unless `language` is English). */
export function submissionTexts(language: Language = 'da'): SubmissionTexts {
  return language === 'en' ? SUBMISSION_EN : SUBMISSION_DA;
}

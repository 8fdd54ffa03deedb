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

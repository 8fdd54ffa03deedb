/**
 * What the user is told during a hand-off (in their language), and the messages advisers get when an action is
 * refused (Danish: the console is Danish). Builds on the fixed texts in bot/answer/reply-texts.ts.
 */
import { replyTexts } from '../answer/index.js';
import type { Language } from '../messages.js';
import type { EscalationError } from './escalation-port.js';
import { parseClock, toLocalTime, type EscalationSettings } from './office-hours.js';

const DAY_NAMES: Record<Language, string[]> = {
  da: ['mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

/** '08:00' → '8' (Danish) / '8:00' (English); '08:30' → '8.30' / '8:30'. */
function clock(minutes: number, language: Language): string {
  const hours = Math.floor(minutes / 60);
  const rest = String(Math.round(minutes % 60)).padStart(2, '0');
  if (language === 'da') return rest === '00' ? `${hours}` : `${hours}.${rest}`;
  return `${hours}:${rest}`;
}

function workingDays(days: number[], language: Language): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.join() === '1,2,3,4,5') return language === 'da' ? 'hverdage' : 'weekdays';
  return sorted.map((day) => DAY_NAMES[language][day - 1]).join(', ');
}

/**
 * The expected response time, e.g. "En rådgiver svarer normalt inden for ca. 4 arbejdstimer (hverdage 8–16), senest
 * mandag kl. 11." With no `dueAt`, without the last part.
 */
export function expectedResponseText(language: Language, settings: EscalationSettings, dueAt?: Date): string {
  const { officeHours, targetWorkingHours } = settings;
  const hours = Number.isInteger(targetWorkingHours) ? String(targetWorkingHours) : targetWorkingHours.toFixed(1);
  const days = workingDays(officeHours.days, language);
  const open = parseClock(officeHours.start);
  const close = parseClock(officeHours.end);
  const due = dueAt ? toLocalTime(dueAt, officeHours.timezone) : undefined;
  if (language === 'en') {
    const unit = targetWorkingHours === 1 ? 'working hour' : 'working hours';
    const latest = due ? `, at the latest ${DAY_NAMES.en[due.weekday - 1]} at ${clock(due.minutes, 'en')}` : '';
    return `An adviser usually replies within about ${hours} ${unit} (${days} ${clock(open, 'en')}–${clock(close, 'en')} Danish time)${latest}.`;
  }
  const unit = targetWorkingHours === 1 ? 'arbejdstime' : 'arbejdstimer';
  const latest = due ? `, senest ${DAY_NAMES.da[due.weekday - 1]} kl. ${clock(due.minutes, 'da')}` : '';
  return `En rådgiver svarer normalt inden for ca. ${hours.replace('.', ',')} ${unit} (${days} ${clock(open, 'da')}–${clock(close, 'da')})${latest}.`;
}

/** The user-facing texts of a hand-off. */
export interface EscalationTexts {
  /** Just opened: who takes over, when, and how to cancel. */
  queued(settings: EscalationSettings, dueAt?: Date): string;
  /** The user wrote while waiting for an adviser. */
  forwardedWhileQueued(): string;
  /** The user wrote while an adviser has the conversation. */
  forwardedToAdviser(name?: string): string;
  adviserJoined(name?: string): string;
  /** The adviser handed it back to the queue. */
  released(): string;
  /** The adviser who had it is no longer available (disabled): back in the queue, without naming them. */
  returnedToQueue(): string;
  /** Resolved: the bot answers again. */
  botBack(): string;
  /** The user cancelled while queued. */
  cancelled(): string;
}

const DA: EscalationTexts = {
  queued: (settings, dueAt) =>
    `${replyTexts('da').adviserRequested()} ${expectedResponseText('da', settings, dueAt)} Skriv »annuller«, hvis du ikke længere har brug for en rådgiver.`,
  forwardedWhileQueued: () =>
    'Din besked er sendt videre til rådgiveren, som ser den, når sagen bliver taget. Skriv »annuller«, hvis du ikke længere har brug for en rådgiver.',
  forwardedToAdviser: (name) => (name ? `Sendt til ${name}.` : 'Sendt til rådgiveren.'),
  adviserJoined: (name) => replyTexts('da').adviserJoined(name),
  released: () => 'Rådgiveren har sendt din henvendelse tilbage i køen, så en kollega kan tage over. Du hører fra os.',
  returnedToQueue: () =>
    'Din henvendelse er sendt tilbage i køen, så en anden rådgiver kan tage over. Du hører fra os. Skriv »annuller«, hvis du ikke længere har brug for en rådgiver.',
  botBack: () => 'Rådgiveren har afsluttet samtalen. Du taler nu med Kraftcentrets assistent igen — spørg bare løs.',
  cancelled: () => 'Din henvendelse til en rådgiver er annulleret. Du taler nu med Kraftcentrets assistent igen.',
};

const EN: EscalationTexts = {
  queued: (settings, dueAt) =>
    `${replyTexts('en').adviserRequested()} ${expectedResponseText('en', settings, dueAt)} Write "cancel" if you no longer need an adviser.`,
  forwardedWhileQueued: () =>
    'Your message has been passed on to the adviser, who will see it when they take your request. Write "cancel" if you no longer need an adviser.',
  forwardedToAdviser: (name) => (name ? `Sent to ${name}.` : 'Sent to the adviser.'),
  adviserJoined: (name) => replyTexts('en').adviserJoined(name),
  released: () => 'The adviser has put your request back in the queue so that a colleague can take over. You will hear from us.',
  returnedToQueue: () =>
    'Your request is back in the queue so that another adviser can take over. You will hear from us. Write "cancel" if you no longer need an adviser.',
  botBack: () => "The adviser has closed the conversation. You're talking to the Kraftcenter's assistant again — ask away.",
  cancelled: () => "Your request for an adviser has been cancelled. You're talking to the Kraftcenter's assistant again.",
};

/** The hand-off texts in `language` (anything but 'en' is Danish). */
export function escalationTexts(language: string): EscalationTexts {
  return language === 'en' ? EN : DA;
}

/** "annuller", "cancel", "annuller henvendelsen", … as a whole message (not "kan man annullere en kontrakt?"). */
const CANCEL = /^\s*(?:annuller|annullér|annuler|afbryd|fortryd|cancel|stop)(?:\s+(?:henvendelsen|anmodningen|rådgiveren|rådgiver|it|the request|request))?\s*[.!]*\s*$/iu;

/** True when the message is the user cancelling their request for an adviser. */
export function isCancelCommand(text: string): boolean {
  return CANCEL.test(text);
}

/** Why an adviser's action was refused, in Danish for the console. */
export const ESCALATION_ERROR_MESSAGES: Record<EscalationError, string> = {
  not_found: 'Sagen findes ikke.',
  already_claimed: 'En anden rådgiver har allerede taget sagen.',
  not_yours: 'Sagen er ikke din: kun den rådgiver, der har taget sagen, kan gøre dette.',
  closed: 'Sagen er afsluttet.',
  not_queued: 'En rådgiver har allerede taget sagen, så den kan ikke længere annulleres.',
  unknown_adviser: 'Rådgiveren findes ikke eller er deaktiveret.',
};

/** The refusal of a reply to a resolved or cancelled escalation. */
export const REPLY_TO_CLOSED_MESSAGE = 'Sagen er afsluttet; svaret blev ikke sendt.';

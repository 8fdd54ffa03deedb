/**
 * Removes the personal data users most often paste into a question by mistake: Danish CPR numbers, phone numbers
 * and e-mail addresses. The engine masks BEFORE the text reaches a language model, a log line or the database,
 * because none of those may hold a citizen's CPR number, and the question is just as answerable without them.
 */
import type { Language } from '../messages.js';

export type PersonalDataKind = 'cpr' | 'phone' | 'email';

export interface MaskResult {
  /** The text with every detected item replaced by a placeholder in the user's language. */
  text: string;
  /** True when anything was replaced (the engine then shows a notice). */
  masked: boolean;
  /** What was found, each kind once, in the order cpr, phone, email. */
  kinds: PersonalDataKind[];
}

const PLACEHOLDERS: Record<Language, Record<PersonalDataKind, string>> = {
  da: { cpr: '[CPR-nummer fjernet]', phone: '[telefonnummer fjernet]', email: '[e-mail fjernet]' },
  en: { cpr: '[CPR number removed]', phone: '[phone number removed]', email: '[e-mail removed]' },
};

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/**
 * ddmmyy-xxxx or ddmmyyxxxx (a space is tolerated as separator). Day 01-31 and month 01-12 are checked in the
 * pattern, so account numbers and other ten-digit runs mostly fail. Not inside longer digit runs or decimals.
 */
const CPR = /(?<!\d)(?<!\d[.,])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[-–\s]?\d{4}(?!\d)(?![.,]\d)/gu;

/**
 * Eight digits, optionally after +45/0045/(+45), written together, as 4+4 or as 2+2+2+2 with spaces. Not part of
 * a longer number (neighbouring digits, even across one separator, make it something else: an amount, a list).
 */
const PHONE = new RegExp(
  [
    '(?<![\\d+])(?<!\\d[\\s.,-])', // not the tail of a longer number
    '(?:(?:\\+|00)\\s?45[\\s-]?|\\(\\+?45\\)\\s?)?', // +45, 0045, (+45)
    '(?:\\d{8}|\\d{4}\\s\\d{4}|\\d{2}\\s\\d{2}\\s\\d{2}\\s\\d{2})',
    '(?!\\d)(?![\\s.,-]\\d)', // not the head of a longer number
  ].join(''),
  'gu',
);

/** Money and company identifiers: an eight-digit amount or CVR number is not a phone number. */
const NOT_A_PHONE_BEFORE =
  /(?<!\p{L})(?:kr\.?|dkk|cvr|(?:se|p)-?nr\.?|ean|konto|reg)[\s.:-]*(?:nr\.?|nummer)?[\s.:]*$/iu;
const NOT_A_PHONE_AFTER = /^\s?(?:kr\b|kroner|dkk|mio|mia|%|procent|euro|eur\b)/iu;
/** "2010 2015" (two years side by side) has the shape of a phone number but is a period. */
const YEAR_PAIR = /^(?:19|20)\d{2}\s(?:19|20)\d{2}$/u;

/**
 * Masks CPR numbers, phone numbers and e-mail addresses in `text`.
 * Deterministic and conservative about years, periods ("2015-2018") and amounts ("kr. 1.200.000"); it does
 * not try to find names or addresses (too many false positives in a library full of place names).
 * @param language the language of the placeholders: Danish by default.
 */
export function maskPersonalData(text: string, language: Language = 'da'): MaskResult {
  const placeholders = PLACEHOLDERS[language];
  const found = new Set<PersonalDataKind>();

  let result = text.replace(EMAIL, () => {
    found.add('email');
    return placeholders.email;
  });
  result = result.replace(CPR, () => {
    found.add('cpr');
    return placeholders.cpr;
  });
  result = result.replace(PHONE, (match: string, offset: number, whole: string) => {
    if (YEAR_PAIR.test(match)) return match;
    if (NOT_A_PHONE_BEFORE.test(whole.slice(Math.max(0, offset - 16), offset))) return match;
    if (NOT_A_PHONE_AFTER.test(whole.slice(offset + match.length, offset + match.length + 10))) return match;
    found.add('phone');
    return placeholders.phone;
  });

  const kinds = (['cpr', 'phone', 'email'] as const).filter((kind) => found.has(kind));
  return { text: result, masked: kinds.length > 0, kinds };
}

/**
 * Removes the personal data users most often paste into a question by mistake: Danish CPR numbers, phone numbers,
 * e-mail addresses (also written `navn(at)kommune.dk`) and IP addresses. The engine masks BEFORE the text reaches a
 * language model, a log line or the database, because none of those may hold a citizen's CPR number, and the
 * question is just as answerable without them. Advisers' replies and notes are masked the same way before they are
 * stored.
 */
import type { Language } from '../messages.js';

export type PersonalDataKind = 'cpr' | 'phone' | 'email' | 'ip';

export interface MaskResult {
  /** The text with every detected item replaced by a placeholder in the user's language. */
  text: string;
  /** True when anything was replaced (the engine then shows a notice). */
  masked: boolean;
  /** What was found, each kind once, in the order cpr, phone, email, ip. */
  kinds: PersonalDataKind[];
}

export interface MaskOptions {
  /** True for an item that is public and must stay (e.g. a contact the library publishes). */
  keep?(kind: PersonalDataKind, value: string): boolean;
}

const KIND_ORDER: readonly PersonalDataKind[] = ['cpr', 'phone', 'email', 'ip'];

const PLACEHOLDERS: Record<Language, Record<PersonalDataKind, string>> = {
  da: { cpr: '[CPR-nummer fjernet]', phone: '[telefonnummer fjernet]', email: '[e-mail fjernet]', ip: '[IP-adresse fjernet]' },
  en: { cpr: '[CPR number removed]', phone: '[phone number removed]', email: '[e-mail removed]', ip: '[IP address removed]' },
};

/** "(at)", "[at]", "{snabel-a}" for @, and "(dot)", "[punktum]" for a dot: addresses written to dodge harvesters. */
const AT = String.raw`(?:@|\s?[(\[{]\s*(?:at|snabel-?a)\s*[)\]}]\s?)`;
const DOT = String.raw`(?:\.|\s?[(\[{]\s*(?:dot|punktum|prik)\s*[)\]}]\s?)`;
// The lookbehind starts a match only where a local part can start: without it a 4,000-character word is tried from
// every position (quadratic, ~70 ms).
const EMAIL = new RegExp(String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+${AT}[\p{L}\p{N}-]+(?:${DOT}[\p{L}\p{N}-]+)*${DOT}\p{L}{2,}`, 'giu');

/**
 * ddmmyy-xxxx or ddmmyyxxxx (a space is tolerated as separator). Day 01-31 and month 01-12 are checked in the
 * pattern, so account numbers and other ten-digit runs mostly fail. Not inside longer digit runs or decimals.
 */
const CPR = /(?<!\d)(?<!\d[.,])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[-–\s]?\d{4}(?!\d)(?![.,]\d)/gu;

/**
 * Eight digits, optionally after +45/0045/(+45), written together, as 4+4 (space or hyphen) or as 2+2+2+2 with
 * spaces. Not part of a longer number (neighbouring digits, even across one separator, make it something else: an
 * amount, a list).
 */
const PHONE = new RegExp(
  [
    '(?<![\\d+])(?<!\\d[\\s.,-])', // not the tail of a longer number
    '(?:(?:\\+|00)\\s?45[\\s-]?|\\(\\+?45\\)\\s?)?', // +45, 0045, (+45)
    '(?:\\d{8}|\\d{4}[\\s-]\\d{4}|\\d{2}\\s\\d{2}\\s\\d{2}\\s\\d{2})',
    '(?!\\d)(?![\\s.,-]\\d)', // not the head of a longer number
  ].join(''),
  'gu',
);

/** An IPv4 octet, 0-255 without leading zeros (so "1.200.000.000" kroner is not an address). */
const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
const IPV4 = new RegExp(String.raw`(?<![\p{L}\p{N}.])${OCTET}(?:\.${OCTET}){3}(?![\p{N}]|\.\p{N})`, 'gu');
/** IPv6 in full (eight groups) or compressed with "::"; a match must hold a digit ("cafe::" is not an address). */
const HEX = '[0-9a-f]{1,4}';
const IPV6 = new RegExp(
  String.raw`(?<![\p{L}\p{N}:])(?:(?:${HEX}:){7}${HEX}|(?:${HEX}:){1,7}:(?:${HEX}(?::${HEX}){0,6})?|::${HEX}(?::${HEX}){0,6})(?![\p{L}\p{N}:])`,
  'giu',
);

/** Money and company identifiers: an eight-digit amount or CVR number is not a phone number. */
const NOT_A_PHONE_BEFORE =
  /(?<!\p{L})(?:kr\.?|dkk|cvr|(?:se|p)-?nr\.?|ean|konto|reg)[\s.:-]*(?:nr\.?|nummer)?[\s.:]*$/iu;
const NOT_A_PHONE_AFTER = /^\s?(?:kr\b|kroner|dkk|mio|mia|%|procent|euro|eur\b)/iu;
/** "2010 2015" or "2015-2018" (two years side by side) has the shape of a phone number but is a period. */
const YEAR_PAIR = /^(?:19|20)\d{2}[\s-](?:19|20)\d{2}$/u;

/** A kind of personal data: its pattern, and a check of the match in its context (the text as normalised). */
interface Detector {
  kind: PersonalDataKind;
  pattern: RegExp;
  accept?(match: string, offset: number, whole: string): boolean;
}

const isAmount = (match: string, offset: number, whole: string) =>
  NOT_A_PHONE_BEFORE.test(whole.slice(Math.max(0, offset - 16), offset)) ||
  NOT_A_PHONE_AFTER.test(whole.slice(offset + match.length, offset + match.length + 10));

/** In this order: an e-mail's digits are not a phone number, an address's dots are not an amount. */
const DETECTORS: Detector[] = [
  { kind: 'email', pattern: EMAIL },
  { kind: 'ip', pattern: IPV4, accept: (match, offset, whole) => !isAmount(match, offset, whole) },
  { kind: 'ip', pattern: IPV6, accept: (match) => /\d/.test(match) && (match.match(/[0-9a-f]+/gi)?.length ?? 0) >= 2 },
  { kind: 'cpr', pattern: CPR },
  { kind: 'phone', pattern: PHONE, accept: (match, offset, whole) => !YEAR_PAIR.test(match) && !isAmount(match, offset, whole) },
];

/**
 * Full-width ASCII forms (０-９, ＠, －, …) as their ASCII characters, as NFKC would, one character for one so that
 * offsets in the result are offsets in the original: matching sees "０１０１９０－１２３４" as a CPR number, while the
 * text around a match is kept exactly as typed.
 */
function foldFullWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/gu, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0)).replace(/\u3000/gu, ' ');
}

/**
 * Masks CPR numbers, phone numbers, e-mail and IP addresses in `text`.
 * Deterministic and conservative about years, periods ("2015-2018"), amounts ("kr. 1.200.000") and case numbers;
 * it does not try to find names or addresses (too many false positives in a library full of place names).
 * @param language the language of the placeholders: Danish by default.
 * @param options.keep items to leave as they are (public contacts an adviser passes on), as found in the text.
 */
export function maskPersonalData(text: string, language: Language = 'da', options: MaskOptions = {}): MaskResult {
  const placeholders = PLACEHOLDERS[language];
  const spans: Array<{ start: number; end: number; kind: PersonalDataKind }> = [];
  let work = foldFullWidth(text);

  for (const detector of DETECTORS) {
    const found: Array<{ start: number; end: number }> = [];
    for (const match of work.matchAll(detector.pattern)) {
      const start = match.index;
      if (detector.accept && !detector.accept(match[0], start, work)) continue;
      if (options.keep?.(detector.kind, match[0])) continue;
      found.push({ start, end: start + match[0].length });
    }
    // Blank out what was found (same length, no digits or letters) so later detectors neither see nor re-match it.
    for (const span of found) {
      work = work.slice(0, span.start) + '\u0000'.repeat(span.end - span.start) + work.slice(span.end);
      spans.push({ ...span, kind: detector.kind });
    }
  }
  if (spans.length === 0) return { text, masked: false, kinds: [] };

  spans.sort((a, b) => a.start - b.start);
  let result = '';
  let at = 0;
  for (const span of spans) {
    result += text.slice(at, span.start) + placeholders[span.kind];
    at = span.end;
  }
  result += text.slice(at);
  const kinds = KIND_ORDER.filter((kind) => spans.some((span) => span.kind === kind));
  return { text: result, masked: true, kinds };
}

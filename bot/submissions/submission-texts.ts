/**
 * What the submitter is told (in their own conversation, Danish, or English when they wrote English) and the
 * refusals the service gives channels and the console (always both languages).
 */
import type { Language } from '../messages.js';
import type { SubmissionStatus } from './submission-port.js';

const STATUS_NAMES: Record<SubmissionStatus, Record<Language, string>> = {
  new: { da: 'ny', en: 'new' },
  asked: { da: 'afventer svar', en: 'awaiting an answer' },
  rejected: { da: 'afvist', en: 'rejected' },
  published: { da: 'offentliggjort', en: 'published' },
  unpublished: { da: 'taget ud af biblioteket', en: 'taken out of the library' },
};

/** "Forslaget er afvist, så det kan ikke offentliggøres." in both languages. */
export function wrongStatusMessage(status: SubmissionStatus, action: Record<Language, string>): Record<Language, string> {
  return {
    da: `Forslaget er ${STATUS_NAMES[status].da}, så det kan ikke ${action.da}.`,
    en: `The proposal is ${STATUS_NAMES[status].en}, so it cannot be ${action.en}.`,
  };
}

export const ACTIONS = {
  edit: { da: 'rettes', en: 'edited' },
  ask: { da: 'få et spørgsmål', en: 'asked about' },
  reject: { da: 'afvises', en: 'rejected' },
  publish: { da: 'offentliggøres', en: 'published' },
  unpublish: { da: 'tages ud af biblioteket', en: 'unpublished' },
} satisfies Record<string, Record<Language, string>>;

export const REFUSALS = {
  notFound: { da: 'Forslaget findes ikke.', en: 'No such proposal.' },
  documentNotFound: { da: 'Dokumentet findes ikke i biblioteket.', en: 'No such document in the library.' },
  noConversation: {
    da: 'Indsenderen kan ikke nås: forslaget kom ikke fra en samtale, botten kan skrive i.',
    en: 'The submitter cannot be reached: the proposal did not come from a conversation the bot can write in.',
  },
  emptyText: { da: 'Skriv en tekst.', en: 'Write a text.' },
  attachmentType: { da: 'Vedhæftningen skal være en PDF- eller Word-fil (.docx).', en: 'The attachment must be a PDF or Word (.docx) file.' },
  attachmentContent: {
    da: 'Vedhæftningen er ikke en gyldig PDF- eller Word-fil.',
    en: 'The attachment is not a valid PDF or Word file.',
  },
  attachmentSize: (maxMb: number) => ({ da: `Vedhæftningen må højst fylde ${maxMb} MB.`, en: `The attachment may be at most ${maxMb} MB.` }),
  invalid: { da: 'Nogle felter skal rettes.', en: 'Some fields need correcting.' },
  publishFailed: (problem: string) => ({
    da: `Dokumentet kunne ikke læses ind i biblioteket: ${problem}`,
    en: `The document could not be ingested into the library: ${problem}`,
  }),
} as const;

/** The submitter's messages, by what happened. */
export const SUBMITTER_TEXTS = {
  // The answer goes to the adviser by e-mail: a reply written in the chat reaches the bot, not the proposal.
  question: (reference: string, question: string, adviser: { name: string; email: string }): Record<Language, string> => ({
    da: `Spørgsmål om jeres indsendte erfaring ${reference}:\n\n${question}\n\nSvar ${adviser.name} på ${adviser.email}, og skriv ${reference} i emnefeltet.`,
    en: `A question about the case you shared, ${reference}:\n\n${question}\n\nPlease answer ${adviser.name} at ${adviser.email}, with ${reference} in the subject line.`,
  }),
  rejected: (reference: string, title: string, reason: string): Record<Language, string> => ({
    da: `Tak for jeres erfaring "${title}" (${reference}). Vi har valgt ikke at lægge den i biblioteket. Begrundelse: ${reason}`,
    en: `Thank you for sharing "${title}" (${reference}). We have decided not to add it to the library. Reason: ${reason}`,
  }),
  published: (reference: string, title: string, link: { chat?: string; source?: string }): Record<Language, string> => {
    const da = [`Jeres erfaring "${title}" (${reference}) er nu lagt i Kraftcentrets bibliotek, så andre kan finde den.`];
    const en = [`Your case "${title}" (${reference}) is now in Kraftcentret's library, where others can find it.`];
    if (link.chat) {
      da.push(`Se den ved at spørge om "${title}" i chatten: ${link.chat}`);
      en.push(`See it by asking about "${title}" in the chat: ${link.chat}`);
    } else {
      da.push(`Spørg om "${title}" her, så finder botten den.`);
      en.push(`Ask about "${title}" here and the bot will find it.`);
    }
    if (link.source) {
      da.push(`Jeres eget link: ${link.source}`);
      en.push(`Your own link: ${link.source}`);
    }
    return { da: da.join('\n\n'), en: en.join('\n\n') };
  },
} as const;

/** Who sends the submitter's messages (the DeliveryPorts show it as the author of an adviser's message). */
export const SENDER_NAME: Record<Language, string> = { da: 'Kraftcentrets redaktion', en: 'Kraftcentret editors' };

/**
 * The line every prompt ends its instructions with: which language to write in. Prompts are Danish (the centre's
 * working language); the answer follows the user.
 */
import type { Language } from '../messages.js';

/** "Svar på dansk." / "Answer in English …" for the model. */
export function answerLanguageInstruction(language: Language): string {
  return language === 'en'
    ? 'Skriv dit svar på engelsk (Answer in English), men behold danske navne på organisationer, projekter og titler.'
    : 'Skriv dit svar på dansk.';
}

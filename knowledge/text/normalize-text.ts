/**
 * Normalisation and tokenisation shared by all text analysis (stemming, language detection, embeddings).
 */

/** Accented letters folded to their plain form; æ, ø and å are letters of their own in Danish and are kept. */
const FOLDED_LETTERS: Record<string, string> = {
  á: 'a', à: 'a', â: 'a', ã: 'a', é: 'e', è: 'e', ê: 'e', ë: 'e', í: 'i', ì: 'i', î: 'i', ï: 'i',
  ó: 'o', ò: 'o', ô: 'o', õ: 'o', ú: 'u', ù: 'u', û: 'u', ü: 'u', ý: 'y', ä: 'æ', ö: 'ø', ß: 'ss',
};
const FOLDABLE = new RegExp(`[${Object.keys(FOLDED_LETTERS).join('')}]`, 'g');
const NOT_A_WORD_CHARACTER = /[^\p{L}\p{N}]+/gu;

/**
 * Lower-cases, composes (NFC), folds accents other than æøå ("idé" -> "ide", "Müller" -> "muller"), and replaces
 * every run of punctuation, symbols and whitespace by one space. The result is trimmed.
 * Why fold: users type "ide" and "idé" interchangeably; æøå change meaning and must survive.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(FOLDABLE, (letter) => FOLDED_LETTERS[letter] ?? letter)
    .replace(NOT_A_WORD_CHARACTER, ' ')
    .trim();
}

/** The words of `text` after {@link normalizeText}, in order, stop words included. */
export function tokenize(text: string): string[] {
  const normalized = normalizeText(text);
  return normalized === '' ? [] : normalized.split(' ');
}

/**
 * Folds a user-written value for lenient comparison against a canonical spelling:
 * trimmed, lowercase, æ→ae ø→oe å→aa, accents dropped (é→e), inner whitespace collapsed.
 * So "Sjaelland", "SJÆLLAND" and "sjælland" all compare equal, as do "ide", "Idé" and "IDÉ".
 */
export function foldForMatch(text: string): string {
  return text
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ');
}

/** The languages the text analysis knows. Everything that is not recognisably English is treated as Danish. */
export type TextLanguage = 'da' | 'en';

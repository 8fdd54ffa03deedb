/**
 * Problem messages shared by several formats (Danish, operator-facing; field-level messages are English
 * and come from metadata-schema). Kept in one place so every format words the same defect the same way
 * and tests can match them.
 */
export const EMPTY_FILE_MESSAGE = 'tom fil';
export const BINARY_FILE_MESSAGE = 'ligner en binær fil, ikke tekst';
export const MISSING_FRONT_MATTER_MESSAGE = 'mangler front matter (--- … --- øverst i filen)';

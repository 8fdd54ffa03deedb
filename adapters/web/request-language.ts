/**
 * The language a web visitor reads: the page says it (a `lang` field or `?lang=`, from page-language.js), else the
 * browser's Accept-Language; Danish unless English is asked for or preferred.
 */
import type { Request } from 'express';
import type { Language } from '../../bot/messages.js';

/** `da` or `en` for a request; `stated` is a `lang` the page sent in its body, if any. */
export function requestLanguage(req: Request, stated?: unknown): Language {
  for (const value of [stated, req.query.lang]) {
    if (value === 'en' || value === 'da') return value;
  }
  return req.acceptsLanguages('da', 'en') === 'en' ? 'en' : 'da';
}

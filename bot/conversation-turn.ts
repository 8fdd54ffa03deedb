import type { SearchFilters } from '../knowledge/index.js';
import type { CaseCard, Citation, Intent, Language } from './messages.js';

/** What the engine remembers of the previous answer in a thread, for follow-ups. */
export interface PreviousTurn {
  /** What the user wrote. */
  question: string;
  /** The stand-alone question actually searched (after follow-up resolution). */
  resolvedQuestion: string;
  intent: Intent;
  filters: SearchFilters;
  language: Language;
  citations: Citation[];
  cases: CaseCard[];
}

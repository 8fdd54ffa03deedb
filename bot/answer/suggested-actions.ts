/**
 * The buttons under a reply: feedback, "talk to an adviser", and at most two follow-up questions. Labels come from
 * `reply-texts.ts`; a follow-up's `text` is what gets sent as the user's next message when it is clicked, so the
 * understanding step must recognise exactly these phrasings (exported as `followUpText`).
 */
import type { CaseCard, Citation, Language, SuggestedAction } from '../messages.js';
import { replyTexts } from './reply-texts.js';

export type FollowUp =
  /** "Hvem kan jeg kontakte?": the contacts of the cases just shown. */
  | { kind: 'contacts' }
  /** "Fortæl mere om nummer n": more from source n. */
  | { kind: 'more_about'; n: number }
  /** "Vis flere eksempler". */
  | { kind: 'more_cases' }
  /** "Hvilke metoder kan vi bruge?". */
  | { kind: 'methods' };

/** At most this many follow-up buttons, so the feedback and adviser buttons stay visible. */
export const MAX_FOLLOW_UPS = 2;

/** The message a follow-up sends, in `language`. */
export function followUpText(followUp: FollowUp, language: Language): string {
  const labels = replyTexts(language).actions;
  switch (followUp.kind) {
    case 'contacts':
      return labels.contacts;
    case 'more_about':
      return labels.moreAbout(followUp.n);
    case 'more_cases':
      return labels.moreCases;
    case 'methods':
      return labels.methods;
  }
}

/**
 * The default follow-ups for an answer: contacts when it showed cases, "more about number 1" when it cited
 * anything, and otherwise nothing. Callers may pass their own list to `suggestedActions` instead.
 */
export function defaultFollowUps(answer: { cases: CaseCard[]; citations: Citation[] }): FollowUp[] {
  const followUps: FollowUp[] = [];
  if (answer.cases.length > 0) followUps.push({ kind: 'contacts' });
  if (answer.citations.length > 0) followUps.push({ kind: 'more_about', n: answer.citations[0].n });
  return followUps;
}

/**
 * Actions for a reply: 👍/👎 feedback (unless `feedback: false`, e.g. for a greeting), "talk to an adviser" when
 * `offerAdviser`, then up to two follow-ups (duplicates dropped), labelled and phrased in `language`.
 */
export function suggestedActions(
  language: Language,
  options: { offerAdviser: boolean; followUps?: FollowUp[]; feedback?: boolean },
): SuggestedAction[] {
  const labels = replyTexts(language).actions;
  const actions: SuggestedAction[] = [];
  if (options.feedback !== false) {
    actions.push({ type: 'feedback', label: labels.feedbackUp, value: 'up' });
    actions.push({ type: 'feedback', label: labels.feedbackDown, value: 'down' });
  }
  if (options.offerAdviser) actions.push({ type: 'escalate', label: labels.escalate });
  const seen = new Set<string>();
  for (const followUp of options.followUps ?? []) {
    if (seen.size >= MAX_FOLLOW_UPS) break;
    const text = followUpText(followUp, language);
    if (seen.has(text)) continue;
    seen.add(text);
    actions.push({ type: 'follow_up', label: text, text });
  }
  return actions;
}

/**
 * `actions` with "Del jeres erfaring" (`share_case`) added once, before the follow-ups: offered when the user says
 * they have done something similar themselves.
 */
export function withShareCase(actions: SuggestedAction[], language: Language): SuggestedAction[] {
  if (actions.some((action) => action.type === 'share_case')) return actions;
  const share: SuggestedAction = { type: 'share_case', label: replyTexts(language).actions.shareCase };
  const firstFollowUp = actions.findIndex((action) => action.type === 'follow_up');
  if (firstFollowUp === -1) return [...actions, share];
  return [...actions.slice(0, firstFollowUp), share, ...actions.slice(firstFollowUp)];
}

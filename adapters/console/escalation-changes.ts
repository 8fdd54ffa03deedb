/**
 * What the console's live stream sends for a batch of the engine's change feed: one line per changed escalation and
 * per new message in a conversation with an open escalation; the page then re-reads what it shows.
 */
import type { ChangeBatch } from '../../bot/store/change-feed.js';

/** One change the console should react to (it re-reads the escalation through the API). */
export interface EscalationChange {
  id: string;
  status: string;
  /** `updated`: the escalation itself changed (new, claimed, released, resolved…); `message`: a new message. */
  kind: 'updated' | 'message';
  /** For `message`: who wrote it. */
  role?: string;
}

/** The batch's changes for the console, in the feed's order (escalations first, then messages). */
export function escalationChanges(batch: ChangeBatch): EscalationChange[] {
  const changes: EscalationChange[] = batch.escalations.map((update) => ({ id: update.id, status: update.status, kind: 'updated' }));
  for (const added of batch.messages) {
    if (added.openEscalation) changes.push({ id: added.openEscalation.id, status: added.openEscalation.status, kind: 'message', role: added.role });
  }
  return changes;
}

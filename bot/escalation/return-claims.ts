/**
 * Escalations held by a disabled adviser go back to the queue, so no user waits on someone who will never answer.
 * Disabling an adviser does this in its own transaction (adviser-store.ts); housekeeping sweeps up any claim that
 * slipped past it (a claim racing the disable, or data from before this existed).
 */
import type { Queryable } from '../../knowledge/index.js';
import { recordTransition } from './escalation-transitions.js';

/** One escalation put back in the queue, and whose it was. */
export interface ReturnedClaim {
  escalationId: string;
  previousAdviserId: string;
  previousAdviserName?: string;
}

/** Which claims to return and who is recorded as doing it. */
export interface ReturnClaimsOptions {
  /** Only this adviser's claims (who must be disabled already); all disabled advisers' when absent. */
  adviserId?: string;
  /** The audit actor, e.g. `cli:<user>` or `system`. */
  actor: string;
  now: Date;
}

/**
 * Puts every claimed escalation of a disabled adviser (or of all of them) back in the queue, inside the caller's
 * transaction. Each one gets what a release gets: a system line in the conversation, a delivery telling the user
 * (without naming the adviser) that a colleague will take over, an 'escalation.released' notification for the
 * advisers' channels, and an audit row `returned_to_queue` naming the previous adviser. The overdue reminder may go
 * out again.
 */
export async function returnClaimsToQueue(tx: Queryable, options: ReturnClaimsOptions): Promise<ReturnedClaim[]> {
  const returned = await tx.query<{ id: string; previous_adviser_id: string; previous_adviser_name: string | null }>(
    `WITH stranded AS (
       SELECT e.id, e.adviser_id, e.adviser_name
       FROM escalations e JOIN advisers a ON a.id = e.adviser_id
       WHERE e.status = 'claimed' AND NOT a.enabled AND ($1::text IS NULL OR a.id = $1)
       FOR UPDATE OF e
     )
     UPDATE escalations e SET status = 'queued', adviser_id = NULL, adviser_name = NULL, claimed_at = NULL,
       reminded_at = NULL, updated_at = now(), version = e.version + 1
     FROM stranded s
     WHERE e.id = s.id AND e.status = 'claimed'
     RETURNING e.id, s.adviser_id AS previous_adviser_id, s.adviser_name AS previous_adviser_name`,
    [options.adviserId ?? null],
  );
  const claims: ReturnedClaim[] = [];
  for (const row of returned.rows) {
    const claim: ReturnedClaim = {
      escalationId: row.id,
      previousAdviserId: row.previous_adviser_id,
      ...(row.previous_adviser_name ? { previousAdviserName: row.previous_adviser_name } : {}),
    };
    await recordTransition(tx, row.id, options.now, {
      actor: options.actor,
      action: 'returned_to_queue',
      details: { reason: 'adviser_disabled', adviserId: claim.previousAdviserId, adviserName: claim.previousAdviserName ?? null },
      event: 'escalation.released',
      message: (texts) => texts.returnedToQueue(),
      deliver: 'queued',
    });
    claims.push(claim);
  }
  return claims;
}

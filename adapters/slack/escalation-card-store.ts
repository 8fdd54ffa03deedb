/**
 * Where each escalation's card sits in the advisers' Slack channel (`slack_escalation_cards`, migration
 * 006_slack.sql): updates edit that message, and an adviser's reply in its thread finds the escalation.
 */
import type { Queryable } from '../../knowledge/index.js';

/** A posted card. */
export interface EscalationCard {
  escalationId: string;
  channel: string;
  ts: string;
}

interface CardRow {
  escalation_id: string;
  channel: string;
  ts: string;
}

const toCard = (row: CardRow): EscalationCard => ({ escalationId: row.escalation_id, channel: row.channel, ts: row.ts });

/** The card of an escalation, if one was posted. */
export async function findCard(db: Queryable, escalationId: string): Promise<EscalationCard | undefined> {
  const { rows } = await db.query<CardRow>('SELECT escalation_id, channel, ts FROM slack_escalation_cards WHERE escalation_id = $1', [escalationId]);
  return rows[0] ? toCard(rows[0]) : undefined;
}

/** The card whose message is (channel, ts): the thread an adviser replied in. */
export async function findCardByMessage(db: Queryable, channel: string, ts: string): Promise<EscalationCard | undefined> {
  const { rows } = await db.query<CardRow>('SELECT escalation_id, channel, ts FROM slack_escalation_cards WHERE channel = $1 AND ts = $2', [channel, ts]);
  return rows[0] ? toCard(rows[0]) : undefined;
}

/**
 * Records a freshly posted card. If another process recorded one first, that one is kept and returned (the caller
 * then removes its own duplicate post).
 */
export async function saveCard(db: Queryable, card: EscalationCard): Promise<EscalationCard> {
  const { rows } = await db.query<CardRow>(
    `INSERT INTO slack_escalation_cards (escalation_id, channel, ts) VALUES ($1, $2, $3)
     ON CONFLICT (escalation_id) DO NOTHING RETURNING escalation_id, channel, ts`,
    [card.escalationId, card.channel, card.ts],
  );
  return rows[0] ? toCard(rows[0]) : ((await findCard(db, card.escalationId)) ?? card);
}

/** Marks a card as edited now (for operators reading the table). */
export async function touchCard(db: Queryable, escalationId: string): Promise<void> {
  await db.query('UPDATE slack_escalation_cards SET updated_at = now() WHERE escalation_id = $1', [escalationId]);
}

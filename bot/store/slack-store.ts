/**
 * The Slack channel's own state (migration 006_slack.sql), kept by the engine and handed to the channel as this
 * store: the engine owns the schema and its migrations, so the SQL sits here beside them, and the adapter holds none
 * (it gets a typed port it can fake). All in the database, so several bot processes share it:
 * - escalation cards: where each escalation's card sits in the advisers' channel (updates edit it; an adviser's
 *   reply in its thread finds the escalation);
 * - answered threads: the channel threads the bot answers in, with the person who asked, so their replies there
 *   continue the conversation without a new mention;
 * - Assistant threads: the context of each Assistant-panel thread (the channel the user was looking at) and
 *   whether it has its title yet (Bolt's default keeps one context per process for all threads).
 */
import type { Queryable } from '../../knowledge/index.js';

/** A posted escalation card. */
export interface EscalationCard {
  escalationId: string;
  channel: string;
  ts: string;
}

/** The context Bolt keeps for an Assistant thread: which channel/team the user has open beside the panel. */
export interface AssistantThreadContext {
  channel_id?: string;
  team_id?: string;
  enterprise_id?: string | null;
}

/** See the module comment. */
export interface SlackStore {
  /** The card of an escalation, if one was posted. */
  findCard(escalationId: string): Promise<EscalationCard | undefined>;
  /** The card whose message is (channel, ts): the thread an adviser replied in. */
  findCardByMessage(channel: string, ts: string): Promise<EscalationCard | undefined>;
  /**
   * Records a freshly posted card. If another process recorded one first, that one is kept and returned (the caller
   * then removes its own duplicate post).
   */
  saveCard(card: EscalationCard): Promise<EscalationCard>;
  /** Marks a card as edited now (for operators reading the table). */
  touchCard(escalationId: string): Promise<void>;
  /** Forgets a card whose message was deleted in Slack (it is posted again). */
  removeCard(escalationId: string): Promise<void>;
  /** Records that the bot answers `user` in this thread (the first asker stays the thread's owner). */
  rememberThread(channel: string, threadTs: string, user: string): Promise<void>;
  /** Whether `user` asked the bot in this thread, so their un-mentioned replies there are for the bot. */
  isOwnThread(channel: string, threadTs: string, user: string): Promise<boolean>;
  /** The stored context of an Assistant thread, `{}` when none. */
  assistantThreadContext(channelId: string, threadTs: string): Promise<AssistantThreadContext>;
  /** Stores (replaces) the context of an Assistant thread. */
  saveAssistantThreadContext(channelId: string, threadTs: string, context: AssistantThreadContext): Promise<void>;
  /**
   * Records the thread's title once. True only for the first caller, who then sets it in Slack (the first question
   * names the thread; later ones don't rename it).
   */
  claimThreadTitle(channelId: string, threadTs: string, title: string): Promise<boolean>;
}

interface CardRow {
  escalation_id: string;
  channel: string;
  ts: string;
}

const toCard = (row: CardRow): EscalationCard => ({ escalationId: row.escalation_id, channel: row.channel, ts: row.ts });

/**
 * Creates the store on the shared database.
 *
 * @example
 * const slack = createSlackChannel({ config, engine, db, store: createSlackStore(db), … });
 */
export function createSlackStore(db: Queryable): SlackStore {
  async function findCard(escalationId: string): Promise<EscalationCard | undefined> {
    const { rows } = await db.query<CardRow>('SELECT escalation_id, channel, ts FROM slack_escalation_cards WHERE escalation_id = $1', [escalationId]);
    return rows[0] ? toCard(rows[0]) : undefined;
  }

  return {
    findCard,
    async findCardByMessage(channel, ts) {
      const { rows } = await db.query<CardRow>('SELECT escalation_id, channel, ts FROM slack_escalation_cards WHERE channel = $1 AND ts = $2', [channel, ts]);
      return rows[0] ? toCard(rows[0]) : undefined;
    },
    async saveCard(card) {
      const { rows } = await db.query<CardRow>(
        `INSERT INTO slack_escalation_cards (escalation_id, channel, ts) VALUES ($1, $2, $3)
         ON CONFLICT (escalation_id) DO NOTHING RETURNING escalation_id, channel, ts`,
        [card.escalationId, card.channel, card.ts],
      );
      return rows[0] ? toCard(rows[0]) : ((await findCard(card.escalationId)) ?? card);
    },
    async touchCard(escalationId) {
      await db.query('UPDATE slack_escalation_cards SET updated_at = now() WHERE escalation_id = $1', [escalationId]);
    },
    async removeCard(escalationId) {
      await db.query('DELETE FROM slack_escalation_cards WHERE escalation_id = $1', [escalationId]);
    },
    async rememberThread(channel, threadTs, user) {
      await db.query(
        'INSERT INTO slack_threads (channel, thread_ts, user_id) VALUES ($1, $2, $3) ON CONFLICT (channel, thread_ts) DO NOTHING',
        [channel, threadTs, user],
      );
    },
    async isOwnThread(channel, threadTs, user) {
      const { rows } = await db.query('SELECT 1 FROM slack_threads WHERE channel = $1 AND thread_ts = $2 AND user_id = $3', [channel, threadTs, user]);
      return rows.length > 0;
    },
    async assistantThreadContext(channelId, threadTs) {
      const { rows } = await db.query<{ context: AssistantThreadContext | string | null }>(
        'SELECT context FROM slack_assistant_threads WHERE channel_id = $1 AND thread_ts = $2',
        [channelId, threadTs],
      );
      const stored = rows[0]?.context;
      return typeof stored === 'string' ? (JSON.parse(stored) as AssistantThreadContext) : (stored ?? {});
    },
    async saveAssistantThreadContext(channelId, threadTs, context) {
      await db.query(
        `INSERT INTO slack_assistant_threads (channel_id, thread_ts, context) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (channel_id, thread_ts) DO UPDATE SET context = EXCLUDED.context, updated_at = now()`,
        [channelId, threadTs, JSON.stringify(context)],
      );
    },
    async claimThreadTitle(channelId, threadTs, title) {
      const { rows } = await db.query(
        `INSERT INTO slack_assistant_threads (channel_id, thread_ts, title) VALUES ($1, $2, $3)
         ON CONFLICT (channel_id, thread_ts) DO UPDATE SET title = EXCLUDED.title, updated_at = now()
           WHERE slack_assistant_threads.title IS NULL
         RETURNING thread_ts`,
        [channelId, threadTs, title],
      );
      return rows.length === 1;
    },
  };
}

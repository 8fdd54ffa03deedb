/**
 * Slack audience per user (issue 10, item 5), with the real engine on the sample library (which holds notes marked
 * `audience: internal`), a real Bolt app and the fake Slack API: a guest's or an external user's mention gets an
 * answer that does not quote an internal note, a staff member's does, and a failed users.info counts as public.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../knowledge/index.js';
import { FAKE_BOT, type RecordedCall } from '../fakes/fake-slack-api.js';
import { engineOn, openEngineKnowledge } from '../support/engine-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { startSlackHarness, type SlackHarness } from '../unit/adapters/slack/slack-harness.js';

const QUESTION = 'Hvordan rådgiver vi om robotstøvsugere i hjemmeplejen og egenbetaling?';
/** Text only the internal notes contain (their titles, organisation, contact domain, sharing warning). */
const INTERNAL = [/intern note/i, /intern rådgivningsnote/i, /kraftcenter\.example\.dk/i, /må ikke deles/i];

describe.each(testDatabases)('Slack audience per user on $name', (database) => {
  let knowledge: KnowledgeBase;
  let h: SlackHarness;
  let thread = 1_700_007_000;

  beforeAll(async () => {
    knowledge = await openEngineKnowledge(database);
    h = await startSlackHarness({ db: knowledge.db, engine: engineOn(knowledge).engine, identity: true });
    h.fake.setUser('UGUEST', { is_restricted: true });
    h.fake.setUser('USINGLE', { is_ultra_restricted: true });
    h.fake.setUser('UEXTERNAL', { team_id: 'T999', is_stranger: true });
    h.fake.setUser('UOTHERORG', { team_id: 'T998' });
  });
  afterAll(async () => {
    await h?.close();
    await knowledge?.close();
  });

  /** Mentions the bot as `user` in a new thread and returns the text of the bot's answer there. */
  const ask = async (user: string): Promise<string> => {
    const ts = `${++thread}.000100`;
    await h.sendEvent({ type: 'app_mention', user, channel: 'C1', ts, text: `<@${FAKE_BOT.userId}> ${QUESTION}` });
    const answer = await eventuallyPosted(h, ts);
    return JSON.stringify(answer.args.blocks ?? answer.args.text);
  };

  it("should quote the internal note in a staff member's answer", async () => {
    const answer = await ask('USTAFF');
    expect(INTERNAL.some((marker) => marker.test(answer))).toBe(true);
  });

  it.each(['UGUEST', 'USINGLE', 'UEXTERNAL', 'UOTHERORG'])('should not quote an internal note in the answer to %s', async (user) => {
    const answer = await ask(user);
    expect(answer.length).toBeGreaterThan(0);
    for (const marker of INTERNAL) expect(answer).not.toMatch(marker);
  });

  it('should answer as for the public when users.info fails', async () => {
    h.fake.failNext('users.info', { error: 'user_not_found' });
    const answer = await ask('UUNKNOWN');
    for (const marker of INTERNAL) expect(answer).not.toMatch(marker);
  });
});

/** The bot's post in thread `ts` (waits for it). */
async function eventuallyPosted(h: SlackHarness, ts: string): Promise<RecordedCall> {
  for (let attempt = 0; attempt < 250; attempt++) {
    const post = h.fake.callsTo('chat.postMessage').find((call) => call.args.thread_ts === ts);
    if (post) return post;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no answer in thread ${ts}`);
}

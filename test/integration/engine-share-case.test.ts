/**
 * The engine invites a user who says they did something similar themselves to share it: the reply carries the
 * `share_case` action (each channel renders it as its "Del jeres erfaring" form), in the user's language, beside
 * the answer; an ordinary question does not get it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../bot/index.js';
import type { KnowledgeBase } from '../../knowledge/index.js';
import { engineOn, openEngineKnowledge, startChat } from '../support/engine-harness.js';
import { testDatabases } from '../support/test-databases.js';

describe.each(testDatabases)('the share-your-case offer on $name', (target) => {
  let knowledge: KnowledgeBase;
  let engine: Engine;

  beforeAll(async () => {
    knowledge = await openEngineKnowledge(target);
    ({ engine } = engineOn(knowledge));
  });
  afterAll(async () => knowledge?.close());

  it('offers "Del jeres erfaring" with the answer when the user says they have tried it themselves', async () => {
    const reply = await startChat(engine).say('Vi har selv prøvet hverdagsrehabilitering. Hvilke andre kommuner har arbejdet med det?');
    expect(reply.citations.length).toBeGreaterThan(0);
    expect(reply.actions.filter((action) => action.type === 'share_case')).toEqual([{ type: 'share_case', label: 'Del jeres erfaring' }]);
  });

  it('offers it in English to a user who writes English', async () => {
    const reply = await startChat(engine).say('We tried everyday rehabilitation ourselves. Which other municipalities have done it?');
    expect(reply.language).toBe('en');
    expect(reply.actions).toContainEqual({ type: 'share_case', label: 'Share your experience' });
  });

  it('does not offer it for a question about what others did', async () => {
    const reply = await startChat(engine).say('Hvilke kommuner har arbejdet med hverdagsrehabilitering?');
    expect(reply.actions.some((action) => action.type === 'share_case')).toBe(false);
  });
});

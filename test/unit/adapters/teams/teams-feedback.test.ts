/**
 * The feedback-loop invoke with a fake engine (the stored-reply path runs with the real engine in
 * test/integration/teams.test.ts): what happens when the message is not ours, the submission is malformed, or an
 * invoke nobody handles arrives.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../knowledge/index.js';
import { createFakeEngine, type FakeEngine } from '../../../fakes/fake-engine.js';
import { testDatabases } from '../../../support/test-databases.js';
import { feedbackInvoke, personalMessage, startTeamsHarness, type TeamsHarness } from './teams-test-harness.js';

describe('Teams feedback invoke (fake engine)', () => {
  let db: Db;
  let engine: FakeEngine;
  let teams: TeamsHarness;

  beforeAll(async () => {
    db = await testDatabases[0]!.open();
  });
  afterAll(async () => db?.close());
  beforeEach(async () => {
    engine = createFakeEngine();
    teams = await startTeamsHarness({ engine, db });
  });
  afterEach(async () => teams?.close());

  it('should answer 200 {} and log when the rated message is not linked to a stored reply', async () => {
    const response = await teams.post(feedbackInvoke(personalMessage(teams.connector.url, ''), 'unknown-activity', 'like'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    expect(engine.calls.recordFeedback).toEqual([]);
    expect(teams.logger.entries.some((entry) => entry.level === 'warn' && entry.message.includes('not linked'))).toBe(true);
  });

  it('should answer 400 for a submission without like/dislike', async () => {
    const invoke = { ...feedbackInvoke(personalMessage(teams.connector.url, ''), 'x', 'like'), value: { actionName: 'feedback', actionValue: { reaction: 'meh' } } };
    expect((await teams.post(invoke)).status).toBe(400);
  });

  it('should leave other invokes to botbuilder (501 when unhandled)', async () => {
    const invoke = { ...personalMessage(teams.connector.url, ''), type: 'invoke', name: 'composeExtension/query', value: {} };
    expect((await teams.post(invoke)).status).toBe(501);
    expect(teams.connector.requests).toEqual([]);
  });
});

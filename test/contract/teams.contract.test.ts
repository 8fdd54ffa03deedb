/**
 * The channel contract (channel-contract.ts) for Teams: a 1:1 chat in emulator mode against the fake Bot Framework
 * connector. Every answer is made to outlive its turn (a turn budget of 1 ms, and the engine starts on a later timer
 * tick – on PGlite the engine could otherwise finish within microtasks), so it takes the engine's delivery path.
 */
import type { Engine } from '../../bot/index.js';
import { runChannelContract } from './channel-contract.js';
import { personalMessage, startTeamsHarness, USER } from '../unit/adapters/teams/teams-test-harness.js';

const CONVERSATION = `a:personal-${USER.id}`;

runChannelContract('teams', async ({ db, engine, escalations, advisers }) => {
  const afterTheBudget = () => new Promise((resolve) => setTimeout(resolve, 5));
  const late: Engine = Object.assign(Object.create(engine) as Engine, {
    handleMessage: async (message: Parameters<Engine['handleMessage']>[0]) => (await afterTheBudget(), engine.handleMessage(message)),
    requestAdviser: async (request: Parameters<Engine['requestAdviser']>[0]) => (await afterTheBudget(), engine.requestAdviser(request)),
  });
  const teams = await startTeamsHarness({ db, engine: late, escalations, advisers, turnBudgetMs: 1 });
  return {
    deliveryPort: teams.channel.deliveryPort,
    async ask(text, deliveryId) {
      const response = await teams.post(personalMessage(teams.connector.url, text, deliveryId ? { id: deliveryId } : {}));
      if (response.status !== 200) throw new Error(`Teams activity answered ${response.status}`);
    },
    received: () =>
      teams.connector.messages().filter((message) => message.conversationId === CONVERSATION).map((message) => String(message.body.text ?? '')),
    refuseNextAnswer() {
      // A 1:1 answer is streamed: its final message and the answer sent whole in its place are both refused.
      for (let i = 0; i < 2; i++) teams.connector.failNext({ status: 404, when: (request) => request.body?.type === 'message' });
    },
    close: () => teams.close(),
  };
});

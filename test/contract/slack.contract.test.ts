/** The channel contract (channel-contract.ts) for Slack: direct messages to the bot, over HTTP against the fake Slack API. */
import { runChannelContract } from './channel-contract.js';
import { startSlackHarness } from '../unit/adapters/slack/slack-harness.js';

const DM = 'D1';
let sequence = 0;

runChannelContract('slack', async ({ db, engine, escalations, advisers }) => {
  const h = await startSlackHarness({ db, engine, escalations, advisers, identity: true });
  return {
    deliveryPort: h.channel.deliveryPort,
    async ask(text, deliveryId) {
      // A re-delivery is the same message (channel and ts) under the same event id.
      const ts = deliveryId ? `1700100000.${deliveryId.replace(/\D/g, '').padStart(6, '0')}` : `1700200000.${String(++sequence).padStart(6, '0')}`;
      const response = await h.sendEvent({ type: 'message', channel_type: 'im', channel: DM, user: 'U1', ts, text }, deliveryId ? { eventId: `Ev${deliveryId}` } : {});
      if (response.status !== 200) throw new Error(`Slack event answered ${response.status}`);
    },
    received: () =>
      h.fake.callsTo('chat.postMessage').filter((call) => call.args.channel === DM && call.response).map((call) => String(call.args.text ?? '')),
    refuseNextAnswer() {
      // Every in-process attempt fails (the channel's retry policy makes two).
      h.fake.failNext('chat.postMessage', { status: 500 });
      h.fake.failNext('chat.postMessage', { status: 500 });
    },
    close: () => h.close(),
  };
});

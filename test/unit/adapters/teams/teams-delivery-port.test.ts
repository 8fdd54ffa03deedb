/** The Teams delivery port with a recording sender: hand-off messages as plain text, queued answers as live answers. */
import type { Activity, ConversationReference } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import type { UserDelivery } from '../../../../bot/escalation/escalation-port.js';
import { createTeamsDeliveryPort } from '../../../../adapters/teams/teams-delivery-port.js';
import { sampleCaseReply } from '../../../fakes/fake-engine.js';

const reference = { serviceUrl: 'http://127.0.0.1:1/', conversation: { id: 'a:1' } } as Partial<ConversationReference>;

function recordingPort() {
  const sent: Array<Partial<Activity>> = [];
  const port = createTeamsDeliveryPort({ send: async (_reference, activity) => (sent.push(activity), 'id-1') });
  return { port, sent };
}

const delivery = (patch: Partial<UserDelivery>): UserDelivery => ({
  conversationKey: 'teams:a:1', channel: 'teams', deliveryRef: reference, kind: 'adviser_message', text: 'Hej', authorName: 'Anna', language: 'da', ...patch,
});

describe('createTeamsDeliveryPort', () => {
  it("should send an adviser's message as plain Markdown under their name", async () => {
    const { port, sent } = recordingPort();
    await port.deliver(delivery({}));
    expect(sent[0]).toMatchObject({ type: 'message', text: '**Anna:** Hej' });
  });

  it('should send a queued answer rendered as a live answer, with its reply id and citations', async () => {
    const { port, sent } = recordingPort();
    const reply = sampleCaseReply('reply-t1', 'a:1');
    await port.deliver(delivery({ kind: 'bot_reply', text: reply.text, reply }));
    expect(sent[0]!.channelData).toMatchObject({ kraftcenterReplyId: 'reply-t1' });
    expect(JSON.stringify(sent[0]!.entities)).toContain('AIGeneratedContent');
    expect(JSON.stringify(sent[0]!.entities)).toContain('"@type":"Claim"');
  });
});

import { describe, expect, it } from 'vitest';
import { fromDeliveryRef, toDeliveryRef } from '../../../../adapters/slack/answer-in-slack.js';
import { deliveryRefFromConversationKey, parseDeliveryRef, slackTextToPlain, toInboundMessage } from '../../../../adapters/slack/to-inbound-message.js';
import { conversationKey } from '../../../../bot/store/conversation-store.js';

describe('toInboundMessage', () => {
  it('should start a thread at a mention and keep an existing thread', () => {
    const asker = { audience: 'internal' as const, botUserId: 'UBOT', displayName: 'Mette' };
    expect(toInboundMessage({ channel: 'C1', ts: '1.1', text: '<@UBOT> hvem?', user: 'U1' }, asker, true)).toEqual({
      channel: 'slack', conversationId: 'C1', threadId: '1.1', text: 'hvem?', messageId: '1.1',
      user: { id: 'U1', audience: 'internal', displayName: 'Mette' }, deliveryRef: { channel: 'C1', thread_ts: '1.1' },
    });
    expect(toInboundMessage({ channel: 'C1', ts: '1.2', thread_ts: '1.1', text: 'og så?', user: 'U1' }, asker, true).threadId).toBe('1.1');
    expect(toInboundMessage({ channel: 'D1', ts: '1.3', text: 'hej', user: 'U1' }, asker, false)).toMatchObject({ threadId: '', deliveryRef: { channel: 'D1' } });
  });
});

describe('slackTextToPlain', () => {
  it("should drop the bot's mention and make Slack markup readable", () => {
    expect(slackTextToPlain('<@UBOT> spørg <@U2|anna> i <#C1|innovation> om <https://x.dk|siden> &amp; <mailto:a@b.dk> <!here>', 'UBOT')).toBe(
      'spørg @anna i #innovation om siden (https://x.dk) & a@b.dk @here',
    );
  });
});

describe('delivery references', () => {
  it('should read a stored reference and derive one from a Slack conversation key', () => {
    expect(parseDeliveryRef({ channel: 'C1', thread_ts: '1.1', extra: 1 })).toEqual({ channel: 'C1', thread_ts: '1.1' });
    expect(parseDeliveryRef({ serviceUrl: 'https://teams' })).toBeUndefined();
    expect(deliveryRefFromConversationKey(conversationKey('slack', 'C1', '1700000000.000100'))).toEqual({ channel: 'C1', thread_ts: '1700000000.000100' });
    expect(deliveryRefFromConversationKey(conversationKey('slack', 'D1'))).toEqual({ channel: 'D1' });
    expect(deliveryRefFromConversationKey('teams:abc')).toBeUndefined();
  });
});

describe('the delivery reference of a streamed answer', () => {
  it("should keep the asker (the stream's recipient) through storing and reading it back", () => {
    const target = { channel: 'C1', threadTs: '1.1', recipient: { userId: 'U1', teamId: 'T1' } };
    const stored = JSON.parse(JSON.stringify(toDeliveryRef(target)));
    expect(stored).toEqual({ channel: 'C1', thread_ts: '1.1', recipient_user: 'U1', recipient_team: 'T1' });
    expect(fromDeliveryRef(parseDeliveryRef(stored)!)).toEqual(target);
  });
});

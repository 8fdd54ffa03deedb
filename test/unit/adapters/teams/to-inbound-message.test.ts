import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { stripBotMention, threadIdOf, toInboundMessage } from '../../../../adapters/teams/to-inbound-message.js';

const bot = { id: '28:bot', name: 'Kraftcenter' };
const mention = (text: string) => ({ type: 'mention', text, mentioned: bot });

describe('stripBotMention', () => {
  it('should remove every mention of the bot and keep other people\'s names', () => {
    const activity = { recipient: bot, text: '<at>Kraftcenter</at> spørg <at>Ada</at> og <at>Kraftcenter</at>&nbsp;om &amp; hvorfor', entities: [mention('<at>Kraftcenter</at>')] };
    expect(stripBotMention(activity)).toBe('spørg Ada og om & hvorfor');
  });

  it('should strip a mention whose entity text differs from the display name', () => {
    expect(stripBotMention({ recipient: bot, text: '<at>Kraftcenter Assistant</at> hej', entities: [mention('<at>Kraftcenter Assistant</at>')] })).toBe('hej');
  });

  it('should leave a 1:1 message without mentions untouched', () => {
    expect(stripBotMention({ recipient: bot, text: '  Hvem har gjort det?  ' })).toBe('Hvem har gjort det?');
  });
});

describe('threadIdOf', () => {
  it('should use the reply chain root in channels and nothing in chats', () => {
    expect(threadIdOf({ id: '9', conversation: { id: '19:a@thread.tacv2;messageid=123', conversationType: 'channel' } as Activity['conversation'] })).toBe('123');
    expect(threadIdOf({ id: '9', conversation: { id: '19:a@thread.tacv2', conversationType: 'channel' } as Activity['conversation'] })).toBe('9');
    expect(threadIdOf({ id: '9', conversation: { id: '19:g@thread.v2', conversationType: 'groupChat' } as Activity['conversation'] })).toBe('');
  });
});

describe('toInboundMessage', () => {
  it('should fall back to the 29: id without an Entra object id and carry the conversation reference', () => {
    const activity = {
      type: 'message', id: '5', channelId: 'msteams', serviceUrl: 'https://smba.example/', text: 'hej', recipient: bot,
      from: { id: '29:u', name: '' }, conversation: { id: 'a:1', conversationType: 'personal' },
    } as unknown as Activity;
    const message = toInboundMessage(activity, 'internal');
    expect(message).toMatchObject({ channel: 'teams', conversationId: 'a:1', threadId: '', text: 'hej', messageId: '5', user: { id: '29:u', audience: 'internal' } });
    expect(message.user.displayName).toBeUndefined();
    expect(message.deliveryRef).toMatchObject({ serviceUrl: 'https://smba.example/', conversation: { id: 'a:1' }, bot, user: { id: '29:u' } });
  });
});

import { describe, expect, it } from 'vitest';
import { clip, renderPlainMessage, renderReply, toTeamsCitations, toTeamsMarkers } from '../../../../adapters/teams/render-reply.js';
import { sampleAdviserReply, sampleCaseReply } from '../../../fakes/fake-engine.js';

describe('renderReply', () => {
  it('should put exactly one schema.org Message entity with the AI label and one claim per cited [n]', () => {
    const activity = renderReply(sampleCaseReply('reply-1', 'conv-1'));
    expect(activity.entities).toHaveLength(1);
    const [entity] = activity.entities!;
    expect(entity).toMatchObject({ type: 'https://schema.org/Message', '@type': 'Message', '@id': '', additionalType: ['AIGeneratedContent'] });
    expect(entity!.citation.map((claim: { position: number }) => claim.position)).toEqual([1, 2, 3]);
    expect(entity!.citation[0].appearance).toEqual({
      '@type': 'DigitalDocument',
      name: 'Aalborg: Ejerskab som nøglen til at få velfærdsteknologi i drift',
      abstract: expect.stringMatching(/^Kommunen lagde vægt på.{0,140}$/),
      url: 'https://example.dk/cases/aalborg-ejerskab',
      keywords: ['Aalborg Kommune, Ældre- og…', '2014'],
    });
  });

  it('should enable the legacy feedback loop only, and only when the engine offers feedback', () => {
    expect(renderReply(sampleCaseReply('r', 'c')).channelData).toEqual({ feedbackLoopEnabled: true, kraftcenterReplyId: 'r' });
    const adviser = renderReply(sampleAdviserReply('r2', 'c'));
    expect(adviser.channelData).toEqual({ kraftcenterReplyId: 'r2' });
    expect(adviser.entities![0]!.citation).toBeUndefined();
    expect(adviser.attachments).toBeUndefined();
  });

  it('should show notices first, follow-ups as suggested actions, and an adviser button when offered without cases', () => {
    const reply = { ...sampleCaseReply('r', 'c'), cases: [], notices: ['Personoplysninger er fjernet.'] };
    const activity = renderReply(reply);
    expect(activity.text!.startsWith('_Personoplysninger er fjernet._\n\n')).toBe(true);
    expect(activity.suggestedActions!.actions).toEqual([{ type: 'imBack', title: 'Hvilke metoder brugte de?', value: 'Hvilke metoder brugte de til implementeringen?' }]);
    const card = activity.attachments![0]!.content as { body: unknown[]; actions: Array<{ title: string }> };
    expect(card.body).toEqual([]);
    expect(card.actions[0]!.title).toBe('Tal med en rådgiver');
  });

  it('should drop claims whose [n] is not in the text and split grouped markers', () => {
    const [citation] = sampleCaseReply('r', 'c').citations;
    expect(toTeamsMarkers('Se [1, 2] og [3,4].')).toBe('Se [1][2] og [3][4].');
    expect(toTeamsCitations('Kun [2].', [citation!, { ...citation!, n: 2 }]).map((claim) => claim.position)).toEqual([2]);
  });

  it('should clip names to 80 and abstracts to 160 characters with an ellipsis', () => {
    const long = 'ord '.repeat(100);
    const [claim] = toTeamsCitations('[1]', [{ n: 1, documentId: 'd', title: long, passage: long }]);
    expect(claim!.appearance.name).toHaveLength(80);
    expect(claim!.appearance.abstract.length).toBeLessThanOrEqual(160);
    expect(claim!.appearance.abstract.endsWith('…')).toBe(true);
    expect(clip('  kort  tekst ', 80)).toBe('kort tekst');
  });
});

describe('renderPlainMessage', () => {
  it('should prefix the author in bold and carry no entities', () => {
    expect(renderPlainMessage('Hej', 'Mette')).toEqual({ type: 'message', text: '**Mette:** Hej', textFormat: 'markdown' });
  });
});

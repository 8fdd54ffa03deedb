import { describe, expect, it } from 'vitest';
import {
  MAX_FOLLOW_UPS,
  buildCaseCards,
  buildCitations,
  defaultFollowUps,
  followUpText,
  suggestedActions,
} from '../../../../bot/answer/index.js';
import { loadHitFixture } from '../../../fixtures/hits/hit-fixtures.js';

describe('suggestedActions', () => {
  it('should offer thumbs up and down first and an adviser when asked to, in Danish', () => {
    const actions = suggestedActions('da', { offerAdviser: true });
    expect(actions).toEqual([
      { type: 'feedback', label: '👍 Godt svar', value: 'up' },
      { type: 'feedback', label: '👎 Dårligt svar', value: 'down' },
      { type: 'escalate', label: 'Tal med en rådgiver' },
    ]);
  });

  it('should leave out the adviser when it is not offered and feedback when it is switched off', () => {
    expect(suggestedActions('da', { offerAdviser: false }).some((action) => action.type === 'escalate')).toBe(false);
    expect(suggestedActions('da', { offerAdviser: false, feedback: false })).toEqual([]);
  });

  it('should label everything in English when the user writes English', () => {
    const actions = suggestedActions('en', { offerAdviser: true, followUps: [{ kind: 'contacts' }] });
    expect(actions.map((action) => action.label)).toEqual(['👍 Helpful', '👎 Not helpful', 'Talk to an adviser', 'Who can I contact?']);
  });

  it('should keep at most two follow-ups, without duplicates, whose text is what the button sends', () => {
    const actions = suggestedActions('da', {
      offerAdviser: false,
      followUps: [{ kind: 'contacts' }, { kind: 'contacts' }, { kind: 'more_about', n: 2 }, { kind: 'methods' }],
    });
    const followUps = actions.filter((action) => action.type === 'follow_up');
    expect(followUps).toHaveLength(MAX_FOLLOW_UPS);
    expect(followUps).toEqual([
      { type: 'follow_up', label: 'Hvem kan jeg kontakte?', text: 'Hvem kan jeg kontakte?' },
      { type: 'follow_up', label: 'Fortæl mere om nummer 2', text: 'Fortæl mere om nummer 2' },
    ]);
  });
});

describe('defaultFollowUps', () => {
  it('should suggest contacts and more about number 1 when the answer showed cases', () => {
    const { hits } = loadHitFixture('q01');
    const { citations, byDocument } = buildCitations(hits);
    const cases = buildCaseCards(hits, byDocument);
    expect(defaultFollowUps({ cases, citations })).toEqual([{ kind: 'contacts' }, { kind: 'more_about', n: 1 }]);
  });

  it('should suggest nothing when the answer cited nothing', () => {
    expect(defaultFollowUps({ cases: [], citations: [] })).toEqual([]);
  });
});

describe('followUpText', () => {
  it('should phrase each follow-up in the language of the conversation', () => {
    expect(followUpText({ kind: 'more_about', n: 1 }, 'da')).toBe('Fortæl mere om nummer 1');
    expect(followUpText({ kind: 'more_about', n: 1 }, 'en')).toBe('Tell me more about number 1');
    expect(followUpText({ kind: 'more_cases' }, 'da')).toBe('Vis flere eksempler');
    expect(followUpText({ kind: 'methods' }, 'en')).toBe('Which methods can we use?');
  });
});

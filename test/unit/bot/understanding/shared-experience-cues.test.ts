/**
 * When a message tells of the user's own experience ("vi har selv prøvet…"): the reply then offers "Del jeres
 * erfaring". Questions about others' experience, questions to the centre and complaints about searching are not.
 */
import { describe, expect, it } from 'vitest';
import { withShareCase } from '../../../../bot/answer/suggested-actions.js';
import { suggestedActions } from '../../../../bot/answer/index.js';
import { mentionsOwnExperience } from '../../../../bot/understanding/shared-experience-cues.js';

describe('mentionsOwnExperience', () => {
  it.each([
    'Vi har selv prøvet hverdagsrehabilitering, hvem har ellers?',
    'vi har også lavet noget med velfærdsteknologi',
    'Vi har allerede indført skærmbesøg i hjemmeplejen.',
    'Jeg har selv været projektleder, og vi har lavet noget lignende i Vejle',
    'Vi prøvede også at samle borgerne i et panel',
    'Vi har et lignende projekt kørende',
    'Hos os har vi faktisk testet det med robotstøvsugere',
    'We tried this ourselves in 2021, who else did?',
    'We tried everyday rehabilitation ourselves.',
    "We've done something similar with telemedicine",
    'we have also piloted a citizen panel',
    'In our municipality we tried a four-day week',
  ])('recognises "%s"', (text) => {
    expect(mentionsOwnExperience(text)).toBe(true);
  });

  it.each([
    'Hvem har prøvet hverdagsrehabilitering?',
    'Har I selv prøvet det?',
    'Har andre kommuner lavet noget lignende?',
    'Vi har prøvet at søge i biblioteket, men fandt intet',
    'Vi har også prøvet at finde en kontaktperson',
    'Vi vil gerne prøve noget lignende',
    'Hvad har man lavet i Fredericia?',
    'Who has tried everyday rehabilitation?',
    'Have you tried this yourselves?',
    'We want to try something similar',
    'Did you try this yourselves too?',
    'We have also tried to search for it',
  ])('does not take "%s" for own experience', (text) => {
    expect(mentionsOwnExperience(text)).toBe(false);
  });
});

describe('withShareCase', () => {
  it('adds "Del jeres erfaring" once, before the follow-ups, labelled in the language', () => {
    const actions = suggestedActions('da', { offerAdviser: true, followUps: [{ kind: 'contacts' }] });
    const shared = withShareCase(actions, 'da');
    expect(shared.map((action) => action.type)).toEqual(['feedback', 'feedback', 'escalate', 'share_case', 'follow_up']);
    expect(shared[3]).toEqual({ type: 'share_case', label: 'Del jeres erfaring' });
    expect(withShareCase(shared, 'da')).toHaveLength(shared.length);
    expect(withShareCase([], 'en')).toEqual([{ type: 'share_case', label: 'Share your experience' }]);
  });
});

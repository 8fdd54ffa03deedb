import { describe, expect, it } from 'vitest';
import { matchTopic } from '../../../../bot/answer/index.js';

const doc = (id: string, title: string, tags: string[] = [], summary = '') => ({ id, title, tags, methods: [], policyArea: undefined, summary });

describe('matchTopic', () => {
  const documents = [
    doc('fredericia', 'Længst muligt i eget liv – hverdagsrehabilitering i Fredericia', ['hjemmepleje']),
    doc('koebenhavn', 'Aktiv hjælp frem for passiv hjælp – hverdagsrehabilitering i København'),
    // Found only through its organisation's name, "Viborg Kommune, Hjemmepleje og Hverdagsrehabilitering".
    doc('viborg', 'Virtuel borgerkontakt – skærmbesøg i hjemmeplejen i Viborg', ['skærmbesøg']),
  ];

  it('should keep only the cases about the subject, not one found through its organisation name', () => {
    const topic = matchTopic('Hvem har arbejdet med hverdagsrehabilitering?', 'da', documents);
    expect([...topic.values()].filter((match) => match.onTopic).map((match) => match.documentId)).toEqual(['fredericia', 'koebenhavn']);
  });

  it('should drop a case that shares only the common word of a two-word topic', () => {
    const robots = [doc('odense', 'Robotstøvsugere i hjemmeplejen i Odense'), doc('servicestyrelsen', 'Business case for robotstøvsugere'), ...documents];
    const topic = matchTopic('Hvilke kommuner har brugt robotstøvsugere i hjemmeplejen?', 'da', robots);
    expect(topic.get('odense')!.onTopic).toBe(true);
    expect(topic.get('viborg')!.onTopic).toBe(false);
  });

  it('should match æ, ø and å typed without them', () => {
    const topic = matchTopic('hvem har lavet noget med skaermbesog', 'da', documents);
    expect(topic.get('viborg')!.onTopic).toBe(true);
  });
});

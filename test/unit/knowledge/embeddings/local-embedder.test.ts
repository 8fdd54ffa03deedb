import { describe, expect, it } from 'vitest';
import { createLocalEmbedder, embedText, LOCAL_MAX_INPUTS_PER_CALL } from '../../../../knowledge/embeddings/local-embedder.js';

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);
const norm = (a: number[]) => Math.sqrt(cosine(a, a));

describe('createLocalEmbedder', () => {
  const embedder = createLocalEmbedder({ dimensions: 384 });

  it('should name the model with its dimension when created', () => {
    expect(embedder.modelId).toBe('local-da-hash-v1@384');
    expect(embedder.dimensions).toBe(384);
    expect(embedder.maxInputsPerCall).toBe(LOCAL_MAX_INPUTS_PER_CALL);
  });

  it('should return one vector of the configured size per input, in order, when embedding', async () => {
    const small = createLocalEmbedder({ dimensions: 64 });
    const vectors = await small.embed(['kommune', 'borger', 'kommune']);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) expect(vector).toHaveLength(64);
    expect(vectors[0]).toEqual(vectors[2]);
    expect(vectors[0]).not.toEqual(vectors[1]);
  });

  it('should be deterministic when the same text is embedded by two embedders', async () => {
    const text = 'Rehabilitering i hverdagen for ældre borgere i Aarhus Kommune.';
    const [first] = await embedder.embed([text]);
    const [second] = await createLocalEmbedder({ dimensions: 384 }).embed([text], 'query');
    expect(second).toEqual(first);
  });

  it('should return unit-length vectors when given text, stop words only, or nothing', async () => {
    const vectors = await embedder.embed(['Digital post og MitID', 'hvem er I?', '', ' ?! ']);
    for (const vector of vectors) expect(norm(vector)).toBeCloseTo(1, 10);
  });

  it('should return the fixed unit vector e0 when the text has no words', async () => {
    const [vector] = await embedder.embed(['...']);
    expect(vector![0]).toBe(1);
    expect(vector!.slice(1).every((value) => value === 0)).toBe(true);
  });

  it('should rank a text about "rehabilitering i hverdagen" above an unrelated one when the query is the compound', async () => {
    const [query, related, unrelated] = await embedder.embed([
      'hverdagsrehabilitering',
      'Rehabilitering i hverdagen for ældre borgere',
      'Digital post og MitID',
    ]);
    const related_ = cosine(query!, related!);
    const unrelated_ = cosine(query!, unrelated!);
    expect(related_).toBeGreaterThan(0.3);
    expect(Math.abs(unrelated_)).toBeLessThan(0.1);
  });

  it('should match inflected forms when comparing "kommunerne" with "kommune"', async () => {
    const [plural, singular, other] = await embedder.embed(['kommunerne', 'kommune', 'region']);
    expect(cosine(plural!, singular!)).toBeCloseTo(1, 10);
    expect(cosine(plural!, other!)).toBeLessThan(0.2);
  });

  it('should ignore question scaffolding when a question is compared with a passage', () => {
    const question = embedText('Hvem har prøvet velfærdsteknologi i ældreplejen?', 384);
    const passage = embedText('Vi har afprøvet ny velfærdsteknologi på plejecentre i ældreplejen.', 384);
    const offTopic = embedText('Hvem har ansvaret for skolereformen?', 384);
    expect(cosine(question, passage)).toBeGreaterThan(cosine(question, offTopic));
  });

  it('should reject dimensions outside 64 to 2000 when created', () => {
    expect(() => createLocalEmbedder({ dimensions: 10 })).toThrow(/64 to 2000 dimensions/);
    expect(() => createLocalEmbedder({ dimensions: 384.5 })).toThrow(/EMBEDDING_DIMENSIONS/);
  });
});

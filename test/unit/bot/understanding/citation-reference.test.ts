import { describe, expect, it } from 'vitest';
import { findNumberReference } from '../../../../bot/understanding/index.js';

describe('findNumberReference', () => {
  it.each([
    ['fortæl mere om nummer 2', 2],
    ['Nr. 3, tak', 3],
    ['nr 3', 3],
    ['uddyb [3]', 3],
    ["hvad med 2'eren?", 2],
    ['2eren', 2],
    ['nummer to', 2],
    ['case 4', 4],
    ['kilde 1', 1],
    ['#2', 2],
    ['2', 2],
    ['mere om 2', 2],
    ['tell me more about number 2', 2],
    ['number three please', 3],
    ['source 5', 5],
    ['no. 2', 2],
  ])('should read an explicit reference in %j as %i', (text, n) => {
    expect(findNumberReference(text)).toMatchObject({ n, strength: 'explicit' });
  });

  it.each([
    ['mere om den første', 1],
    ['den anden', 2],
    ['Den tredje case', 3],
    ['det fjerde eksempel', 4],
    ['the second one', 2],
    ['Tell me about the first', 1],
    ['den sidste', 'last'],
    ['the last one', 'last'],
    ['sidste', 'last'],
  ])('should read an ordinal reference in %j as %s', (text, n) => {
    expect(findNumberReference(text)).toMatchObject({ n, strength: 'ordinal' });
  });

  it('should return the text as written so the caller can replace it', () => {
    expect(findNumberReference('Hvornår startede Nr. 2?')?.snippet).toBe('Nr. 2');
  });

  it.each([
    'Hvordan inddrager vi borgerne?',
    'Projekter fra de seneste 2 år',
    'Hvad skete der om 2 år?',
    'På den anden side er det dyrt',
    'Hvordan kan den ene kommune lære af den anden?',
    'Hvad er sket i den sidste tid?',
    'Vi har 12 medarbejdere',
    'Who won in 2015?',
  ])('should find no reference in %j', (text) => {
    expect(findNumberReference(text)).toBeUndefined();
  });
});

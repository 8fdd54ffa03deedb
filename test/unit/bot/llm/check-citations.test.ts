import { describe, expect, it } from 'vitest';
import { checkCitations } from '../../../../bot/llm/index.js';

describe('checkCitations', () => {
  it('should keep valid citations and report them when every number was given', () => {
    expect(checkCitations('Aarhus testede det [1]. Odense skalerede [2].', [1, 2, 3])).toEqual({
      text: 'Aarhus testede det [1]. Odense skalerede [2].',
      usedCitations: [1, 2],
      removedCitations: [],
    });
  });

  it('should remove a citation and the space before it when its number was not given', () => {
    expect(checkCitations('Aarhus testede det [7]. Odense skalerede [1].', [1, 2])).toEqual({
      text: 'Aarhus testede det. Odense skalerede [1].',
      usedCitations: [1],
      removedCitations: [7],
    });
  });

  it('should keep only the valid part when a group mixes given and unknown numbers', () => {
    const result = checkCitations('Flere kommuner [1, 7] og regioner [2;9] gjorde det.', [1, 2]);
    expect(result.text).toBe('Flere kommuner [1] og regioner [2] gjorde det.');
    expect(result.removedCitations).toEqual([7, 9]);
  });

  it('should expand a range and keep its valid numbers when the range reaches past the sources', () => {
    const result = checkCitations('Det virker [2-5].', [1, 2, 3]);
    expect(result).toEqual({ text: 'Det virker [2][3].', usedCitations: [2, 3], removedCitations: [4, 5] });
  });

  it('should accept en dashes, reversed ranges and duplicates when normalising groups', () => {
    const result = checkCitations('A [3–1]. B [2, 2].', [1, 2, 3]);
    expect(result.text).toBe('A [1][2][3]. B [2].');
    expect(result.usedCitations).toEqual([1, 2, 3]);
  });

  it('should tidy spacing when invalid groups sit mid-sentence, at line start, in parentheses or side by side', () => {
    const text = 'Metoden [8] virker [1].\n[9] Start her [2].\nSe også ([7]).\nTo kilder [8] [9], og mere [1].';
    expect(checkCitations(text, [1, 2]).text).toBe(
      'Metoden virker [1].\nStart her [2].\nSe også.\nTo kilder, og mere [1].',
    );
  });

  it('should leave bracketed years, markdown links and list markers alone when they are not citations', () => {
    const text = 'Rapporten [2019] og [linket](https://x.dk) [1].\n- punkt [a]';
    expect(checkCitations(text, [1]).text).toBe(text);
  });

  it('should report no used citations when the text cites nothing valid', () => {
    expect(checkCitations('HACKED', [1, 2])).toEqual({ text: 'HACKED', usedCitations: [], removedCitations: [] });
    expect(checkCitations('Kun [5] og [6].', [1]).usedCitations).toEqual([]);
  });
});

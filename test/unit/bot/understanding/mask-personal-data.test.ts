import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../../../bot/understanding/index.js';

describe('maskPersonalData', () => {
  describe('CPR numbers', () => {
    it.each([
      ['Borgerens CPR er 010190-1234.', 'Borgerens CPR er [CPR-nummer fjernet].'],
      ['cpr 0101901234', 'cpr [CPR-nummer fjernet]'],
      ['3112991234', '[CPR-nummer fjernet]'],
      ['Sagen om 311299 1234 er lukket', 'Sagen om [CPR-nummer fjernet] er lukket'],
      ['Hun (150875–4321) ringede', 'Hun ([CPR-nummer fjernet]) ringede'],
    ])('should mask %j when it is a valid ddmmyy-xxxx', (input, expected) => {
      const result = maskPersonalData(input);
      expect(result.text).toBe(expected);
      expect(result.kinds).toEqual(['cpr']);
      expect(result.masked).toBe(true);
    });

    it.each([
      ['3212991234', 'day 32'],
      ['0113991234', 'month 13'],
      ['0001901234', 'day 00'],
      ['1234567890', 'month 34'],
      ['Kontonr. 12345678901', 'eleven digits'],
    ])('should not mask %j when it is not a valid CPR number (%s)', (input) => {
      expect(maskPersonalData(input)).toEqual({ text: input, masked: false, kinds: [] });
    });

    it('should use the English placeholder when the language is English', () => {
      expect(maskPersonalData('My CPR is 010190-1234', 'en').text).toBe('My CPR is [CPR number removed]');
    });
  });

  describe('phone numbers', () => {
    it.each([
      'Ring på 12 34 56 78',
      'Ring på +45 12345678',
      'Ring på +45 12 34 56 78',
      'Ring på 0045 1234 5678',
      'Ring på 1234 5678',
      'Ring på 12345678',
      'Ring på (+45) 22334455',
      'Ring på +4522334455',
    ])('should mask the number in %j', (input) => {
      const result = maskPersonalData(input);
      expect(result.text).toBe('Ring på [telefonnummer fjernet]');
      expect(result.kinds).toEqual(['phone']);
    });

    it('should keep sentence punctuation when the number ends a sentence', () => {
      expect(maskPersonalData('Tlf. 12345678. Tak!').text).toBe('Tlf. [telefonnummer fjernet]. Tak!');
    });

    it('should use the English placeholder when the language is English', () => {
      expect(maskPersonalData('Call me on 12 34 56 78', 'en').text).toBe('Call me on [phone number removed]');
    });

    it.each([
      ['Hvilke projekter kørte mellem 2010 og 2015?', 'years'],
      ['Projektet løb 2015-2018', 'a period with a hyphen'],
      ['i årene 2010 2015', 'two years side by side'],
      ['år 2016 2017 2018', 'a list of years'],
      ['Budgettet var kr. 1.200.000', 'an amount with dots'],
      ['Budgettet var 12 000 000 kr.', 'an amount with spaces'],
      ['Budgettet var 12345678 kr', 'an eight-digit amount in kroner'],
      ['CVR 12345678', 'a CVR number'],
      ['CVR-nr. 12345678', 'a CVR number with nr.'],
      ['EAN 5798000012345', 'an EAN number'],
      ['12 34 56 78 90', 'ten digits in pairs'],
      ['Tilskud på 2.500.000 kr. i 2015-2018', 'amount and period'],
      ['Hvem har prøvet hverdagsrehabilitering i 2012?', 'a single year'],
    ])('should not mask %j when it is %s', (input) => {
      expect(maskPersonalData(input)).toEqual({ text: input, masked: false, kinds: [] });
    });
  });

  describe('e-mail addresses', () => {
    it.each([
      ['Skriv til anne.hansen@aalborg.dk', 'Skriv til [e-mail fjernet]'],
      ['Mail: jens_p+innovation@sub.kommune.example.dk.', 'Mail: [e-mail fjernet].'],
      ['søren.ørsted@københavn.dk svarer', '[e-mail fjernet] svarer'],
    ])('should mask %j', (input, expected) => {
      expect(maskPersonalData(input)).toEqual({ text: expected, masked: true, kinds: ['email'] });
    });

    it('should not mask an at sign that is not part of an address when the text mentions @-mentions', () => {
      const input = 'Skriv @kraftcenter eller brug a@b';
      expect(maskPersonalData(input)).toEqual({ text: input, masked: false, kinds: [] });
    });

    it('should use the English placeholder when the language is English', () => {
      expect(maskPersonalData('Write to anne@aalborg.dk', 'en').text).toBe('Write to [e-mail removed]');
    });
  });

  it('should mask every kind and list each kind once in the order cpr, phone, email when a text has several', () => {
    const result = maskPersonalData('Skriv til a@b.dk eller b@c.dk, ring 12345678 om 010190-1234 og 020290-2345');
    expect(result.text).toBe(
      'Skriv til [e-mail fjernet] eller [e-mail fjernet], ring [telefonnummer fjernet] ' +
        'om [CPR-nummer fjernet] og [CPR-nummer fjernet]',
    );
    expect(result.kinds).toEqual(['cpr', 'phone', 'email']);
  });

  it('should return the text unchanged when it has no personal data', () => {
    const text = 'Hvordan inddrager vi borgerne i redesign af hjemmeplejen?';
    expect(maskPersonalData(text)).toEqual({ text, masked: false, kinds: [] });
  });
});

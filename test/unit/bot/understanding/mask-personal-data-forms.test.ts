import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../../../bot/understanding/index.js';

describe('maskPersonalData: less common ways of writing personal data', () => {
  describe('IP addresses', () => {
    it.each([
      ['Min IP er 192.168.1.20.', 'Min IP er [IP-adresse fjernet].'],
      ['Logget fra 10.0.0.1 i går', 'Logget fra [IP-adresse fjernet] i går'],
      ['Adressen 2001:db8:85a3::8a2e:370:7334 blev blokeret', 'Adressen [IP-adresse fjernet] blev blokeret'],
      ['fra fe80::1 og 2001:0db8:0000:0000:0000:ff00:0042:8329', 'fra [IP-adresse fjernet] og [IP-adresse fjernet]'],
    ])('should mask %j', (input, expected) => {
      expect(maskPersonalData(input)).toEqual({ text: expected, masked: true, kinds: ['ip'] });
    });

    it('should use the English placeholder when the language is English', () => {
      expect(maskPersonalData('My IP is 8.8.4.4', 'en').text).toBe('My IP is [IP address removed]');
    });

    it.each([
      ['Budgettet var 1.200.000.000 kr.', 'an amount in the billions'],
      ['Tilskud: kr. 2.100.100.100', 'an amount after kr.'],
      ['Version v1.2.3.4 af systemet', 'a version number'],
      ['Mødet var 12.03.2024 kl. 10:30:15', 'a date and a time'],
      ['Se afsnit 3.2.1 i rapporten', 'a section number'],
      ['Klassen Foo::bar og cafe::', 'code-like words'],
    ])('should not mask %j when it is %s', (input) => {
      expect(maskPersonalData(input)).toEqual({ text: input, masked: false, kinds: [] });
    });
  });

  describe('phone numbers', () => {
    it.each(['Ring på (+45) 1234-5678', 'Ring på +45 12 34 56 78', 'Ring på 1234-5678', 'Ring på +45 1234 5678'])(
      'should mask the number in %j',
      (input) => {
        expect(maskPersonalData(input)).toEqual({ text: 'Ring på [telefonnummer fjernet]', masked: true, kinds: ['phone'] });
      },
    );

    it.each([
      ['Projektet løb 2015-2018 og 2019-2021', 'periods'],
      ['Reg. nr. 1234-5678901', 'an account number'],
      ['Sag 2023-12345 om hjemmepleje', 'a case id'],
    ])('should not mask %j when it is %s', (input) => {
      expect(maskPersonalData(input)).toEqual({ text: input, masked: false, kinds: [] });
    });
  });

  describe('CPR numbers in full-width digits', () => {
    it('should mask a CPR number written in full-width digits and keep the rest of the text as typed', () => {
      const input = 'ＣＰＲ： ０１０１９０－１２３４, tak';
      expect(maskPersonalData(input)).toEqual({ text: 'ＣＰＲ： [CPR-nummer fjernet], tak', masked: true, kinds: ['cpr'] });
    });

    it('should mask a CPR number that mixes full-width and ASCII digits', () => {
      expect(maskPersonalData('cpr ０１01９0-1234').text).toBe('cpr [CPR-nummer fjernet]');
    });

    it('should not mask a full-width year', () => {
      const input = 'i ２０１５ og ２０１８';
      expect(maskPersonalData(input)).toEqual({ text: input, masked: false, kinds: [] });
    });
  });

  describe('e-mail addresses written to dodge harvesters', () => {
    it.each([
      ['Skriv til navn(at)kommune.dk', 'Skriv til [e-mail fjernet]'],
      ['Skriv til navn [at] kommune [dot] dk.', 'Skriv til [e-mail fjernet].'],
      ['Skriv til anne.hansen (at) aalborg (punktum) dk i dag', 'Skriv til [e-mail fjernet] i dag'],
      ['Skriv til anne＠aalborg.dk', 'Skriv til [e-mail fjernet]'],
    ])('should mask %j', (input, expected) => {
      expect(maskPersonalData(input)).toEqual({ text: expected, masked: true, kinds: ['email'] });
    });

    it.each([
      ['Kig på det (at) tænke nyt er svært', 'an "(at)" without an address'],
      ['Vi mødes at 10 [at] huset', 'no domain'],
    ])('should not mask %j when it is %s', (input) => {
      expect(maskPersonalData(input)).toEqual({ text: input, masked: false, kinds: [] });
    });
  });

  it('should list every kind once, in the order cpr, phone, email, ip, when a text has several', () => {
    const result = maskPersonalData('10.1.2.3 skrev a(at)b.dk om 010190-1234, ring (+45) 1234-5678');
    expect(result.text).toBe('[IP-adresse fjernet] skrev [e-mail fjernet] om [CPR-nummer fjernet], ring [telefonnummer fjernet]');
    expect(result.kinds).toEqual(['cpr', 'phone', 'email', 'ip']);
  });
});

import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, markdownToMrkdwn, safeLinkUrl } from '../../../../adapters/slack/markdown-to-mrkdwn.js';
import { splitMrkdwn, truncateMrkdwn } from '../../../../adapters/slack/split-mrkdwn.js';

describe('markdownToMrkdwn', () => {
  it('should turn **bold** into *bold*, *italic* into _italic_ and ~~strike~~ into ~strike~', () => {
    expect(markdownToMrkdwn('**Fed** og *kursiv* og _også_ og ~~slettet~~ og __fed__')).toBe('*Fed* og _kursiv_ og _også_ og ~slettet~ og *fed*');
  });

  it('should turn links into <url|text> and keep only the text of non-http links', () => {
    expect(markdownToMrkdwn('Se [Kraftcenteret](https://example.dk/a?b=1&c=2) og [farlig](javascript:alert(1)).')).toBe(
      'Se <https://example.dk/a?b=1&c=2|Kraftcenteret> og farlig.',
    );
    expect(markdownToMrkdwn('[Wiki](https://da.wikipedia.org/wiki/Test_(x)) og [mail](mailto:a@b.dk)')).toBe(
      '<https://da.wikipedia.org/wiki/Test_(x)|Wiki> og <mailto:a@b.dk|mail>',
    );
  });

  it('should keep link text from ending the link early when it contains | or >', () => {
    expect(markdownToMrkdwn('[a|b > c](https://x.dk/|y)')).toBe('<https://x.dk/%7Cy|a/b &gt; c>');
  });

  it('should turn bullet and numbered lists into Slack lists, nested items indented', () => {
    expect(markdownToMrkdwn('- en\n* to\n  - under\n1. første\n2) anden')).toBe('• en\n• to\n    ◦ under\n1. første\n2. anden');
  });

  it('should render headings as bold lines and keep quotes', () => {
    expect(markdownToMrkdwn('## Overskrift **fed**\n> citat med <b>')).toBe('*Overskrift fed*\n> citat med &lt;b&gt;');
  });

  it('should escape &, < and > so text can never become a Slack mention or command', () => {
    expect(markdownToMrkdwn('A & B < C > D <!channel> <@U123>')).toBe('A &amp; B &lt; C &gt; D &lt;!channel&gt; &lt;@U123&gt;');
    expect(escapeMrkdwn('<&>')).toBe('&lt;&amp;&gt;');
  });

  it('should leave code spans and fenced code unformatted but escaped', () => {
    expect(markdownToMrkdwn('`kode **ikke fed** <x>` men **fed**')).toBe('`kode **ikke fed** &lt;x&gt;` men *fed*');
    expect(markdownToMrkdwn('```\n**rå** <kode>\n```')).toBe('```\n**rå** &lt;kode&gt;\n```');
  });

  it('should not italicise arithmetic or snake_case, and should link [n] citations that have a URL', () => {
    expect(markdownToMrkdwn('snake_case og 2*3*4 [1] [2]', { citationUrl: (n) => (n === 1 ? 'https://kilde.dk/1' : undefined) })).toBe(
      'snake_case og 2*3*4 <https://kilde.dk/1|[1]> [2]',
    );
  });

  it('should accept only http(s) and mailto URLs as links', () => {
    expect(safeLinkUrl('https://example.dk/a b')).toBeUndefined();
    expect(safeLinkUrl('ftp://example.dk')).toBeUndefined();
    expect(safeLinkUrl('https://example.dk/<x>')).toBe('https://example.dk/%3Cx%3E');
  });
});

describe('splitMrkdwn', () => {
  it('should split at paragraph boundaries into pieces of at most 3,000 characters', () => {
    const paragraph = 'ord '.repeat(400).trim();
    const pieces = splitMrkdwn(Array(6).fill(paragraph).join('\n\n'));
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(3000);
    expect(pieces.join('\n\n')).toBe(Array(6).fill(paragraph).join('\n\n'));
  });

  it('should never cut through a <url|text> link or an entity', () => {
    const link = '<https://example.dk/meget/lang/sti|en link tekst med mellemrum>';
    const text = `${'a '.repeat(1480)}&amp; ${link} ${'b '.repeat(1000)}`;
    for (const piece of splitMrkdwn(text)) {
      expect(piece.split('<').length).toBe(piece.split('>').length);
      expect(piece).not.toMatch(/&[a-z]*$/);
    }
  });

  it('should hard-cut one very long word and shorten with an ellipsis', () => {
    expect(splitMrkdwn('x'.repeat(7000)).map((piece) => piece.length)).toEqual([3000, 3000, 1000]);
    expect(truncateMrkdwn('ord '.repeat(100), 50)).toMatch(/…$/);
    expect(truncateMrkdwn('ord '.repeat(100), 50).length).toBeLessThanOrEqual(50);
  });
});

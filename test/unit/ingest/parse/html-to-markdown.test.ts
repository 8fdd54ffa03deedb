import { describe, expect, it } from 'vitest';
import { htmlToMarkdown } from '../../../../ingest/parse/html-to-markdown.js';

describe('htmlToMarkdown', () => {
  it('should turn h1–h4 into # headings and separate paragraphs with blank lines', () => {
    const html = '<h1>Et</h1><p>a</p><h2>To</h2><h3>Tre</h3><h4>Fire</h4><h5>Fem</h5><p>b</p>';
    expect(htmlToMarkdown(html)).toBe('# Et\n\na\n\n## To\n\n### Tre\n\n#### Fire\n\nFem\n\nb');
  });

  it('should write lists as "- " lines, nested lists indented, ordered lists numbered', () => {
    const html = '<ul><li>En</li><li>To<ul><li>Under</li></ul></li></ul><ol start="2"><li><p>B</p></li><li>C</li></ol>';
    expect(htmlToMarkdown(html)).toBe('- En\n- To\n  - Under\n\n2. B\n3. C');
  });

  it('should flatten inline markup, decode entities and collapse whitespace', () => {
    expect(htmlToMarkdown('<p>Rød &amp; <b>grøn</b>\n   <a href="x">tekst</a>&nbsp;her</p>')).toBe('Rød & grøn tekst her');
  });

  it('should keep <br> as a line break inside a paragraph', () => {
    expect(htmlToMarkdown('<p>Linje 1<br>Linje 2</p>')).toBe('Linje 1\nLinje 2');
  });

  it('should drop scripts, styles, navigation, asides and page header/footer', () => {
    const html =
      '<body><header>Logo</header><nav>Menu</nav><script>x()</script><style>p{}</style>' +
      '<p>Indhold</p><aside>Reklame</aside><footer>Kontakt</footer></body>';
    expect(htmlToMarkdown(html)).toBe('Indhold');
  });

  it('should keep an article header when it holds the article title', () => {
    expect(htmlToMarkdown('<article><header><h1>Titel</h1></header><p>Tekst</p></article>')).toBe('# Titel\n\nTekst');
  });

  it('should write table rows as cells joined by " | "', () => {
    expect(htmlToMarkdown('<table><tr><th>År</th><th>Antal</th></tr><tr><td>2021</td><td>4</td></tr></table>')).toBe(
      'År | Antal\n2021 | 4',
    );
  });

  it('should turn loose text around blocks into its own paragraphs', () => {
    expect(htmlToMarkdown('<div>før <p>midt</p> efter</div>')).toBe('før\n\nmidt\n\nefter');
  });
});

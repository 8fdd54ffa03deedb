import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_DIR } from '../../../../adapters/web/index.js';

interface MarkdownModule {
  renderMarkdown(markdown: string, options?: { citationHref?: (n: number) => string | undefined }): string;
  escapeHtml(text: string): string;
}

// The renderer is plain browser JS (no build step), so it is loaded by URL rather than as a typed import.
let md: MarkdownModule;
beforeAll(async () => {
  md = (await import(pathToFileURL(path.join(PUBLIC_DIR, 'markdown.js')).href)) as MarkdownModule;
});

const cites = { citationHref: (n: number) => (n <= 2 ? `#src-r1-${n}` : undefined) };

describe('renderMarkdown', () => {
  it('should escape HTML and scripts when the text contains them', () => {
    const html = md.renderMarkdown('<img src=x onerror=alert(1)> <script>alert("x")</script> & \'q\'');
    expect(html).toBe(
      '<p>&lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</p>',
    );
  });

  it('should render bold, italic, paragraphs and line breaks when they are used', () => {
    expect(md.renderMarkdown('**Fed** og *kursiv*\nny linje\n\nAndet afsnit')).toBe(
      '<p><strong>Fed</strong> og <em>kursiv</em><br>ny linje</p>\n<p>Andet afsnit</p>',
    );
  });

  it('should render bullet and numbered lists when lines start with "- " or "1. "', () => {
    expect(md.renderMarkdown('- en\n- to\n\n1. første\n2. anden')).toBe(
      '<ul><li>en</li><li>to</li></ul>\n<ol><li>første</li><li>anden</li></ol>',
    );
    expect(md.renderMarkdown('3. tre')).toBe('<ol start="3"><li>tre</li></ol>');
  });

  it('should link only http(s) URLs with rel="noopener" and target="_blank" when links are used', () => {
    const html = md.renderMarkdown('[ok](https://example.dk/a?b=1&c=2) [nej](javascript:alert(1)) [data](data:text/html,x)');
    expect(html).toContain('<a href="https://example.dk/a?b=1&amp;c=2" target="_blank" rel="noopener">ok</a>');
    expect(html).not.toContain('href="javascript');
    expect(html).not.toContain('href="data');
  });

  it('should not let a URL break out of its attribute when it contains quotes', () => {
    const html = md.renderMarkdown('[x](https://e.dk/"onmouseover="alert(1))');
    expect(html).not.toMatch(/"\s*onmouseover=/);
  });

  it('should turn known citations into anchor links and leave unknown ones as text', () => {
    const html = md.renderMarkdown('Se [1] og [2, 1] men ikke [7].', cites);
    expect(html).toContain('<a href="#src-r1-1" class="cite" data-cite="1">[1]</a>');
    expect(html).toContain('<a href="#src-r1-2" class="cite" data-cite="2">[2]</a><a href="#src-r1-1" class="cite" data-cite="1">[1]</a>');
    expect(html).toContain('[7]');
  });

  it('should render no citation links when no citationHref is given', () => {
    expect(md.renderMarkdown('Se [1].')).toBe('<p>Se [1].</p>');
  });
});

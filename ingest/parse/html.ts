/**
 * Web pages saved as .html/.htm: a research document. Title from <title> (or the first <h1> when the
 * <title> merely wraps it with a site name), author from <meta name="author">, year from
 * <meta name="date"/"dcterms.date"/…> or the first <time>. The body is the page's <main>, else its
 * <article>s, else <body>, converted to Markdown-like text so headings survive for chunking.
 */
import { type HTMLElement, parse } from 'node-html-parser';
import { foldForMatch } from './fold-for-match.js';
import { htmlElementToMarkdown } from './html-to-markdown.js';
import { type ParseOutcome } from './parse-outcome.js';
import { buildResearchDocument } from './research-document.js';

const AUTHOR_META = ['author', 'dc.creator', 'dcterms.creator'];
const DATE_META = ['date', 'dcterms.date', 'dc.date', 'dcterms.created', 'dcterms.issued', 'article:published_time'];

/** Parses decoded HTML text (see decodeText) into one research document or one problem. */
export function parseHtml(html: string, relativePath: string): ParseOutcome {
  const root = parse(html, { comment: false });
  const content = contentRoots(root);
  const body = content.map((element) => htmlElementToMarkdown(element)).join('\n\n');
  return buildResearchDocument({
    relativePath,
    format: 'html',
    body,
    title: pageTitle(root, content),
    author: metaContent(root, AUTHOR_META),
    date: metaContent(root, DATE_META) ?? timeValue(root),
  });
}

function contentRoots(root: HTMLElement): HTMLElement[] {
  const main = root.querySelector('main');
  if (main) return [main];
  const articles = root.querySelectorAll('article');
  if (articles.length > 0) return articles;
  return [root.querySelector('body') ?? root];
}

function pageTitle(root: HTMLElement, content: HTMLElement[]): string | undefined {
  const title = text(root.querySelector('title'));
  const h1 = text(content.map((element) => element.querySelector('h1')).find(Boolean) ?? root.querySelector('h1'));
  if (title && h1 && foldForMatch(title).includes(foldForMatch(h1))) return h1;
  return title ?? h1;
}

/** The content of the first <meta name|property=…> among `names` (case-insensitive), in the order given. */
function metaContent(root: HTMLElement, names: string[]): string | undefined {
  const metas = root.querySelectorAll('meta');
  for (const name of names) {
    const meta = metas.find(
      (element) => (element.getAttribute('name') ?? element.getAttribute('property') ?? '').toLowerCase() === name,
    );
    const content = meta?.getAttribute('content')?.trim();
    if (content) return content;
  }
  return undefined;
}

function timeValue(root: HTMLElement): string | undefined {
  const time = root.querySelector('time');
  if (!time) return undefined;
  return time.getAttribute('datetime')?.trim() || text(time);
}

function text(element: HTMLElement | null | undefined): string | undefined {
  const value = element?.text.replace(/\s+/g, ' ').trim();
  return value ? value : undefined;
}

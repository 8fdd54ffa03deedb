/**
 * Converts an HTML element (a web page's <main>, or mammoth's DOCX output) into Markdown-like text that keeps
 * the structure the chunker needs: h1–h4 become '#'…'####' lines, paragraphs are separated by blank lines,
 * list items become '- ' (or '1. ' in ordered lists; nested lists indented two spaces per level), table rows
 * become 'cell | cell' lines, <br> a line break. Inline markup is flattened to plain text and images are
 * skipped. Page chrome is dropped: script, style, nav, aside, forms, hidden elements, and header/footer
 * unless inside an <article> (where they usually hold the article's title or byline).
 */
import { HTMLElement, type Node, NodeType, parse } from 'node-html-parser';

const DROPPED = new Set([
  'script', 'style', 'noscript', 'template', 'nav', 'aside', 'svg', 'iframe', 'canvas', 'img',
  'form', 'button', 'select', 'textarea', 'head', 'title', 'meta', 'link',
]);
const CHROME_OUTSIDE_ARTICLE = new Set(['header', 'footer']);
const HEADING_LEVELS: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4 };
const LISTS = new Set(['ul', 'ol']);
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'main', 'body', 'html', 'blockquote', 'figure', 'figcaption', 'address',
  'dl', 'dt', 'dd', 'details', 'summary', 'center', 'fieldset', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'footer', 'li', 'ul', 'ol', 'pre', 'table', 'caption', 'hr',
]);

/** Marks a <br> inside inline text; real newlines in the HTML source are just whitespace. */
const LINE_BREAK = '\n';

interface Context {
  insideArticle: boolean;
}

/** Parses an HTML string (fragment or whole page) and converts it to Markdown-like text. */
export function htmlToMarkdown(html: string): string {
  return htmlElementToMarkdown(parse(html));
}

/** Converts an already-parsed element's content; blocks are separated by one blank line. */
export function htmlElementToMarkdown(element: HTMLElement): string {
  const blocks: string[] = [];
  renderNodes(element.childNodes, blocks, { insideArticle: tagOf(element) === 'article' });
  return blocks.join('\n\n');
}

/** Renders sibling nodes, gathering inline runs into paragraphs and pushing finished blocks. */
function renderNodes(nodes: readonly Node[], blocks: string[], context: Context): void {
  let inline = '';
  const flush = () => {
    const paragraph = tidyInline(inline);
    if (paragraph !== '') blocks.push(paragraph);
    inline = '';
  };
  for (const node of nodes) {
    if (node.nodeType === NodeType.TEXT_NODE) {
      inline += collapseSpace(node.text);
    } else if (node instanceof HTMLElement && !isDropped(node, context)) {
      const tag = tagOf(node);
      if (tag === 'br') {
        inline += LINE_BREAK;
      } else if (BLOCKS.has(tag)) {
        flush();
        renderBlock(node, tag, blocks, context);
      } else {
        inline += inlineText(node, context);
      }
    }
  }
  flush();
}

function renderBlock(element: HTMLElement, tag: string, blocks: string[], context: Context): void {
  const push = (text: string) => {
    if (text !== '') blocks.push(text);
  };
  const level = HEADING_LEVELS[tag];
  if (level !== undefined) {
    const text = tidyInline(inlineText(element, context)).replace(/\n/g, ' ');
    if (text !== '') push(`${'#'.repeat(level)} ${text}`);
  } else if (LISTS.has(tag)) {
    push(listLines(element, 0, context).join('\n'));
  } else if (tag === 'li') {
    push(listItemLines(element, '- ', 0, context).join('\n'));
  } else if (tag === 'pre') {
    push(element.text.replace(/\u00a0/g, ' ').replace(/^\n+|\s+$/g, ''));
  } else if (tag === 'table') {
    push(tableRows(element, context).join('\n'));
  } else if (tag !== 'hr') {
    renderNodes(element.childNodes, blocks, { insideArticle: context.insideArticle || tag === 'article' });
  }
}

function listLines(list: HTMLElement, depth: number, context: Context): string[] {
  const ordered = tagOf(list) === 'ol';
  let number = Number.parseInt(list.getAttribute('start') ?? '1', 10) || 1;
  const lines: string[] = [];
  for (const child of list.childNodes) {
    if (!(child instanceof HTMLElement) || isDropped(child, context)) continue;
    const tag = tagOf(child);
    if (tag === 'li') {
      lines.push(...listItemLines(child, ordered ? `${number}. ` : '- ', depth, context));
      number += 1;
    } else if (LISTS.has(tag)) {
      lines.push(...listLines(child, depth + 1, context));
    }
  }
  return lines;
}

/** One list item: its text on the marker line, further lines aligned under it, nested lists one level deeper. */
function listItemLines(item: HTMLElement, marker: string, depth: number, context: Context): string[] {
  const indent = '  '.repeat(depth);
  const own = item.childNodes.filter((child) => !(child instanceof HTMLElement && LISTS.has(tagOf(child))));
  const nested = item.childNodes.filter(
    (child): child is HTMLElement => child instanceof HTMLElement && LISTS.has(tagOf(child)),
  );
  const blocks: string[] = [];
  renderNodes(own, blocks, context);
  const text = blocks.join('\n').split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const lines = text.map((line, index) => `${indent}${index === 0 ? marker : ' '.repeat(marker.length)}${line}`);
  for (const list of nested) lines.push(...listLines(list, depth + 1, context));
  return lines;
}

function tableRows(table: HTMLElement, context: Context): string[] {
  const rows: string[] = [];
  for (const row of table.querySelectorAll('tr')) {
    const cells = row.childNodes
      .filter((cell): cell is HTMLElement => cell instanceof HTMLElement && ['td', 'th'].includes(tagOf(cell)))
      .map((cell) => {
        const blocks: string[] = [];
        renderNodes(cell.childNodes, blocks, context);
        return blocks.join(' ').replace(/\s+/g, ' ').trim();
      });
    if (cells.some((cell) => cell !== '')) rows.push(cells.join(' | '));
  }
  return rows;
}

/** Text of an element and its descendants as one inline run (blocks nested inside are flattened with spaces). */
function inlineText(element: HTMLElement, context: Context): string {
  let text = '';
  for (const child of element.childNodes) {
    if (child.nodeType === NodeType.TEXT_NODE) text += collapseSpace(child.text);
    else if (child instanceof HTMLElement && !isDropped(child, context)) {
      const tag = tagOf(child);
      if (tag === 'br') text += LINE_BREAK;
      else if (BLOCKS.has(tag)) text += ` ${inlineText(child, context)} `;
      else text += inlineText(child, context);
    }
  }
  return text;
}

function collapseSpace(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ');
}

/** Trims each <br>-separated line and drops empty ones. */
function tidyInline(text: string): string {
  return text
    .split(LINE_BREAK)
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

function tagOf(element: HTMLElement): string {
  return (element.tagName ?? '').toLowerCase();
}

function isDropped(element: HTMLElement, context: Context): boolean {
  const tag = tagOf(element);
  if (DROPPED.has(tag)) return true;
  if (CHROME_OUTSIDE_ARTICLE.has(tag) && !context.insideArticle) return true;
  return element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true';
}

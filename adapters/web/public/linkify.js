/**
 * Makes bare web addresses in already rendered text clickable ("… i chatten: https://chat.kraftcenter.dk/"), as an
 * adviser's message or a notice writes them. It works on text nodes, so nothing in the text can become markup, and
 * only http(s) addresses become links (new tab, rel="noopener"); text already inside a link is left alone.
 */
import { externalLink } from './dom.js';

// Up to the first space or bracket; closing punctuation of the sentence is not part of the address.
const ADDRESS = /https?:\/\/[^\s<>"'()\[\]]+/g;
const TRAILING = /[.,;:!?]+$/;

/** Replaces the bare http(s) addresses in `root`'s text (outside links) with links. */
export function linkifyAddresses(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest('a')) texts.push(node);
  }
  for (const node of texts) {
    const text = node.textContent ?? '';
    const parts = [];
    let last = 0;
    for (const match of text.matchAll(ADDRESS)) {
      const address = match[0].replace(TRAILING, '');
      const link = externalLink(address, address);
      if (link.tagName !== 'A') continue;
      parts.push(text.slice(last, match.index), link);
      last = match.index + address.length;
    }
    if (parts.length === 0) continue;
    parts.push(text.slice(last));
    node.replaceWith(...parts.filter((part) => part !== ''));
  }
}

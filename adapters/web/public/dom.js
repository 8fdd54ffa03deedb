/**
 * Tiny DOM helpers. All text goes in as text nodes; links only ever get http(s), mailto: or tel: targets.
 */

/**
 * Creates an element. Props: `class`, `text`, `on<event>` listeners, anything else as an attribute
 * (skipped when undefined, null or false).
 * @param {string} tag
 * @param {Record<string, unknown>} [props]
 * @param {...(Node | string | null | undefined | false | Array<Node | string | null | undefined | false>)} children
 * @returns {HTMLElement}
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = String(value);
    else if (key === 'text') node.textContent = String(value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children.flat().filter((child) => child !== undefined && child !== null && child !== false));
  return node;
}

/** The URL when it is an absolute http(s) URL, otherwise undefined. */
export function safeHttpUrl(url) {
  if (typeof url !== 'string') return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A link opening in a new tab when `url` is a safe http(s) URL, otherwise a plain span with the text. */
export function externalLink(text, url, className) {
  const href = safeHttpUrl(url);
  if (href === undefined) return el('span', { class: className, text });
  return el('a', { class: className, href, target: '_blank', rel: 'noopener', text });
}

/** A `mailto:` link for a plausible e-mail address, otherwise undefined. */
export function mailLink(email) {
  if (typeof email !== 'string' || !/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(email)) return undefined;
  return el('a', { href: `mailto:${email}`, text: email });
}

/** A `tel:` link for a phone number (digits, spaces, +, -, parentheses), otherwise undefined. */
export function phoneLink(phone) {
  if (typeof phone !== 'string' || !/^[+\d][\d\s()-]{3,}$/.test(phone.trim())) return undefined;
  return el('a', { href: `tel:${phone.replace(/[^\d+]/g, '')}`, text: phone.trim() });
}

const ALLOWED = {
  P: ['class'],
  BR: [],
  STRONG: [],
  EM: [],
  UL: [],
  OL: ['start'],
  LI: [],
  A: ['href', 'class', 'target', 'rel', 'data-cite'],
};

/**
 * Parses trusted-shape HTML (from `renderMarkdown`) into a fragment and, as a second line of defence, drops any
 * element or attribute outside the Markdown subset and any href that is not http(s) or an in-page anchor.
 * @param {string} html
 * @returns {DocumentFragment}
 */
export function safeFragment(html) {
  const template = document.createElement('template');
  template.innerHTML = html;
  for (const node of [...template.content.querySelectorAll('*')]) {
    const allowed = ALLOWED[node.tagName];
    if (!allowed) {
      node.replaceWith(document.createTextNode(node.textContent ?? ''));
      continue;
    }
    for (const attr of [...node.attributes]) {
      const bad = !allowed.includes(attr.name) || (attr.name === 'href' && !/^(https?:|#)/i.test(attr.value));
      if (bad) node.removeAttribute(attr.name);
    }
  }
  return template.content;
}

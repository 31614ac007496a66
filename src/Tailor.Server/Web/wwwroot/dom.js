// Building the page: elements from tag, attributes and children (text is always set as text, never as HTML), highlighting.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const $ = selector => document.querySelector(selector);

const escapeRegExp = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Text with every occurrence of the given phrases (case-insensitive) wrapped in <mark>, as DOM nodes.
export function highlight(text, phrases) {
  const wanted = phrases.filter(p => p && p.trim().length > 0).map(escapeRegExp);
  if (wanted.length === 0) return [document.createTextNode(text)];
  const pattern = new RegExp('(' + wanted.sort((a, b) => b.length - a.length).join('|') + ')', 'giu');
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
    nodes.push(el('mark', {}, match[0]));
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

// The words of a query worth highlighting: letters and digits, two or more characters.
export const queryWords = query => [...new Set((query.match(/[\p{L}\p{N}]{2,}/gu) || []).map(w => w.toLowerCase()))];

// How a hit's or citation's link is shown: a web address as it is; a file (its path on the server) as the document id
// with the line range or anchor.
export const isWebLink = link => /^https?:\/\//i.test(link);
export const shownLink = (documentId, link) => (isWebLink(link) ? link : documentId + (link.match(/#.*$/)?.[0] ?? ''));

// Chat: sessions on the side (kept by the server, the open one remembered across reloads), streamed answers, [n] chips
// that open the cited passage with the quoted text highlighted.
import { del, get, patch, stream } from './api.js';
import { $, el, highlight, isWebLink, shownLink } from './dom.js';

let ctx;
let kb = null;
let session = null; // the open session's name; null: a new chat, stored with its first question
let sessions = [];
let busy = false;
let loading = 0; // views being loaded: a question asked meanwhile would be wiped by the load, so Ask waits

const remembered = () => localStorage.getItem('tailor.session.' + kb);
const remember = name => name ? localStorage.setItem('tailor.session.' + kb, name) : localStorage.removeItem('tailor.session.' + kb);
const path = rest => `kbs/${encodeURIComponent(kb)}/sessions${rest}`;

export function init(context) {
  ctx = context;
  $('#new-session').addEventListener('click', () => open(null));
  $('#ask-form').addEventListener('submit', e => { e.preventDefault(); ask(); });
  $('#question').addEventListener('keydown', e => {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); ask(); }
  });
  $('#rename-session').addEventListener('click', () => {
    $('#rename-form').hidden = false;
    $('#rename-name').value = session;
    $('#rename-name').focus();
  });
  $('#rename-cancel').addEventListener('click', () => { $('#rename-form').hidden = true; });
  $('#rename-form').addEventListener('submit', e => { e.preventDefault(); rename(); });
  $('#delete-session').addEventListener('click', remove);
  $('#passage-close').addEventListener('click', () => { $('#passage').hidden = true; });
  $('#passage').addEventListener('keydown', e => { if (e.key === 'Escape') $('#passage').hidden = true; });
}

export async function show(name) {
  if (name !== kb) {
    kb = name;
    session = remembered();
  }
  loading++;
  $('#ask').disabled = true;
  try {
    await refresh();
    await open(sessions.some(s => s.name === session) ? session : null);
  } finally {
    loading--;
    $('#ask').disabled = busy || loading > 0;
  }
}

async function refresh() {
  try {
    sessions = (await get(path(''))).sessions;
  } catch (error) {
    ctx.report(error);
    sessions = [];
  }
  $('#session-list').replaceChildren(...sessions.map(s => el('li', {},
    el('button', { type: 'button', class: 'session', 'aria-current': s.name === session ? 'true' : null, onclick: () => open(s.name) },
      s.name, el('span', { class: 'count' }, ` ${s.messages}`)))));
}

async function open(name) {
  session = name;
  remember(name);
  $('#session-title').textContent = name ?? 'New chat';
  $('#rename-session').hidden = $('#delete-session').hidden = name === null;
  $('#rename-form').hidden = true;
  $('#passage').hidden = true;
  const turns = $('#turns');
  turns.replaceChildren();
  for (const b of document.querySelectorAll('#session-list .session')) b.setAttribute('aria-current', String(b.firstChild.textContent === name));
  if (name === null) return;
  try {
    const history = await get(path(`/${encodeURIComponent(name)}/messages`));
    for (const m of history.messages) {
      if (m.role === 'user') turns.append(el('li', { class: 'turn question' }, m.content));
      else if (m.role === 'assistant') {
        const box = el('div', { class: 'answer' });
        render(box, { answer: m.content, found: true, citations: m.citations });
        turns.append(el('li', { class: 'turn' }, box));
      }
    }
  } catch (error) {
    ctx.report(error);
  }
}

// A session name from the first question: its first words, unique among the sessions.
function nameFor(question) {
  let base = '';
  for (const word of question.replace(/[\p{Cc}/?#%\\]/gu, ' ').split(/\s+/).filter(Boolean)) {
    if (base.length + word.length + 1 > 48) break;
    base = base ? base + ' ' + word : word;
  }
  base = base || question.trim().slice(0, 48) || 'chat';
  let name = base;
  for (let i = 2; sessions.some(s => s.name === name); i++) name = `${base} (${i})`;
  return name;
}

async function ask() {
  const input = $('#question');
  const question = input.value.trim();
  if (!question || busy || loading > 0 || !kb) return;
  busy = true;
  $('#ask').disabled = true;
  ctx.clear();
  const name = session ?? nameFor(question);
  const turns = $('#turns');
  turns.append(el('li', { class: 'turn question' }, question));
  const box = el('div', { class: 'answer streaming', 'aria-busy': 'true' });
  turns.append(el('li', { class: 'turn' }, box));
  input.value = '';
  let text = '';
  try {
    await stream(path(`/${encodeURIComponent(name)}/turns`), { question }, (event, data) => {
      if (event === 'delta') {
        text += data.text;
        box.textContent = text;
      } else if (event === 'citations') {
        render(box, data);
      } else if (event === 'error') {
        throw Object.assign(new Error(data.detail), { status: data.status });
      }
    });
    if (session === null) {
      session = name;
      remember(name);
      $('#session-title').textContent = name;
      $('#rename-session').hidden = $('#delete-session').hidden = false;
    }
    await refresh();
  } catch (error) {
    box.textContent = text || 'No answer.';
    ctx.report(error);
  } finally {
    box.classList.remove('streaming');
    box.removeAttribute('aria-busy');
    busy = false;
    $('#ask').disabled = loading > 0;
    input.focus();
  }
}

// The answer with each [n] as a chip that opens source n; "not found" said plainly.
function render(box, answer) {
  box.replaceChildren();
  box.classList.toggle('not-found', !answer.found);
  if (!answer.found) {
    box.append(el('p', { class: 'verdict' }, 'Not found in the documents.'));
    box.append(el('p', {}, answer.answer));
    if (answer.reason) box.append(el('p', { class: 'note' }, answer.reason));
    return;
  }
  const byN = new Map(answer.citations.map(c => [c.n, c]));
  const p = el('p', {});
  let last = 0;
  for (const m of answer.answer.matchAll(/\[(\d+)\]/g)) {
    p.append(answer.answer.slice(last, m.index));
    const c = byN.get(Number(m[1]));
    p.append(c ? chip(c) : m[0]);
    last = m.index + m[0].length;
  }
  p.append(answer.answer.slice(last));
  box.append(p);
  if (answer.citations.length) {
    box.append(el('ul', { class: 'sources', 'aria-label': 'Sources' },
      answer.citations.map(c => el('li', {}, chip(c), ' ', c.document_id))));
  }
}

function chip(citation) {
  return el('button', { type: 'button', class: 'chip', 'aria-label': `Source ${citation.n}: ${citation.document_id}`, onclick: () => passage(citation) }, `[${citation.n}]`);
}

// The cited passage beside the answer: the chunk holding the quote, its section path, its line range or anchor.
async function passage(citation) {
  const pane = $('#passage');
  $('#passage-title').textContent = `[${citation.n}] ${citation.document_id}`;
  $('#passage-section').textContent = '';
  const text = $('#passage-text');
  text.replaceChildren(el('p', {}, ...highlight(citation.quotes.join('\n…\n'), citation.quotes)));
  const link = $('#passage-link');
  link.textContent = shownLink(citation.document_id, citation.link);
  link.onclick = null;
  if (isWebLink(citation.link)) {
    link.href = citation.link;
    link.target = '_blank';
    link.rel = 'noopener';
  } else {
    // a file: the link opens the whole document here, the cited lines marked
    link.href = '#passage';
    link.removeAttribute('target');
    link.title = 'Show the whole document';
  }
  pane.hidden = false;
  try {
    const id = citation.document_id.split('/').map(encodeURIComponent).join('/');
    const doc = await get(`kbs/${encodeURIComponent(kb)}/documents/${id}`);
    const cited = c => citation.quotes.some(q => c.text.includes(q));
    const paragraph = c => el('p', { 'data-lines': `${c.line_start}-${c.line_end}`, class: cited(c) ? 'cited' : null }, ...highlight(c.text, cited(c) ? citation.quotes : []));
    const chunks = doc.chunks.filter(cited);
    if (chunks.length) {
      const sections = [...new Set(chunks.map(c => c.section).filter(Boolean))];
      $('#passage-section').textContent = sections.length ? sections.join(' · ') : (doc.document.title ?? '');
      text.replaceChildren(...chunks.map(paragraph));
    }
    if (!isWebLink(citation.link)) {
      link.onclick = e => {
        e.preventDefault();
        text.replaceChildren(...doc.chunks.map(paragraph));
        text.querySelector('mark')?.scrollIntoView({ block: 'center' });
      };
    }
  } catch (error) {
    ctx.report(error);
  }
  text.querySelector('mark')?.scrollIntoView({ block: 'nearest' });
  $('#passage-close').focus();
}

async function rename() {
  const to = $('#rename-name').value.trim();
  if (!to || to === session) { $('#rename-form').hidden = true; return; }
  try {
    await patch(path(`/${encodeURIComponent(session)}`), { name: to });
    session = to;
    remember(to);
    $('#session-title').textContent = to;
    $('#rename-form').hidden = true;
    await refresh();
  } catch (error) {
    ctx.report(error);
  }
}

async function remove() {
  if (session === null || !confirm(`Delete the session "${session}" and its messages?`)) return;
  try {
    await del(path(`/${encodeURIComponent(session)}`));
    await refresh();
    await open(null);
  } catch (error) {
    ctx.report(error);
  }
}

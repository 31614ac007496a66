// The page's entry: the knowledge base picker, the views, the key prompt and the message line every view reports to.
import { get, key } from './api.js';
import { $, el } from './dom.js';
import * as chat from './chat.js';
import * as documents from './documents.js';
import * as search from './search.js';
import * as quality from './quality.js';

const views = { chat, documents, search, quality };
let current = 'chat';
let kb = null;

const ctx = {
  kb: () => kb,
  report,
  clear: () => { $('#message').hidden = true; },
};

// Shows a failure as a message; a 401 also asks for a key, a 403 says what the key lacks.
function report(error) {
  const box = $('#message');
  box.replaceChildren();
  const status = error && error.status;
  if (status === 401) {
    box.append(el('strong', {}, 'A key is needed. '), error.message);
    askForKey(error.message);
  } else if (status === 403) {
    box.append(el('strong', {}, 'Not allowed with this key. '), error.message);
  } else {
    box.append(error && error.message ? error.message : String(error));
  }
  box.hidden = false;
}

function askForKey(reason) {
  $('#key-reason').textContent = key.get() ? 'The key was not accepted: ' + reason : 'This server needs a key. ' + reason;
  $('#key-form').hidden = false;
  $('#key').focus();
}

function show(view) {
  current = view;
  for (const tab of document.querySelectorAll('.tab')) tab.setAttribute('aria-pressed', String(tab.dataset.view === view));
  for (const name of Object.keys(views)) $('#view-' + name).hidden = name !== view;
  location.hash = view;
  if (kb) views[view].show(kb);
}

async function loadKnowledgeBases() {
  const select = $('#kb');
  let list;
  try {
    list = (await get('kbs')).knowledge_bases;
  } catch (error) {
    report(error);
    return;
  }
  ctx.clear();
  $('#key-form').hidden = true;
  const saved = localStorage.getItem('tailor.kb');
  select.replaceChildren(...list.map(k => el('option', { value: k.name }, k.ready ? k.name : `${k.name} (opening)`)));
  if (list.length === 0) {
    report(new Error('this server has no knowledge base yet; create one with POST /api/kbs or start it with --kb DIR.'));
    return;
  }
  kb = list.some(k => k.name === saved) ? saved : list[0].name;
  select.value = kb;
  views[current].show(kb);
}

function start() {
  for (const view of Object.values(views)) view.init(ctx);
  for (const tab of document.querySelectorAll('.tab')) tab.addEventListener('click', () => show(tab.dataset.view));
  $('#kb').addEventListener('change', e => {
    kb = e.target.value;
    localStorage.setItem('tailor.kb', kb);
    views[current].show(kb);
  });
  $('#key-form').addEventListener('submit', e => {
    e.preventDefault();
    key.set($('#key').value.trim());
    $('#key').value = '';
    loadKnowledgeBases();
  });
  window.addEventListener('hashchange', () => {
    const view = location.hash.slice(1);
    if (views[view] && view !== current) show(view); // back and forward move between views
  });
  const wanted = location.hash.slice(1);
  if (views[wanted]) current = wanted;
  show(current);
  loadKnowledgeBases();
}

start();

// Search playground: query, mode, filters and MMR; each hit with its lexical rank, vector rank and fused score, and its
// text with the query's words highlighted.
import { post } from './api.js';
import { $, el, highlight, queryWords, shownLink } from './dom.js';

let ctx;
let kb = null;

export function init(context) {
  ctx = context;
  $('#search-form').addEventListener('submit', e => { e.preventDefault(); run(); });
}

export function show(name) { kb = name; }

const rank = r => (r > 0 ? String(r) : '–');

async function run() {
  const query = $('#query').value.trim();
  if (!query || !kb) return;
  const body = { query, k: Number($('#k').value) || 10, explain: true };
  if ($('#mode').value) body.mode = $('#mode').value;
  const tags = $('#filter-tags').value.split(',').map(t => t.trim()).filter(Boolean);
  if (tags.length) body.tags = tags;
  if ($('#filter-source').value.trim()) body.source = $('#filter-source').value.trim();
  if ($('#filter-after').value) body.after = $('#filter-after').value;
  if ($('#filter-before').value) body.before = $('#filter-before').value;
  if ($('#use-mmr').checked) body.mmr = Number($('#mmr').value);
  ctx.clear();
  let result;
  try {
    result = await post(`kbs/${encodeURIComponent(kb)}/search`, body);
  } catch (error) {
    ctx.report(error);
    return;
  }
  const words = queryWords(query);
  $('#search-note').textContent = `${result.hits.length} hits` + (result.degraded ? ` · ran ${result.degraded.used} instead of ${result.degraded.requested}: ${result.degraded.reason}` : '');
  $('#hits').replaceChildren(...result.hits.map((h, i) => el('li', { class: 'hit' },
    el('div', { class: 'hit-head' },
      el('span', { class: 'hit-rank' }, `#${i + 1}`),
      el('strong', {}, h.title || h.source),
      el('span', { class: 'section-path' }, h.section)),
    h.explain ? el('dl', { class: 'explain' },
      el('dt', {}, 'lexical rank'), el('dd', { 'data-field': 'lexical' }, rank(h.explain.lexical_rank)),
      el('dt', {}, 'vector rank'), el('dd', { 'data-field': 'vector' }, rank(h.explain.vector_rank)),
      el('dt', {}, 'fused score'), el('dd', { 'data-field': 'fused' }, h.explain.fused_score.toFixed(4)),
      el('dt', {}, 'mode'), el('dd', {}, h.explain.mode)) : null,
    el('p', { class: 'hit-text' }, ...highlight(h.text, words)),
    el('p', { class: 'link' }, shownLink(h.document_id, h.link)))));
}

// Quality: the latest `tailor eval-qa` report of the knowledge base, when one was run.
import { ApiError, get } from './api.js';
import { $, el } from './dom.js';

let ctx;

export function init(context) { ctx = context; }

const rate = x => (x * 100).toFixed(1) + ' %';
const yesNo = v => (v === null || v === undefined ? '–' : v ? 'yes' : 'no');

export async function show(kb) {
  const box = $('#quality');
  let latest;
  try {
    latest = await get(`kbs/${encodeURIComponent(kb)}/quality`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      box.replaceChildren(el('p', { class: 'note' }, error.message));
      return;
    }
    ctx.report(error);
    return;
  }
  const r = latest.report;
  box.replaceChildren(
    el('p', {}, `${r.questions} questions, k = ${r.k}, measured ${new Date(latest.created_at).toLocaleString()}`),
    el('dl', { class: 'explain rates' },
      el('dt', {}, `hit@${r.k}`), el('dd', {}, rate(r['hit@k'])),
      el('dt', {}, 'answer contains'), el('dd', {}, rate(r.answer_contains)),
      el('dt', {}, 'citations valid'), el('dd', {}, rate(r.citations_valid)),
      el('dt', {}, 'found'), el('dd', {}, rate(r.found))),
    el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, ['line', 'question', `hit@${r.k}`, 'answer contains', 'citations valid', 'found'].map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, r.results.map(q => el('tr', {},
        el('td', { class: 'num' }, q.line), el('td', {}, q.question),
        el('td', {}, q.hit === null ? '–' : q.hit ? `yes (${q.hit_rank})` : 'no'),
        el('td', {}, yesNo(q.answer_contains)), el('td', {}, yesNo(q.citations_valid)), el('td', {}, yesNo(q.found))))))));
}

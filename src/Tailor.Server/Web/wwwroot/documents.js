// Documents: drag-and-drop or picked files, one upload each with its progress bar and its job's status; the document
// list with status, chunks, tags and groups; failed files with their reasons; delete with confirmation.
import { ApiError, del, get, upload } from './api.js';
import { $, el } from './dom.js';

let ctx;
let kb = null;
const GROUP = 'acl:';

export function init(context) {
  ctx = context;
  const drop = $('#drop');
  drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', e => {
    e.preventDefault();
    drop.classList.remove('over');
    send([...e.dataTransfer.files]);
  });
  drop.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); $('#files').click(); } });
  $('#files').addEventListener('change', e => { send([...e.target.files]); e.target.value = ''; });
  $('#refresh-docs').addEventListener('click', () => list());
}

export function show(name) {
  kb = name;
  list();
}

function send(files) {
  const fields = { tags: $('#upload-tags').value.trim(), acl: $('#upload-acl').value.trim() };
  for (const file of files) one(file, fields);
}

async function one(file, fields) {
  const bar = el('progress', { max: '1', value: '0', 'aria-label': `Upload of ${file.name}` });
  const status = el('span', { class: 'status' }, 'uploading');
  const reasons = el('ul', { class: 'reasons' });
  const item = el('li', { class: 'upload', 'data-file': file.name }, el('span', { class: 'name' }, file.name), bar, status, reasons);
  $('#uploads').prepend(item);
  const target = kb;
  try {
    const accepted = await upload(target, file, fields, fraction => { bar.value = fraction; });
    bar.value = 1;
    status.textContent = accepted.status;
    // poll the job, more slowly as it runs long, so many uploads at once stay under the server's rate limit
    for (let wait = 300; ; wait = Math.min(wait * 1.5, 3000)) {
      let job;
      try {
        job = await get(`kbs/${encodeURIComponent(target)}/jobs/${encodeURIComponent(accepted.job_id)}`);
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 429) throw error;
        status.textContent = 'waiting (rate limit)';
        await new Promise(resolve => setTimeout(resolve, 5000));
        continue;
      }
      status.textContent = job.status;
      item.dataset.status = job.status;
      if (job.status === 'done' || job.status === 'failed') {
        const why = job.failures.map(f => `${f.file}: ${f.error}`);
        if (job.error) why.push(job.error);
        if (why.length) item.dataset.status = 'failed';
        if (why.length && job.status === 'done') status.textContent = 'failed';
        reasons.replaceChildren(...why.map(w => el('li', {}, w)));
        break;
      }
      await new Promise(resolve => setTimeout(resolve, wait));
    }
  } catch (error) {
    status.textContent = 'failed';
    item.dataset.status = 'failed';
    reasons.replaceChildren(el('li', {}, error.message));
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) ctx.report(error);
  }
  if (target === kb) list();
}

async function list() {
  if (!kb) return;
  const path = `kbs/${encodeURIComponent(kb)}`;
  let page, jobs;
  try {
    [page, jobs] = await Promise.all([get(`${path}/documents?limit=1000`), get(`${path}/jobs`)]);
  } catch (error) {
    ctx.report(error);
    return;
  }
  $('#doc-count').textContent = `(${page.count})`;
  const rows = page.documents.map(d => {
    const tags = (d.tags || []).filter(t => !t.startsWith(GROUP));
    const groups = (d.tags || []).filter(t => t.startsWith(GROUP)).map(t => t.slice(GROUP.length));
    return el('tr', { 'data-id': d.id },
      el('td', { class: 'doc' }, d.title && d.title !== d.id ? el('span', {}, d.title, el('br'), el('small', {}, d.id)) : d.id),
      el('td', {}, el('span', { class: 'badge ' + d.status }, d.status)),
      el('td', { class: 'num' }, d.chunks ?? ''),
      el('td', {}, tags.join(', ')),
      el('td', {}, groups.join(', ')),
      el('td', {}, d.status === 'done'
        ? el('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${d.id}`, onclick: () => remove(d.id) }, 'Delete')
        : ''));
  });
  $('#documents tbody').replaceChildren(...rows);
  if (rows.length === 0) $('#documents tbody').append(el('tr', {}, el('td', { colspan: '6', class: 'note' }, 'No documents yet: drop files above.')));
  if (page.next) $('#documents tbody').append(el('tr', {}, el('td', { colspan: '6', class: 'note' }, `The first ${rows.length} of ${page.count} documents are shown.`)));
  const failed = jobs.jobs.flatMap(j => [...j.failures.map(f => ({ file: f.file, error: f.error, job: j.job_id })),
    ...(j.error ? [{ file: j.files.join(', '), error: j.error, job: j.job_id }] : [])]);
  $('#failures').replaceChildren(...(failed.length === 0 ? [] : [
    el('h3', {}, 'Files that could not be added'),
    el('ul', { class: 'failed' }, failed.map(f => el('li', {}, el('strong', {}, f.file), ': ', f.error))),
  ]));
}

async function remove(id) {
  if (!confirm(`Delete "${id}" and its chunks from ${kb}?`)) return;
  try {
    await del(`kbs/${encodeURIComponent(kb)}/documents/${id.split('/').map(encodeURIComponent).join('/')}`);
    ctx.clear();
  } catch (error) {
    ctx.report(error);
  }
  list();
}

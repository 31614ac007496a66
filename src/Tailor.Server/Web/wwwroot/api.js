// Talks to the server's /api with the key kept for this tab (sessionStorage); failures become ApiError with the problem's detail.
const KEY = 'tailor.key';

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

export const key = {
  get: () => sessionStorage.getItem(KEY),
  set: value => value ? sessionStorage.setItem(KEY, value) : sessionStorage.removeItem(KEY),
};

function headers(extra) {
  const h = { ...extra };
  const k = key.get();
  if (k) h.Authorization = 'Bearer ' + k;
  return h;
}

async function failure(response) {
  let detail = response.statusText || 'the request failed';
  try {
    const body = await response.json();
    detail = body.detail || body.title || detail;
  } catch { /* not JSON */ }
  return new ApiError(response.status, detail);
}

export async function call(method, path, body) {
  let response;
  try {
    response = await fetch('api/' + path, {
      method,
      headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'the server could not be reached; check that tailor serve is running.');
  }
  if (!response.ok) throw await failure(response);
  return response.status === 204 ? null : response.json();
}

export const get = path => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const del = path => call('DELETE', path);
export const patch = (path, body) => call('PATCH', path, body);

// POSTs with "stream": true and calls onEvent(name, data) for each server-sent event as it arrives.
export async function stream(path, body, onEvent) {
  let response;
  try {
    response = await fetch('api/' + path, {
      method: 'POST',
      headers: headers({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }),
      body: JSON.stringify({ ...body, stream: true }),
    });
  } catch {
    throw new ApiError(0, 'the server could not be reached; check that tailor serve is running.');
  }
  if (!response.ok) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) onEvent(name, JSON.parse(data.join('\n')));
    }
  }
}

// Uploads one file as multipart "files" with progress (fetch cannot report upload progress); resolves with the 202's JSON.
export function upload(kb, file, fields, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('files', file, file.name);
    for (const [name, value] of Object.entries(fields)) if (value) form.append(name, value);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `api/kbs/${encodeURIComponent(kb)}/documents`);
    const k = key.get();
    if (k) xhr.setRequestHeader('Authorization', 'Bearer ' + k);
    xhr.upload.onprogress = e => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onerror = () => reject(new ApiError(0, 'the upload was interrupted; check the connection and try again.'));
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status === 202) resolve(body);
      else reject(new ApiError(xhr.status, body?.detail || xhr.statusText || 'the upload failed'));
    };
    xhr.send(form);
  });
}

// CartoPress's HTTP API as the designer uses it: the key, JSON requests, geocoding, poster orders and
// the job's progress (a server-sent event stream read with fetch, or polling when the stream fails).

const KEY_STORAGE = 'cartopress.apiKey';
const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

let apiKey = '';

/** The key remembered from the last visit ('' when none, or when storage is not available). */
export function rememberedKey() {
  try {
    return localStorage.getItem(KEY_STORAGE) ?? '';
  } catch {
    return '';
  }
}

/** Uses `key` for the calls that need one, and remembers it; an empty key sends no Authorization header. */
export function setKey(key) {
  apiKey = key.trim();
  try {
    if (apiKey) localStorage.setItem(KEY_STORAGE, apiKey);
    else localStorage.removeItem(KEY_STORAGE);
  } catch {
    // Private browsing: the key lasts for this page only.
  }
}

export const isTerminal = (status) => TERMINAL.has(status);

/** An error answer of the API: `{error, message, code, details: [{field, reason}]}`. */
export class ApiError extends Error {
  constructor(status, body, fallback) {
    const message = body?.message || body?.error || fallback || `The server answered ${status}.`;
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? null;
    this.details = Array.isArray(body?.details) ? body.details : [];
  }
}

function headers(extra = {}, auth = true) {
  const result = { Accept: 'application/json', ...extra };
  if (auth && apiKey) result.Authorization = `Bearer ${apiKey}`;
  return result;
}

async function request(path, { method = 'GET', body, signal, auth = true } = {}) {
  const init = { method, signal, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }, auth) };
  if (body !== undefined) init.body = JSON.stringify(body);
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, null, 'The CartoPress server cannot be reached. Check your connection and try again.');
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    let fallback = `The server answered ${response.status} ${response.statusText}.`;
    if (response.status === 401) fallback = 'The API key is missing or not valid.';
    throw new ApiError(response.status, data, fallback);
  }
  return data;
}

/** The catalogue: `{styles: [{id, name, description, palettes, options}]}`. Public. */
export const fetchStyles = (signal) => request('/api/v1/styles', { signal, auth: false });

/** The MapLibre style CartoPress prints for these choices. Public; MapLibre fetches it. */
export function styleURL(styleId, paletteId, options, labelLanguage) {
  const query = new URLSearchParams();
  if (paletteId) query.set('palette', paletteId);
  for (const [id, on] of Object.entries(options)) query.set(id, on ? 'true' : 'false');
  if (labelLanguage) query.set('label_language', labelLanguage);
  const search = query.toString();
  return `/api/v1/styles/${encodeURIComponent(styleId)}/style.json${search ? `?${search}` : ''}`;
}

/** Places for `text`: `[{lat, lon, display_name}]` (Nominatim's shape, lat and lon as strings). */
export const geocode = (text, limit, signal) =>
  request(`/api/geocode?${new URLSearchParams({ q: text, limit: String(limit) })}`, { signal });

/** Queues a poster: `{job_id, status, estimated_time, warnings}`. */
export const generatePoster = (body, signal) => request('/api/v1/posters/generate', { method: 'POST', body, signal });

export const fetchJob = (jobId, signal) => request(`/api/v1/posters/jobs/${encodeURIComponent(jobId)}`, { signal });

/** Cancels a queued or running job (409 once it has ended). */
export const cancelJob = (jobId, signal) => request(`/api/v1/posters/jobs/${encodeURIComponent(jobId)}`, { method: 'DELETE', signal });

const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('Aborted', 'AbortError'));
    }, { once: true });
  });

/**
 * Lets the server close the stream after the terminal event (so the request ends as a success rather
 * than as one the page aborted); gives up waiting after two seconds.
 */
async function drain(reader) {
  let timer = 0;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve({ done: true, timedOut: true }), 2000); });
  try {
    for (;;) {
      const chunk = await Promise.race([reader.read(), timeout]);
      if (chunk.timedOut) {
        await reader.cancel().catch(() => {});
        return;
      }
      if (chunk.done) return;
    }
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Reads `GET /jobs/{id}/events` (text/event-stream) and calls `onStatus` with each `status` event's
 * document. EventSource cannot send an Authorization header, so the stream is read with fetch and its
 * lines parsed here, as the SSE specification describes. Resolves with the terminal document, or null
 * when the stream ends before one.
 */
async function streamJob(jobId, onStatus, signal) {
  const response = await fetch(`/api/v1/posters/jobs/${encodeURIComponent(jobId)}/events`, {
    headers: headers({ Accept: 'text/event-stream' }),
    cache: 'no-store',
    signal,
  });
  const type = response.headers.get('Content-Type') ?? '';
  if (!response.ok || !response.body || !type.startsWith('text/event-stream')) {
    throw new Error(`no event stream (${response.status})`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let eventName = '';
  let data = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return null;
      buffer += value;
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer);
        // A lone \r at the end may be the first half of \r\n: wait for the next chunk.
        if (!match || (match[0] === '\r' && match.index === buffer.length - 1)) break;
        const line = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        if (line === '') {
          // A blank line dispatches the event.
          if (data.length && (eventName === 'status' || eventName === '')) {
            const doc = JSON.parse(data.join('\n'));
            onStatus(doc);
            if (isTerminal(doc.status)) {
              await drain(reader);
              return doc;
            }
          }
          eventName = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue; // a comment: the server's keep-alive
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let fieldValue = colon < 0 ? '' : line.slice(colon + 1);
        if (fieldValue.startsWith(' ')) fieldValue = fieldValue.slice(1);
        if (field === 'event') eventName = fieldValue;
        else if (field === 'data') data.push(fieldValue);
      }
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
}

/** Asks for the job's status every second until it ends. Network hiccups are retried; API errors are not. */
async function pollJob(jobId, onStatus, signal) {
  let failures = 0;
  for (;;) {
    try {
      const doc = await fetchJob(jobId, signal);
      failures = 0;
      onStatus(doc);
      if (isTerminal(doc.status)) return doc;
    } catch (error) {
      if (error.name === 'AbortError' || (error instanceof ApiError && error.status !== 0 && error.status < 500 && error.status !== 429)) {
        throw error;
      }
      failures += 1;
      if (failures > 10) throw error;
    }
    await sleep(1000, signal);
  }
}

/** Follows a job to its end: the event stream, else polling. Resolves with the terminal status document. */
export async function watchJob(jobId, onStatus, signal) {
  try {
    const doc = await streamJob(jobId, onStatus, signal);
    if (doc) return doc;
  } catch (error) {
    if (error.name === 'AbortError') throw error;
  }
  return pollJob(jobId, onStatus, signal);
}

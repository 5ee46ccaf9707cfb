// The view lives in the URL hash: #/path?key=value&…, so every view is a link to share.

export function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  return {path: path.split('/').filter(Boolean).map(decodeURIComponent), params};
}

export function link(path, params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    p.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = p.toString();
  return '#' + path + (s ? '?' + s : '');
}

/** Replaces the current URL's params without a new history entry or re-render. */
export function replaceParams(params) {
  const {path} = parseHash();
  const target = link('/' + path.map(encodeURIComponent).join('/'), params);
  if (location.hash !== target) {
    history.replaceState(null, '', target);
  }
}

export function list(params, key) {
  const v = params.get(key);
  return v ? v.split(',').filter(Boolean) : [];
}

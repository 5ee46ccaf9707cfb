// Calls to the server. Errors come back as ApiError with the server's error_code and message.
// Every call says it comes from the dashboard (the server then leaves the WWW-Authenticate challenge
// out of a 401, so the browser shows no credential dialog of its own) and carries the signed-in
// session's Authorization header; a 401 forgets that session and asks main.js for the sign-in form.
import * as session from './session.js';

const MLFLOW = '/ajax-api/2.0/mlflow';
const CLIENT_HEADER = {'X-Requested-With': 'vigil-dashboard'};

let onUnauthorized = () => {};
/** fn() runs when a call is refused for want of (valid) credentials. */
export function whenUnauthorized(fn) { onUnauthorized = fn; }

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let inflight = 0;
let busyTimer = null;
function busy(delta) {
  inflight += delta;
  const el = document.getElementById('busy');
  if (!el) return;
  if (inflight > 0 && !busyTimer) {
    // Only slow requests show the indicator, so fast pages do not flicker.
    busyTimer = setTimeout(() => { el.hidden = inflight === 0; }, 150);
  } else if (inflight === 0) {
    clearTimeout(busyTimer);
    busyTimer = null;
    el.hidden = true;
  }
}

/** A call with the session's credentials, or with `authorization` when given (the sign-in check). */
async function call(url, init, authorization) {
  const own = authorization !== undefined;
  const used = own ? authorization : (session.current() || {}).authorization;
  const headers = Object.assign({}, CLIENT_HEADER, init && init.headers, used ? {Authorization: used} : null);
  busy(+1);
  try {
    const res = await fetch(url, Object.assign({}, init, {headers}));
    const text = await res.text();
    let body = null;
    try { body = text ? JSON.parse(text) : {}; } catch (e) { body = null; }
    if (!res.ok) {
      const code = body && body.error_code || 'HTTP_' + res.status;
      let message = body && body.message || `Request failed with status ${res.status}`;
      if (res.status === 403) message = `You don't have permission to do this: ${message}`;
      if (res.status === 401 && !own) {
        // Only the credentials this call used are stale: a sign-in may have happened meanwhile.
        if ((session.current() || {}).authorization === used) session.forget();
        if (!session.current()) onUnauthorized();
      }
      throw new ApiError(res.status, code, message);
    }
    return body;
  } finally {
    busy(-1);
  }
}

const post = (path, body) => call(MLFLOW + path, {
  method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body),
});

const qs = (params) => Object.entries(params)
  .filter(([, v]) => v !== undefined && v !== null && v !== '')
  .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v)).join('&');

export const api = {
  /** The user an Authorization header value belongs to: {username, is_admin}; 401 when it is wrong. */
  whoami: (authorization) => call('/api/vigil/whoami', {}, authorization),
  searchExperiments: (filter, pageToken) => post('/experiments/search', {
    max_results: 1000, filter: filter || undefined, page_token: pageToken || undefined, order_by: ['last_update_time DESC'],
  }),
  getExperiment: (id) => call(`${MLFLOW}/experiments/get?${qs({experiment_id: id})}`),
  experimentStats: (ids) => call(`/api/vigil/experiments/stats?${qs({experiment_ids: ids.join(',')})}`),
  searchRuns: (experimentIds, {filter, orderBy, maxResults, pageToken}) => post('/runs/search', {
    experiment_ids: experimentIds, filter: filter || '', order_by: orderBy ? [orderBy] : [],
    max_results: maxResults || 100, page_token: pageToken || undefined,
  }),
  getRun: (id) => call(`${MLFLOW}/runs/get?${qs({run_id: id})}`),
  searchRegisteredModels: (pageToken) => call(`${MLFLOW}/registered-models/search?${qs({max_results: 1000, page_token: pageToken})}`),
  getRegisteredModel: (name) => call(`${MLFLOW}/registered-models/get?${qs({name})}`),
  searchModelVersions: (filter, pageToken) => call(`${MLFLOW}/model-versions/search?${qs({filter, page_token: pageToken})}`),
  aliasHistory: (name) => call(`/api/vigil/registered-models/${encodeURIComponent(name)}/alias-history`),
  series: (runIds, key, {points, x, from, to}) => call(`/api/vigil/series?${qs({
    run_ids: runIds.join(','), key, points, x, from, to,
  })}`),
  monitors: () => call('/api/vigil/monitors'),
  monitor: (model) => call(`/api/vigil/monitors/${encodeURIComponent(model)}`),
  monitorWindows: (model, metric, {version, from, to} = {}) => call(`/api/vigil/monitors/${encodeURIComponent(model)}/windows?${qs({
    metric, from, to,
  })}&model_version=${encodeURIComponent(version || '')}`),
  monitorAlerts: (model) => call(`/api/vigil/monitors/${encodeURIComponent(model)}/alerts`),
  monitorAlertHistory: (model, limit) => call(`/api/vigil/monitors/${encodeURIComponent(model)}/alerts/history?${qs({limit})}`),
};

/** A wire value (number, null, "NaN", "Infinity") as a JS number or null. */
export function num(v) {
  if (v === null || v === undefined) return null;
  return typeof v === 'number' ? v : Number(v);
}

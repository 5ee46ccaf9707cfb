import {api} from '../api.js';
import {h, clear, fmtAgo, fmtTime} from '../dom.js';
import {link, replaceParams} from '../state.js';
import * as session from '../session.js';

export function howToLogARun() {
  const origin = location.origin;
  return h('div', {class: 'empty'},
    h('h2', null, 'No runs yet — here is how to log one'),
    h('p', null, 'Point any MLflow client at this server, or use the Java SDK. For example with Python:'),
    h('pre', null, `export MLFLOW_TRACKING_URI=${origin}
python -c "import mlflow; mlflow.set_experiment('demo')
with mlflow.start_run():
    mlflow.log_param('lr', 0.01)
    for step in range(100): mlflow.log_metric('loss', 1/(step+1), step=step)"`),
    h('p', null, 'or with curl:'),
    h('pre', null, `curl -s -H 'Content-Type: application/json' ${origin}/api/2.0/mlflow/runs/create -d '{"experiment_id":"0"}'
curl -s -H 'Content-Type: application/json' ${origin}/api/2.0/mlflow/runs/log-metric \\
  -d '{"run_id":"<run_id from above>","key":"loss","value":0.5,"timestamp":0,"step":1}'`),
    session.current() ? h('p', null, 'This server requires credentials: also export MLFLOW_TRACKING_TOKEN=vgl_… '
      + '(create one with vigil tokens create or POST /api/vigil/tokens), or curl -H "Authorization: Bearer vgl_…".') : null,
    h('p', {class: 'muted'}, 'Refresh this page when the run is logged.'));
}

export function experimentsPage() {
  let el;
  let body;
  let input;
  async function load(q) {
    clear(body).append(h('p', {class: 'muted'}, 'Loading experiments…'));
    const safe = q.replace(/['"\\]/g, ''); const filter = safe ? `name LIKE '%${safe}%'` : '';
    let exps;
    let stats;
    try {
      exps = (await api.searchExperiments(filter)).experiments || [];
      stats = exps.length ? (await api.experimentStats(exps.map((e) => e.experiment_id))).experiments : [];
    } catch (e) {
      clear(body).append(h('div', {class: 'error'}, e.message));
      return;
    }
    const byId = new Map(stats.map((s) => [s.experiment_id, s]));
    clear(body);
    const totalRuns = stats.reduce((a, s) => a + s.run_count, 0);
    if (!q && totalRuns === 0) body.append(howToLogARun());
    if (exps.length === 0) {
      body.append(h('p', {class: 'muted'}, q ? `No experiment name contains “${q}”.` : 'No experiments.'));
      return;
    }
    const rows = exps.map((e) => {
      const s = byId.get(e.experiment_id) || {run_count: 0};
      const last = Math.max(s.last_activity || 0, e.last_update_time || 0);
      return h('tr', {dataset: {experiment: e.experiment_id}},
        h('td', null, h('a', {href: link('/experiments/' + encodeURIComponent(e.experiment_id))}, e.name)),
        h('td', {class: 'num'}, String(s.run_count)),
        h('td', {title: fmtTime(last)}, fmtAgo(last)),
        h('td', {class: 'muted'}, e.experiment_id),
        h('td', {class: 'muted'}, fmtTime(e.creation_time)));
    });
    body.append(h('div', {class: 'scroll'}, h('table', {class: 'grid', id: 'experiments'},
      h('thead', null, h('tr', null, h('th', null, 'Name'), h('th', {class: 'num'}, 'Runs'), h('th', null, 'Last activity'),
        h('th', null, 'ID'), h('th', null, 'Created'))),
      h('tbody', null, rows))));
  }
  return {
    render(root, params) {
      el = root;
      const q = params.get('q') || '';
      let timer;
      input = h('input', {type: 'search', placeholder: 'Search experiments by name', value: q, 'aria-label': 'Search experiments',
        oninput: () => {
          clearTimeout(timer);
          timer = setTimeout(() => { replaceParams({q: input.value}); load(input.value.trim()); }, 200);
        }});
      body = h('div');
      el.append(h('h1', null, 'Experiments'), h('div', {class: 'toolbar'}, input), body);
      load(q.trim());
    },
    update(params) { input.value = params.get('q') || ''; load(input.value.trim()); },
  };
}

// Monitoring: the monitored models with their alert states, and per model the windowed metrics,
// prediction volume, label coverage, a drift heatmap (features × windows) and the alerts.
import uPlot from '../../vendor/uplot/uPlot.esm.js';
import {api, num} from '../api.js';
import {h, clear, fmtNum, fmtTime, PALETTE} from '../dom.js';
import {link} from '../state.js';

const HISTORY_LIMIT = 100;

export function howToMonitor(model) {
  const origin = location.origin;
  const name = model || 'churn';
  return h('div', {class: 'empty'},
    h('h2', null, model ? `No monitor for “${model}” yet — here is how to define one` : 'No monitors yet — here is how to define one'),
    h('p', null, 'A monitor belongs to a model name: its task, window, metrics, the features to watch for drift and alert rules. '
      + 'Define it over REST with PUT /api/vigil/monitors/{model}:'),
    h('pre', null, `curl -X PUT -H 'Content-Type: application/json' ${origin}/api/vigil/monitors/${name} -d '{
  "task": "binary", "window": "1h", "positive_label": 1,
  "metrics": ["accuracy", "f1"],
  "features": {"age": "numeric", "city": "categorical"},
  "alerts": [{"name": "accuracy-low", "metric": "accuracy", "op": "below", "threshold": 0.8, "for": 2}]
}'`),
    h('p', null, 'or with the CLI, from a YAML file of the same fields (plus model):'),
    h('pre', null, `./vigil monitor apply ${name}.yaml --tracking-uri ${origin}`),
    h('p', null, 'Then upload reference data (PUT …/reference), stream predictions (POST …/predictions) and labels '
      + '(POST …/outcomes), or bulk load them with vigil monitor ingest. See docs/MONITORING.md.'),
    h('p', {class: 'muted'}, 'Windows appear here when they close.'));
}

function stateBadge(state, title) {
  return h('span', {class: 'state state-' + state, title: title || state, dataset: {state}}, state);
}

function ruleText(rule) {
  if (rule.type === 'no_data') return `no predictions for ${rule.for} window(s)`;
  const base = rule.baseline === undefined ? '' : rule.baseline === 'trailing'
    ? ` (relative to the trailing mean of ${rule.baseline_windows} windows)` : ` (relative to baseline ${fmtNum(rule.baseline)})`;
  const ver = rule.model_version ? ` [version ${rule.model_version}]` : '';
  return `${rule.metric}${ver} ${rule.op} ${fmtNum(rule.threshold)}${base} for ${rule.for} window(s)`;
}

// ------------------------------------------------------------------ list

export function monitoringPage() {
  let body;
  async function load() {
    clear(body).append(h('p', {class: 'muted'}, 'Loading monitors…'));
    let monitors;
    let alerts;
    try {
      monitors = (await api.monitors()).monitors || [];
      alerts = await Promise.all(monitors.map((m) => api.monitorAlerts(m.model).then((a) => a.alerts || [], () => null)));
    } catch (e) {
      clear(body).append(h('div', {class: 'error'}, e.message));
      return;
    }
    clear(body);
    if (monitors.length === 0) {
      body.append(howToMonitor(null));
      return;
    }
    const rows = monitors.map((m, i) => {
      const d = m.definition || {};
      const as = alerts[i];
      const states = as === null ? h('span', {class: 'muted'}, 'unavailable')
        : as.length === 0 ? h('span', {class: 'muted'}, 'no rules')
          : as.map((a) => [stateBadge(a.state, ruleText(a.rule)), h('span', {class: 'muted'}, a.rule.name), ' ']);
      return h('tr', {dataset: {model: m.model}},
        h('td', null, h('a', {href: link('/monitoring/' + encodeURIComponent(m.model))}, m.model)),
        h('td', null, d.task || ''),
        h('td', null, d.window || ''),
        h('td', null, (d.metrics || []).join(', ')),
        h('td', null, Object.keys(d.features || {}).join(', ') || h('span', {class: 'muted'}, 'none')),
        h('td', null, states));
    });
    body.append(h('div', {class: 'scroll'}, h('table', {class: 'grid', id: 'monitors'},
      h('thead', null, h('tr', null, h('th', null, 'Model'), h('th', null, 'Task'), h('th', null, 'Window'),
        h('th', null, 'Metrics'), h('th', null, 'Drift features'), h('th', null, 'Alerts'))),
      h('tbody', null, rows))));
  }
  return {
    render(root) {
      body = h('div');
      root.append(h('h1', null, 'Monitoring'),
        h('p', {class: 'muted'}, 'Deployed models watched by Vigil: windowed metrics, drift against reference data, and alerts.'),
        body);
      load();
    },
    update() { load(); },
  };
}

// ------------------------------------------------------------------ one model

/** A small uPlot line chart of window series: x = window start, one line per series. */
class WindowChart {
  constructor(container, series, opts) {
    this.el = container;
    this.series = series; // [{label, windows: [{start, value}]}]
    this.opts = Object.assign({height: 220}, opts);
    this.el.classList.add('chart');
    this.el.dataset.ready = '0';
    this.plot = null;
    this.ro = new ResizeObserver(() => {
      if (this.plot && this.el.clientWidth > 0) this.plot.setSize({width: this.el.clientWidth, height: this.opts.height});
    });
    this.ro.observe(this.el);
    this.draw();
  }

  destroy() {
    this.ro.disconnect();
    if (this.plot) this.plot.destroy();
    this.plot = null;
  }

  draw() {
    const tables = this.series.map((s) => {
      const ws = s.windows.slice().sort((a, b) => a.start - b.start);
      return [ws.map((w) => w.start / 1000), ws.map((w) => {
        const v = num(w.value);
        return v === null || !Number.isFinite(v) ? null : v;
      })];
    });
    const data = tables.length ? uPlot.join(tables) : [[]];
    clear(this.el);
    const holder = h('div');
    const legend = h('div', {class: 'legend'});
    this.el.append(holder, legend);
    const vals = this.series.map((s, i) => {
      const val = h('span', {class: 'val'});
      legend.append(h('span', {class: 'item'}, h('span', {class: 'sw', style: {background: PALETTE[i % PALETTE.length]}}),
        h('span', null, s.label), val));
      return val;
    });
    const fg = getComputedStyle(document.body).color;
    const axis = {stroke: fg, grid: {stroke: 'rgba(128,128,128,.15)'}, ticks: {stroke: 'rgba(128,128,128,.3)'}};
    this.plot = new uPlot({
      width: this.el.clientWidth || 600, height: this.opts.height,
      legend: {show: false},
      cursor: {drag: {x: true, y: false}},
      scales: {x: {time: true}, y: this.opts.range ? {range: this.opts.range} : {}},
      axes: [axis, Object.assign({}, axis, {size: 60, values: (u, v) => v.map(fmtNum)})],
      series: [{label: 'window start'}, ...this.series.map((s, i) => ({
        label: s.label, stroke: PALETTE[i % PALETTE.length], width: 1.6, spanGaps: false, points: {show: true, size: 5},
      }))],
      hooks: {
        setCursor: [(u) => {
          const idx = u.cursor.idx;
          vals.forEach((el, i) => {
            const y = idx === null || idx === undefined ? null : u.data[i + 1][idx];
            el.textContent = y === null || y === undefined ? '' : ` ${fmtNum(y)} @ ${fmtTime(u.data[0][idx] * 1000)}`;
          });
        }],
      },
    }, data, holder);
    this.el.dataset.series = String(this.series.length);
    this.el.dataset.points = String(data[0].length);
    this.el.dataset.ready = '1';
  }
}

export function monitorPage(model) {
  const charts = [];
  let root;
  let alive = true;

  const windows = (metric) => api.monitorWindows(model, metric, {version: ''}).then((r) => r.windows || []);

  function chartCard(title, series, opts, note) {
    const box = h('div', {dataset: {metric: title}});
    const card = h('div', {class: 'card'}, h('h3', null, title), note ? h('p', {class: 'muted'}, note) : null, box);
    return {card, box, series, opts};
  }

  function driftTable(features, stats, flags) {
    const starts = new Set();
    for (const f of features) for (const w of stats[f]) starts.add(w.start);
    for (const f of features) for (const w of flags[f]) starts.add(w.start);
    const cols = [...starts].sort((a, b) => a - b);
    if (cols.length === 0) {
      return h('p', {class: 'muted', id: 'drift-empty'},
        'No drift values yet: upload reference data (PUT /api/vigil/monitors/' + model + '/reference) and wait for a window to close.');
    }
    const rows = features.map((f) => {
      const stat = new Map(stats[f].map((w) => [w.start, num(w.value)]));
      const flag = new Map(flags[f].map((w) => [w.start, num(w.value)]));
      const finite = [...stat.values()].filter((v) => v !== null && Number.isFinite(v));
      // Statistics in [0, 1] (KS, Jensen–Shannon, normalised Wasserstein) keep their scale; larger ones are scaled to the row.
      const scale = Math.max(1, ...finite.map(Math.abs));
      return h('tr', {dataset: {feature: f}}, h('th', {class: 'feature', scope: 'row'}, f), cols.map((c) => {
        const v = stat.has(c) ? stat.get(c) : null;
        const drifted = flag.get(c) === 1;
        if (v === null || !Number.isFinite(v)) {
          return h('td', {class: 'none' + (drifted ? ' drifted' : ''), title: `${f} @ ${fmtTime(c)}: no value`}, drifted ? '▲' : '·');
        }
        const a = Math.min(1, Math.abs(v) / scale);
        return h('td', {
          class: drifted ? 'drifted' : null,
          dataset: {drifted: drifted ? '1' : '0'},
          title: `${f} @ ${fmtTime(c)}: statistic ${fmtNum(v)}${drifted ? ' — drifted' : ''}`,
          style: {background: `rgba(220, 38, 38, ${(0.08 + 0.8 * a).toFixed(3)})`, color: a > 0.55 ? '#fff' : null},
        }, (drifted ? '▲ ' : '') + fmtNum(Number(v.toPrecision(3))));
      }));
    });
    return h('div', {class: 'scroll'}, h('table', {class: 'heatmap', id: 'drift'},
      h('thead', null, h('tr', null, h('th', null, 'feature \\ window'),
        cols.map((c) => h('th', {title: fmtTime(c)}, fmtTime(c).slice(5, 16))))),
      h('tbody', null, rows)),
    h('p', {class: 'muted'}, 'Cell colour: drift statistic against the reference; ▲ marks a window where the feature drifted.'));
  }

  function alertsTable(alerts) {
    if (alerts.length === 0) {
      return h('p', {class: 'muted', id: 'alerts-empty'}, 'No alert rules. Add "alerts" to the monitor definition (PUT /api/vigil/monitors/'
        + model + ' or vigil monitor apply).');
    }
    return h('table', {class: 'grid', id: 'alerts'},
      h('thead', null, h('tr', null, h('th', null, 'Rule'), h('th', null, 'State'), h('th', null, 'Condition'),
        h('th', {class: 'num'}, 'Consecutive windows'), h('th', null, 'Silenced until'))),
      h('tbody', null, alerts.map((a) => h('tr', {dataset: {rule: a.rule.name}},
        h('td', null, a.rule.name), h('td', null, stateBadge(a.state)), h('td', null, ruleText(a.rule)),
        h('td', {class: 'num'}, String(a.consecutive_windows)),
        h('td', null, a.silenced_until ? fmtTime(a.silenced_until) : '')))));
  }

  function historyTable(events) {
    if (events.length === 0) return h('p', {class: 'muted', id: 'history-empty'}, 'No alert transitions yet.');
    return h('div', {class: 'scroll'}, h('table', {class: 'grid', id: 'alert-history'},
      h('thead', null, h('tr', null, h('th', null, 'Time'), h('th', null, 'Rule'), h('th', null, 'State'),
        h('th', null, 'Window start'), h('th', {class: 'num'}, 'Value'), h('th', null, 'Notification'))),
      h('tbody', null, events.map((e) => h('tr', {dataset: {event: String(e.id)}},
        h('td', null, fmtTime(e.time)), h('td', null, e.alert), h('td', null, stateBadge(e.state)),
        h('td', null, fmtTime(e.window_start)), h('td', {class: 'num'}, fmtNum(num(e.value))),
        h('td', null, e.notification))))));
  }

  return {
    async render(el) {
      root = el;
      root.append(h('div', {class: 'crumbs'}, h('a', {href: link('/monitoring')}, 'Monitoring'), ' / ', model),
        h('h1', null, model));
      const loading = h('p', {class: 'muted'}, 'Loading monitor…');
      root.append(loading);
      let def;
      try {
        def = (await api.monitor(model)).definition;
      } catch (e) {
        loading.remove();
        if (e.status === 404) root.append(howToMonitor(model));
        else root.append(h('div', {class: 'error'}, e.message));
        return;
      }
      const features = Object.keys(def.features || {});
      const metrics = def.metrics || [];
      // What the predictions look like: the score (binary: positive class, multiclass: top class) or the predicted value.
      const distribution = def.task === 'regression'
        ? [['prediction_mean', 'mean'], ['prediction_min', 'min'], ['prediction_max', 'max']]
        : [['score_mean', 'mean score']];
      let data;
      try {
        const [alerts, history, metricWs, count, labelled, coverage, stats, flags, distWs] = await Promise.all([
          api.monitorAlerts(model).then((r) => r.alerts || []),
          api.monitorAlertHistory(model, HISTORY_LIMIT).then((r) => r.events || []),
          Promise.all(metrics.map(windows)),
          windows('prediction_count'), windows('labelled_count'), windows('label_coverage'),
          Promise.all(features.map((f) => windows('drift.' + f))),
          Promise.all(features.map((f) => windows('drifted.' + f))),
          Promise.all(distribution.map(([m]) => windows(m))),
        ]);
        data = {alerts, history, metricWs, count, labelled, coverage, distWs,
          stats: Object.fromEntries(features.map((f, i) => [f, stats[i]])),
          flags: Object.fromEntries(features.map((f, i) => [f, flags[i]]))};
      } catch (e) {
        loading.remove();
        root.append(h('div', {class: 'error'}, e.message));
        return;
      }
      if (!alive) return;
      loading.remove();

      root.append(h('p', {class: 'muted'},
        `${def.task} · ${def.window} windows · metrics: ${metrics.join(', ') || 'none'} · drift features: ${features.join(', ') || 'none'}`
        + ' · all model versions'));

      root.append(h('h2', null, 'Alerts'), h('section', {id: 'alerts-section'}, alertsTable(data.alerts)));

      const specs = [];
      if (data.count.length === 0) {
        root.append(h('h2', null, 'Windows'), h('div', {class: 'empty', id: 'windows-empty'},
          h('p', null, 'No closed windows yet. Stream predictions to POST /api/vigil/monitors/' + model
            + '/predictions and labels to …/outcomes (or vigil monitor ingest); windows are computed when they close.')));
      } else {
        root.append(h('h2', null, `Metrics (${metrics.length})`));
        const grid = h('div', {class: 'cards', id: 'metric-charts'});
        metrics.forEach((m, i) => {
          const s = chartCard(m, [{label: m, windows: data.metricWs[i]}], {},
            data.metricWs[i].length ? null : 'No value yet (needs labels).');
          specs.push(s); grid.append(s.card);
        });
        root.append(grid, h('h2', null, 'Traffic'));
        const traffic = h('div', {class: 'cards', id: 'traffic-charts'});
        const vol = chartCard('prediction volume',
          [{label: 'predictions', windows: data.count}, {label: 'labelled', windows: data.labelled}], {});
        const cov = chartCard('label coverage', [{label: 'label coverage', windows: data.coverage}], {range: [0, 1]});
        specs.push(vol, cov);
        traffic.append(vol.card, cov.card);
        root.append(traffic, h('h2', null, 'Predictions'));
        const preds = h('div', {class: 'cards', id: 'prediction-charts'});
        const scored = def.task !== 'regression';
        const dist = chartCard(scored ? 'score (mean)' : 'predicted value',
          distribution.map(([, label], i) => ({label, windows: data.distWs[i]})), scored ? {range: [0, 1]} : {},
          data.distWs[0].length ? null : (scored ? 'No scores yet (send "scores" with predictions).' : 'No numeric predictions yet.'));
        specs.push(dist);
        preds.append(dist.card);
        root.append(preds);
      }

      root.append(h('h2', null, 'Drift'));
      const driftSection = h('section', {id: 'drift-section'});
      if (features.length === 0) {
        driftSection.append(h('p', {class: 'muted', id: 'drift-empty'},
          'No features are watched for drift. Add "features" to the monitor definition and upload reference data.'));
      } else {
        driftSection.append(driftTable(features, data.stats, data.flags));
      }
      root.append(driftSection);

      root.append(h('h2', null, 'Alert history'), h('section', {id: 'history-section'}, historyTable(data.history)));

      // Charts last: their containers have their final width now.
      for (const s of specs) charts.push(new WindowChart(s.box, s.series, s.opts));
    },
    destroy() {
      alive = false;
      for (const c of charts) c.destroy();
    },
  };
}

// One run: attributes, params, tags, every metric with latest/min/max and the step of its best
// value, and a chart per metric.
import {api, num} from '../api.js';
import {h, clear, fmtNum, fmtTime, fmtDuration, lowerIsBetter} from '../dom.js';
import {link, replaceParams} from '../state.js';
import {MetricChart, chartControls} from '../chart.js';

/** Exact min/max of a series and the step of its best value, narrowing into the best bucket. */
export async function metricSummary(runId, key) {
  const res = await api.series([runId], key, {points: 1000, x: 'step'});
  const s = res.series[0];
  if (!s || !s.x_min.length) return null;
  let min = null, max = null, iMin = -1, iMax = -1;
  for (let i = 0; i < s.x_min.length; i++) {
    const a = num(s.min[i]), b = num(s.max[i]);
    if (a !== null && (min === null || a < min)) { min = a; iMin = i; }
    if (b !== null && (max === null || b > max)) { max = b; iMax = i; }
  }
  const lower = lowerIsBetter(key);
  const best = lower ? min : max;
  let i = lower ? iMin : iMax;
  let bestStep = null;
  if (i >= 0) {
    let from = s.x_min[i], to = s.x_max[i];
    for (let depth = 0; depth < 6 && from !== to; depth++) {
      const z = (await api.series([runId], key, {points: 1000, x: 'step', from, to})).series[0];
      let j = -1;
      for (let k = 0; k < z.x_min.length; k++) {
        const v = num(lower ? z.min[k] : z.max[k]);
        if (v === best) { j = k; break; }
      }
      if (j < 0) break;
      from = z.x_min[j]; to = z.x_max[j];
      if (!z.downsampled) break;
    }
    bestStep = from;
  }
  return {min, max, best, bestStep, lower, points: s.point_count};
}

export function runPage(runId) {
  const charts = [];
  let state;
  let root;
  function readState(params) {
    return {x: params.get('x') || 'step', log: params.get('log') === '1', smooth: Number(params.get('smooth')) || 0};
  }
  function write() {
    replaceParams({x: state.x === 'step' ? '' : state.x, log: state.log ? '1' : '', smooth: state.smooth || ''});
  }
  const kv = (pairs) => h('dl', {class: 'kv'}, pairs.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));

  return {
    async render(el, params) {
      root = el;
      state = readState(params);
      root.append(h('p', {class: 'muted'}, 'Loading run…'));
      let run;
      try {
        run = (await api.getRun(runId)).run;
      } catch (e) {
        clear(root).append(h('h1', null, 'Run'), h('div', {class: 'error'}, e.message));
        return;
      }
      const info = run.info;
      const params_ = run.data.params || [];
      const tags = (run.data.tags || []).filter((t) => !t.key.startsWith('mlflow.runName'));
      const metrics = run.data.metrics || [];
      clear(root);
      root.append(
        h('div', {class: 'crumbs'}, h('a', {href: '#/'}, 'Experiments'), ' / ',
          h('a', {href: link('/experiments/' + encodeURIComponent(info.experiment_id))}, 'experiment ' + info.experiment_id), ' / '),
        h('h1', {id: 'run-name'}, info.run_name || info.run_id));
      const metricsBody = h('tbody');
      root.append(h('div', {class: 'cards'},
        h('div', {class: 'card'}, h('h3', null, 'Attributes'), kv([
          ['Run ID', info.run_id], ['Status', info.status], ['Started', fmtTime(info.start_time)],
          ['Ended', info.end_time ? fmtTime(info.end_time) : '—'], ['Duration', fmtDuration(info.start_time, info.end_time) || '—'],
          ['User', info.user_id], ['Artifacts', info.artifact_uri], ['Lifecycle', info.lifecycle_stage]])),
        h('div', {class: 'card'}, h('h3', null, `Parameters (${params_.length})`),
          params_.length ? kv(params_.map((p) => [p.key, p.value])) : h('p', {class: 'muted'}, 'No parameters logged.')),
        h('div', {class: 'card'}, h('h3', null, `Tags (${tags.length})`),
          tags.length ? kv(tags.map((t) => [t.key, t.value])) : h('p', {class: 'muted'}, 'No tags.'))));
      root.append(h('h2', null, `Metrics (${metrics.length})`));
      if (!metrics.length) {
        root.append(h('p', {class: 'muted'}, 'No metrics logged yet. Log one with runs/log-metric or the SDK; it appears here with a chart.'));
        return;
      }
      root.append(h('table', {class: 'grid', id: 'metrics'}, h('thead', null, h('tr', null,
        ['Metric', 'Latest', 'Step', 'Min', 'Max', 'Best', 'Step of best', 'Points'].map((t, i) => h('th', {class: i ? 'num' : ''}, t)))),
      metricsBody));
      for (const m of metrics) {
        const cells = [h('td', null, m.key), h('td', {class: 'num'}, fmtNum(m.value)), h('td', {class: 'num'}, String(m.step))];
        const rest = [h('td', {class: 'num'}, '…'), h('td', {class: 'num'}), h('td', {class: 'num'}), h('td', {class: 'num'}), h('td', {class: 'num'})];
        metricsBody.append(h('tr', {dataset: {metric: m.key}}, cells, rest));
        metricSummary(runId, m.key).then((s) => {
          if (!s) { rest[0].textContent = ''; return; }
          rest[0].textContent = fmtNum(s.min);
          rest[1].textContent = fmtNum(s.max);
          rest[2].textContent = fmtNum(s.best) + (s.lower ? ' (min)' : ' (max)');
          rest[3].textContent = s.bestStep === null ? '' : String(s.bestStep);
          rest[4].textContent = s.points.toLocaleString();
        }).catch((e) => { rest[0].textContent = e.message; });
      }
      root.append(h('h2', null, 'Charts'), chartControls(state, (o) => {
        Object.assign(state, o);
        write();
        for (const c of charts) c.set(o);
      }));
      const grid = h('div', {class: 'cards'});
      root.append(grid);
      for (const m of metrics) {
        const box = h('div', {dataset: {chart: m.key}});
        grid.append(h('div', {class: 'card'}, h('h3', null, m.key), box));
        const c = new MetricChart(box, [{id: info.run_id, name: info.run_name || info.run_id, start: Number(info.start_time)}],
          {key: m.key, x: state.x, log: state.log, smooth: state.smooth, height: 220});
        charts.push(c);
        c.load();
      }
    },
    destroy() { for (const c of charts) c.destroy(); },
  };
}

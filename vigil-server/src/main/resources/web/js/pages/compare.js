// Selected runs side by side: attributes, params (rows that differ highlighted), latest metrics,
// overlaid charts per metric, and parallel coordinates of params against a chosen metric.
import {api, num} from '../api.js';
import {h, svg, clear, fmtNum, fmtTime, PALETTE, lowerIsBetter} from '../dom.js';
import {link, list, replaceParams} from '../state.js';
import {MetricChart, chartControls} from '../chart.js';

function parallelCoordinates(runs, paramKeys, metric) {
  const W = 900, H = 300, top = 30, bottom = 30, left = 40, right = 60;
  const axes = [...paramKeys.map((k) => ({key: k, kind: 'param'})), {key: metric, kind: 'metric'}];
  if (axes.length < 2) return h('p', {class: 'muted'}, 'Needs at least one param and a metric.');
  const value = (r, a) => {
    if (a.kind === 'param') { const p = (r.data.params || []).find((x) => x.key === a.key); return p ? p.value : null; }
    const m = (r.data.metrics || []).find((x) => x.key === a.key);
    return m ? num(m.value) : null;
  };
  for (const a of axes) {
    const vals = runs.map((r) => value(r, a)).filter((v) => v !== null);
    const nums = vals.map(Number);
    a.numeric = vals.length > 0 && nums.every(Number.isFinite);
    if (a.numeric) { a.min = Math.min(...nums); a.max = Math.max(...nums); }
    else { a.cats = [...new Set(vals.map(String))].sort(); }
  }
  const x = (i) => left + i * (W - left - right) / (axes.length - 1);
  const y = (a, v) => {
    if (v === null) return null;
    let t;
    if (a.numeric) t = a.max === a.min ? 0.5 : (Number(v) - a.min) / (a.max - a.min);
    else t = a.cats.length === 1 ? 0.5 : a.cats.indexOf(String(v)) / (a.cats.length - 1);
    return top + (1 - t) * (H - top - bottom);
  };
  const mAxis = axes[axes.length - 1];
  const color = (r) => {
    const v = value(r, mAxis);
    if (v === null || !mAxis.numeric || mAxis.max === mAxis.min) return '#888';
    let t = (v - mAxis.min) / (mAxis.max - mAxis.min);
    if (lowerIsBetter(metric)) t = 1 - t; // green = better
    return `hsl(${Math.round(t * 120)}, 70%, 45%)`;
  };
  const g = svg('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Parallel coordinates'});
  runs.forEach((r) => {
    const pts = axes.map((a, i) => [x(i), y(a, value(r, a))]).filter((p) => p[1] !== null);
    if (pts.length < 2) return;
    g.append(svg('polyline', {points: pts.map((p) => p.join(',')).join(' '), fill: 'none', stroke: color(r), 'stroke-width': 2,
      opacity: 0.8}, svg('title', null, `${r.info.run_name}: ${fmtNum(value(r, mAxis))}`)));
  });
  axes.forEach((a, i) => {
    const ax = svg('g', {class: 'axis'}, svg('line', {x1: x(i), x2: x(i), y1: top, y2: H - bottom}),
      svg('text', {x: x(i), y: top - 12, 'text-anchor': 'middle', 'font-weight': a.kind === 'metric' ? 'bold' : 'normal'}, a.key));
    const lbl = a.numeric ? [[a.max, fmtNum(a.max)], [a.min, fmtNum(a.min)]] : a.cats.map((c) => [c, c]);
    for (const [v, t] of lbl) ax.append(svg('text', {x: x(i) + 4, y: y(a, v) + 4}, t));
    g.append(ax);
  });
  return g;
}

export function comparePage() {
  const charts = [];
  let state;
  return {
    async render(root, params) {
      state = {runs: list(params, 'runs'), exp: params.get('exp') || '', pc: params.get('pc') || '',
        x: params.get('x') || 'step', log: params.get('log') === '1', smooth: Number(params.get('smooth')) || 0};
      const write = () => replaceParams({runs: state.runs, exp: state.exp, pc: state.pc, x: state.x === 'step' ? '' : state.x,
        log: state.log ? '1' : '', smooth: state.smooth || ''});
      root.append(h('div', {class: 'crumbs'}, h('a', {href: '#/'}, 'Experiments'), ' / ',
        state.exp ? h('a', {href: link('/experiments/' + encodeURIComponent(state.exp), {sel: state.runs})}, 'experiment ' + state.exp) : null),
      h('h1', null, `Compare ${state.runs.length} runs`));
      if (state.runs.length < 1) {
        root.append(h('p', {class: 'muted'}, 'Select runs in an experiment’s runs table and press Compare.'));
        return;
      }
      const body = h('div', null, h('p', {class: 'muted'}, 'Loading runs…'));
      root.append(body);
      let runs;
      try {
        runs = await Promise.all(state.runs.map((id) => api.getRun(id).then((r) => r.run)));
      } catch (e) {
        clear(body).append(h('div', {class: 'error'}, e.message));
        return;
      }
      clear(body);
      const head = h('tr', null, h('th', null, ''), runs.map((r, i) => h('th', null,
        h('span', {class: 'sw', style: {display: 'inline-block', width: '10px', height: '10px', background: PALETTE[i % PALETTE.length], marginRight: '6px'}}),
        h('a', {href: link('/runs/' + encodeURIComponent(r.info.run_id))}, r.info.run_name || r.info.run_id))));
      const section = (title) => h('tr', null, h('th', {colspan: runs.length + 1}, title));
      const rows = [];
      rows.push(section('Attributes'));
      for (const [label, f] of [['Status', (r) => r.info.status], ['Started', (r) => fmtTime(r.info.start_time)],
        ['User', (r) => r.info.user_id], ['Run ID', (r) => r.info.run_id]]) {
        rows.push(h('tr', null, h('td', null, label), runs.map((r) => h('td', null, f(r)))));
      }
      const paramKeys = [...new Set(runs.flatMap((r) => (r.data.params || []).map((p) => p.key)))].sort();
      const metricKeys = [...new Set(runs.flatMap((r) => (r.data.metrics || []).map((m) => m.key)))].sort();
      rows.push(section(`Parameters (${paramKeys.length}; differing rows highlighted)`));
      for (const k of paramKeys) {
        const vals = runs.map((r) => { const p = (r.data.params || []).find((x) => x.key === k); return p ? p.value : null; });
        const differs = new Set(vals.map((v) => v === null ? '\u0000' : v)).size > 1;
        rows.push(h('tr', {class: differs ? 'diff' : '', dataset: {param: k, differs: differs ? '1' : '0'}},
          h('td', null, k), vals.map((v) => h('td', {title: v || ''}, v === null ? '—' : v))));
      }
      rows.push(section('Metrics (latest)'));
      for (const k of metricKeys) {
        const vals = runs.map((r) => { const m = (r.data.metrics || []).find((x) => x.key === k); return m ? num(m.value) : null; });
        const present = vals.filter((v) => v !== null && Number.isFinite(v));
        const best = present.length ? (lowerIsBetter(k) ? Math.min(...present) : Math.max(...present)) : null;
        rows.push(h('tr', {dataset: {metric: k}}, h('td', null, k), vals.map((v) => h('td', {class: 'num',
          style: v === best && present.length > 1 ? {fontWeight: '700'} : null}, v === null ? '—' : fmtNum(v)))));
      }
      body.append(h('div', {class: 'scroll'}, h('table', {class: 'grid', id: 'compare'}, h('thead', null, head), h('tbody', null, rows))));

      if (metricKeys.length) {
        if (!state.pc || !metricKeys.includes(state.pc)) state.pc = metricKeys[0];
        const pcBox = h('div', {class: 'parcoords', id: 'parcoords'});
        const draw = () => clear(pcBox).append(parallelCoordinates(runs, paramKeys.slice(0, 12), state.pc));
        const sel = h('select', {'aria-label': 'parallel coordinates metric', onchange: () => { state.pc = sel.value; write(); draw(); }},
          metricKeys.map((k) => h('option', {value: k, selected: k === state.pc}, k)));
        body.append(h('h2', null, 'Parameters vs ', sel), pcBox);
        draw();

        body.append(h('h2', null, 'Metrics'), chartControls(state, (o) => { Object.assign(state, o); write(); for (const c of charts) c.set(o); }));
        const grid = h('div', {class: 'cards'});
        body.append(grid);
        const chartRuns = runs.map((r) => ({id: r.info.run_id, name: r.info.run_name || r.info.run_id, start: Number(r.info.start_time)}));
        for (const k of metricKeys) {
          const withKey = chartRuns.filter((cr) => runs.find((r) => r.info.run_id === cr.id).data.metrics.some((m) => m.key === k));
          const box = h('div', {dataset: {chart: k}});
          grid.append(h('div', {class: 'card'}, h('h3', null, k), box));
          const c = new MetricChart(box, withKey, {key: k, x: state.x, log: state.log, smooth: state.smooth, height: 240});
          // Keep colours stable across charts: index by position among all compared runs.
          c.runs = withKey;
          charts.push(c);
          c.load();
        }
      }
      write();
    },
    destroy() { for (const c of charts) c.destroy(); },
  };
}

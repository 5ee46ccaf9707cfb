// A metric chart of one or many runs on uPlot, fed by the downsampled series API.
// x: step | time | relative; y: linear | log; EMA smoothing with the raw line faint behind;
// a min–max band where the server downsampled; drag to zoom (fetches finer data for the range),
// double-click to zoom out; hover shows exact values in the legend; legend items toggle runs.
import uPlot from '../vendor/uplot/uPlot.esm.js';
import {api, num} from './api.js';
import {h, clear, fmtNum, fmtTime, PALETTE} from './dom.js';

const MAX_POINTS = 2000;

function alpha(hex, a) {
  const v = Math.round(a * 255).toString(16).padStart(2, '0');
  return hex + v;
}

/** Exponential moving average with TensorBoard's debiasing; undefined/null values are skipped. */
export function ema(ys, weight) {
  if (!(weight > 0)) return ys;
  const out = new Array(ys.length);
  let last = 0;
  let n = 0;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i];
    if (y === null || y === undefined || !Number.isFinite(y)) { out[i] = y; continue; }
    last = last * weight + (1 - weight) * y;
    n++;
    out[i] = last / (1 - Math.pow(weight, n));
  }
  return out;
}

export class MetricChart {
  /**
   * @param runs [{id, name, start}] (start: run start time, ms, for relative x)
   * @param opts {key, x, log, smooth, height, onRange}
   */
  constructor(container, runs, opts) {
    this.el = container;
    this.runs = runs;
    this.opts = Object.assign({x: 'step', log: false, smooth: 0, height: 240}, opts);
    this.range = opts.range || null; // [min, max] in chart x units, or null for all
    this.hidden = new Set();
    this.plot = null;
    this.seq = 0;
    this.el.classList.add('chart');
    this.el.dataset.ready = '0';
    this.ro = new ResizeObserver(() => {
      if (this.plot && this.el.clientWidth > 0) this.plot.setSize({width: this.el.clientWidth, height: this.opts.height});
    });
    this.ro.observe(this.el);
  }

  destroy() {
    this.ro.disconnect();
    if (this.plot) this.plot.destroy();
    this.plot = null;
  }

  set(opts) {
    const refetch = opts.x !== undefined && opts.x !== this.opts.x;
    Object.assign(this.opts, opts);
    if (refetch) this.range = null;
    if (refetch || !this.fetched) return this.load();
    this.draw();
  }

  /** Chart x units → the API's x units (step, or epoch ms) for one run. */
  toApi(x, run) {
    if (this.opts.x === 'step') return Math.round(x);
    if (this.opts.x === 'time') return Math.round(x * 1000);
    return Math.round(run.start + x * 1000);
  }

  async load() {
    const seq = ++this.seq;
    const t0 = performance.now();
    this.el.dataset.ready = '0';
    const points = Math.max(100, Math.min(MAX_POINTS, Math.round(this.el.clientWidth || 800)));
    const apiX = this.opts.x === 'step' ? 'step' : 'time';
    let series;
    try {
      if (this.range && this.opts.x === 'relative') {
        // Each run has its own start: one request per run for the zoomed range.
        const parts = await Promise.all(this.runs.map((r) => api.series([r.id], this.opts.key, {
          points, x: apiX, from: this.toApi(this.range[0], r), to: this.toApi(this.range[1], r),
        })));
        series = parts.map((p) => p.series[0]);
      } else {
        const r0 = this.runs[0];
        const res = await api.series(this.runs.map((r) => r.id), this.opts.key, {
          points, x: apiX,
          from: this.range ? this.toApi(this.range[0], r0) : undefined,
          to: this.range ? this.toApi(this.range[1], r0) : undefined,
        });
        series = res.series;
      }
    } catch (e) {
      if (seq !== this.seq) return;
      clear(this.el).append(h('div', {class: 'error'}, e.message));
      this.el.dataset.ready = 'error';
      return;
    }
    if (seq !== this.seq) return;
    this.fetched = series;
    this.draw();
    this.el.dataset.loadMs = String(Math.round(performance.now() - t0));
  }

  /** Per run: x values and line/min/max columns in chart units. */
  columns(s, run) {
    const xs = [];
    const ys = [];
    const lo = [];
    const hi = [];
    const conv = this.opts.x === 'step' ? (v) => v
      : this.opts.x === 'time' ? (v) => v / 1000 : (v) => (v - run.start) / 1000;
    const logy = this.opts.log;
    const val = (v) => {
      const n = num(v);
      if (n === null || !Number.isFinite(n)) return null;
      return logy && n <= 0 ? undefined : n;
    };
    const n = s.x_min.length;
    for (let i = 0; i < n; i++) {
      const a = conv(s.x_min[i]);
      const b = conv(s.x_max[i]);
      const mn = val(s.min[i]);
      const mx = val(s.max[i]);
      if (a === b || s.count[i] === 1) {
        xs.push(b); ys.push(val(s.last[i])); lo.push(mn); hi.push(mx);
      } else {
        xs.push(a); ys.push(val(s.first[i])); lo.push(mn); hi.push(mx);
        xs.push(b); ys.push(val(s.last[i])); lo.push(mn); hi.push(mx);
      }
    }
    // Equal x values (two buckets touching) would break uPlot's alignment: nudge is not needed for
    // steps since buckets are disjoint; keep strictly increasing order anyway.
    for (let i = 1; i < xs.length; i++) if (xs[i] <= xs[i - 1]) xs[i] = xs[i - 1] + 1e-9;
    return {xs, ys, lo, hi};
  }

  draw() {
    const fetched = this.fetched || [];
    const o = this.opts;
    const tables = [];
    const seriesCfg = [{label: o.x === 'step' ? 'step' : o.x === 'time' ? 'time' : 'seconds'}];
    const bands = [];
    this.groups = []; // per run: indices of its uPlot series
    let col = 1;
    let anyDownsampled = false;
    let totalPoints = 0;
    fetched.forEach((s, i) => {
      const run = this.runs.find((r) => r.id === s.run_id) || {id: s.run_id, name: s.run_id, start: 0};
      const color = PALETTE[this.runs.indexOf(run) % PALETTE.length];
      const c = this.columns(s, run);
      totalPoints += s.point_count;
      const table = [c.xs, c.ys];
      const group = {run, color, raw: col, smooth: null, band: null};
      const show = !this.hidden.has(run.id);
      seriesCfg.push({label: run.name, stroke: o.smooth > 0 ? alpha(color, 0.28) : color, width: 1, show,
        points: {show: false}, spanGaps: true});
      col++;
      if (s.downsampled) {
        anyDownsampled = true;
        table.push(c.hi, c.lo);
        seriesCfg.push({label: run.name + ' max', stroke: 'transparent', width: 0, show, points: {show: false}, spanGaps: true});
        seriesCfg.push({label: run.name + ' min', stroke: 'transparent', width: 0, show, points: {show: false}, spanGaps: true});
        bands.push({series: [col, col + 1], fill: alpha(color, 0.13)});
        group.band = [col, col + 1];
        col += 2;
      }
      if (o.smooth > 0) {
        table.push(ema(c.ys, o.smooth));
        seriesCfg.push({label: run.name + ' (smoothed)', stroke: color, width: 1.6, show, points: {show: false}, spanGaps: true});
        group.smooth = col;
        col++;
      }
      tables.push(table);
      this.groups.push(group);
    });
    const data = tables.length ? uPlot.join(tables) : [[]];

    if (this.plot) this.plot.destroy();
    clear(this.el);
    const width = this.el.clientWidth || 600;
    const note = h('div', {class: 'note'});
    const holder = h('div');
    this.legend = h('div', {class: 'legend'});
    this.el.append(note, holder, this.legend);
    note.textContent = (anyDownsampled ? `downsampled from ${totalPoints.toLocaleString()} points · band = min–max · ` : '')
      + 'drag to zoom, double-click to reset';

    const self = this;
    const xFmt = o.x === 'time' ? (v) => fmtTime(v * 1000) : (v) => fmtNum(v);
    this.plot = new uPlot({
      width, height: o.height,
      legend: {show: false},
      cursor: {drag: {x: true, y: false, setScale: false}, focus: {prox: 16}},
      scales: {x: {time: o.x === 'time'}, y: o.log ? {distr: 3} : {}},
      axes: [
        {stroke: getComputedStyle(document.body).color, grid: {stroke: 'rgba(128,128,128,.15)'},
          ticks: {stroke: 'rgba(128,128,128,.3)'}},
        {stroke: getComputedStyle(document.body).color, grid: {stroke: 'rgba(128,128,128,.15)'},
          ticks: {stroke: 'rgba(128,128,128,.3)'}, size: 60, values: (u, vals) => vals.map(fmtNum)},
      ],
      series: seriesCfg,
      bands,
      hooks: {
        setCursor: [(u) => self.hover(u, xFmt)],
        setSelect: [(u) => {
          if (u.select.width < 4) return;
          const min = u.posToVal(u.select.left, 'x');
          const max = u.posToVal(u.select.left + u.select.width, 'x');
          u.setSelect({width: 0, height: 0}, false);
          self.zoom([min, max]);
        }],
      },
    }, data, holder);
    // Drag-select zooms through setSelect above (refetching finer data); uPlot's own zoom is off.
    this.plot.over.addEventListener('dblclick', () => this.zoom(null));
    if (this.range) this.plot.setScale('x', {min: this.range[0], max: this.range[1]});
    this.renderLegend();
    this.el.dataset.series = String(fetched.length);
    this.el.dataset.drawn = String(this.groups.filter((g) => !this.hidden.has(g.run.id)).length);
    this.el.dataset.ready = '1';
    this.el.dataset.drawnAt = String(Math.round(performance.now())); // ms since navigation start
  }

  zoom(range) {
    this.range = range;
    if (this.opts.onRange) this.opts.onRange(range);
    this.load();
  }

  renderLegend() {
    clear(this.legend);
    this.legendVals = [];
    for (const g of this.groups) {
      const val = h('span', {class: 'val'});
      const item = h('span', {class: 'item' + (this.hidden.has(g.run.id) ? ' off' : ''), title: 'Click to show or hide',
        dataset: {run: g.run.id}},
      h('span', {class: 'sw', style: {background: g.color}}), h('span', null, g.run.name), val);
      item.addEventListener('click', () => {
        const off = !this.hidden.has(g.run.id);
        if (off) this.hidden.add(g.run.id); else this.hidden.delete(g.run.id);
        item.classList.toggle('off', off);
        for (const idx of [g.raw, g.smooth, ...(g.band || [])]) if (idx) this.plot.setSeries(idx, {show: !off});
        this.el.dataset.drawn = String(this.groups.filter((x) => !this.hidden.has(x.run.id)).length);
      });
      this.legend.append(item);
      this.legendVals.push(val);
    }
  }

  hover(u, xFmt) {
    const idx = u.cursor.idx;
    this.groups.forEach((g, i) => {
      const el = this.legendVals[i];
      if (idx === null || idx === undefined) { el.textContent = ''; return; }
      const y = u.data[g.smooth || g.raw][idx];
      const raw = u.data[g.raw][idx];
      if (y === undefined || y === null) { el.textContent = ''; return; }
      let t = ` ${fmtNum(y)}`;
      if (g.smooth && raw !== undefined && raw !== null) t += ` (raw ${fmtNum(raw)})`;
      if (g.band) {
        const mx = u.data[g.band[0]][idx];
        const mn = u.data[g.band[1]][idx];
        if (mx !== undefined && mn !== undefined && mx !== mn) t += ` [${fmtNum(mn)} … ${fmtNum(mx)}]`;
      }
      el.textContent = t + ` @ ${xFmt(u.data[0][idx])}`;
    });
  }
}

/** The x / y / smoothing controls shared by every chart of a page; calls onChange(newOpts). */
export function chartControls(opts, onChange) {
  const xSel = h('select', {'aria-label': 'x axis', dataset: {ctl: 'x'}, onchange: () => onChange({x: xSel.value})},
    h('option', {value: 'step', selected: opts.x === 'step'}, 'step'),
    h('option', {value: 'time', selected: opts.x === 'time'}, 'wall time'),
    h('option', {value: 'relative', selected: opts.x === 'relative'}, 'relative time'));
  const log = h('input', {type: 'checkbox', checked: !!opts.log, dataset: {ctl: 'log'}, onchange: () => onChange({log: log.checked})});
  const out = h('span', {class: 'muted'}, String(opts.smooth || 0));
  const smooth = h('input', {type: 'range', min: 0, max: 0.99, step: 0.01, value: opts.smooth || 0, dataset: {ctl: 'smooth'},
    oninput: () => { out.textContent = smooth.value; onChange({smooth: Number(smooth.value)}); }});
  return h('div', {class: 'chart-opts'},
    h('label', null, 'x-axis ', xSel),
    h('label', null, log, ' log y'),
    h('label', null, 'smoothing ', smooth, out));
}

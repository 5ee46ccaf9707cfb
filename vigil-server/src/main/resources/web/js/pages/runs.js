// Runs of one experiment: a server-paginated table (page_token), sortable via order_by, a column
// chooser, a filter box in MLflow's search grammar (server errors shown inline), run selection for
// compare, and a chart of one metric for the selected runs (or the first runs of the page).
import {api} from '../api.js';
import {h, clear, fmtNum, fmtTime, fmtDuration} from '../dom.js';
import {link, list, replaceParams} from '../state.js';
import {MetricChart, chartControls} from '../chart.js';
import {howToLogARun} from './experiments.js';

const ATTRS = [
  {id: 'a:name', label: 'Run name', order: 'attributes.run_name'},
  {id: 'a:status', label: 'Status', order: 'attributes.status'},
  {id: 'a:start', label: 'Started', order: 'attributes.start_time'},
  {id: 'a:duration', label: 'Duration', order: null},
  {id: 'a:user', label: 'User', order: 'attributes.user_id'},
];
const DEFAULT_ATTRS = ['a:name', 'a:status', 'a:start', 'a:duration'];
const bq = (k) => '`' + k.replace(/`/g, '') + '`';

function colOrder(id) {
  const a = ATTRS.find((x) => x.id === id);
  if (a) return a.order;
  const [kind, ...rest] = id.split(':');
  const key = rest.join(':');
  return (kind === 'p' ? 'params.' : 'metrics.') + bq(key);
}

export function runsPage(experimentId) {
  let root;
  let state; // from the URL
  let tokens = [null]; // page tokens: tokens[i] opens page i
  let pageIndex = 0;
  let runs = [];
  let known = {p: new Set(), m: new Set()};
  let tableBox, pagerBox, errBox, chartBox, chart, compareBtn, colsMenu, filterInput, countLabel;
  let exp = null;
  let seq = 0;

  function readState(params) {
    return {
      filter: params.get('filter') || '',
      order: params.get('order') || 'attributes.start_time DESC',
      cols: params.has('cols') ? list(params, 'cols') : null,
      sel: list(params, 'sel'),
      size: Number(params.get('size')) || 100,
      metric: params.get('metric') || '',
      x: params.get('x') || 'step',
      log: params.get('log') === '1',
      smooth: Number(params.get('smooth')) || 0,
    };
  }

  function writeState() {
    replaceParams({
      filter: state.filter, order: state.order === 'attributes.start_time DESC' ? '' : state.order,
      cols: state.cols, sel: state.sel, size: state.size === 100 ? '' : state.size, metric: state.metric,
      x: state.x === 'step' ? '' : state.x, log: state.log ? '1' : '', smooth: state.smooth || '',
    });
  }

  function columns() {
    if (state.cols) return state.cols;
    // Default: attributes, the first params and every metric of the page (up to a few).
    return [...DEFAULT_ATTRS, ...[...known.p].slice(0, 4).map((k) => 'p:' + k), ...[...known.m].slice(0, 6).map((k) => 'm:' + k)];
  }

  async function loadPage(index) {
    const my = ++seq;
    errBox.hidden = true;
    const t0 = performance.now();
    tableBox.dataset.ready = '0';
    if (!runs.length) clear(tableBox).append(h('p', {class: 'muted'}, 'Loading runs…'));
    let res;
    try {
      res = await api.searchRuns([experimentId], {filter: state.filter, orderBy: state.order, maxResults: state.size,
        pageToken: tokens[index]});
    } catch (e) {
      if (my !== seq) return;
      errBox.hidden = false;
      // A bad filter is the usual cause; a denied or failed search is said as it is.
      clear(errBox).append(e.code === 'INVALID_PARAMETER_VALUE' ? h('strong', null, 'Filter error: ') : null, e.message);
      errBox.dataset.code = e.code || '';
      tableBox.dataset.ready = 'error';
      if (!runs.length) clear(tableBox);
      return;
    }
    if (my !== seq) return;
    pageIndex = index;
    tokens = tokens.slice(0, index + 1);
    if (res.next_page_token) tokens.push(res.next_page_token);
    runs = res.runs || [];
    for (const r of runs) {
      for (const p of r.data.params || []) known.p.add(p.key);
      for (const m of r.data.metrics || []) known.m.add(m.key);
    }
    renderTable();
    renderPager();
    tableBox.dataset.ready = '1';
    tableBox.dataset.loadMs = String(Math.round(performance.now() - t0));
    tableBox.dataset.shownAt = String(Math.round(performance.now())); // ms since navigation start
    renderChart();
  }

  function cell(run, id) {
    const info = run.info;
    switch (id) {
      case 'a:name': return h('td', null, h('a', {href: link('/runs/' + encodeURIComponent(info.run_id)), class: 'run-name'},
        info.run_name || info.run_id));
      case 'a:status': return h('td', {class: 'status-' + info.status}, info.status);
      case 'a:start': return h('td', null, fmtTime(info.start_time));
      case 'a:duration': return h('td', {class: 'num'}, fmtDuration(info.start_time, info.end_time));
      case 'a:user': return h('td', null, info.user_id);
      default: {
        const [kind, ...rest] = id.split(':');
        const key = rest.join(':');
        if (kind === 'p') {
          const p = (run.data.params || []).find((x) => x.key === key);
          return h('td', {title: p ? p.value : ''}, p ? p.value : '');
        }
        const m = (run.data.metrics || []).find((x) => x.key === key);
        return h('td', {class: 'num', title: m ? `step ${m.step}` : ''}, m ? fmtNum(m.value) : '');
      }
    }
  }

  function header(id) {
    const a = ATTRS.find((x) => x.id === id);
    const [kind, ...rest] = id.split(':');
    const label = a ? a.label : rest.join(':');
    const order = colOrder(id);
    let arrow = '';
    if (order && state.order.startsWith(order + ' ')) arrow = state.order.endsWith('DESC') ? ' ▼' : ' ▲';
    const th = h('th', {class: (order ? 'sortable ' : '') + (kind === 'm' || id === 'a:duration' ? 'num' : ''),
      dataset: {col: id}, title: order ? 'Sort by ' + label : ''},
    a ? null : h('span', {class: 'grp'}, kind === 'p' ? 'param' : 'metric'), label + arrow);
    if (order) {
      th.addEventListener('click', () => {
        const desc = state.order === order + ' DESC';
        state.order = order + (desc ? ' ASC' : ' DESC');
        writeState();
        tokens = [null];
        loadPage(0);
      });
    }
    return th;
  }

  function renderTable() {
    const cols = columns();
    if (runs.length === 0) {
      clear(tableBox);
      if (!state.filter) tableBox.append(howToLogARun());
      else tableBox.append(h('p', {class: 'muted'}, 'No run matches this filter.'));
      return;
    }
    const allBox = h('input', {type: 'checkbox', 'aria-label': 'Select all on this page',
      checked: runs.every((r) => state.sel.includes(r.info.run_id)),
      onchange: () => {
        for (const r of runs) {
          const id = r.info.run_id;
          const i = state.sel.indexOf(id);
          if (allBox.checked && i < 0) state.sel.push(id);
          if (!allBox.checked && i >= 0) state.sel.splice(i, 1);
        }
        selectionChanged();
        renderTable();
      }});
    const rows = runs.map((r) => {
      const id = r.info.run_id;
      const box = h('input', {type: 'checkbox', checked: state.sel.includes(id), 'aria-label': 'Select run', dataset: {select: id},
        onchange: () => {
          const i = state.sel.indexOf(id);
          if (box.checked && i < 0) state.sel.push(id);
          if (!box.checked && i >= 0) state.sel.splice(i, 1);
          selectionChanged();
        }});
      return h('tr', {dataset: {run: id}}, h('td', null, box), cols.map((c) => cell(r, c)));
    });
    clear(tableBox).append(h('div', {class: 'scroll'}, h('table', {class: 'grid', id: 'runs'},
      h('thead', null, h('tr', null, h('th', null, allBox), cols.map(header))), h('tbody', null, rows))));
  }

  function renderPager() {
    const first = pageIndex * state.size + 1;
    clear(pagerBox).append(
      h('button', {type: 'button', disabled: pageIndex === 0, onclick: () => loadPage(pageIndex - 1), dataset: {page: 'prev'}}, '‹ Previous'),
      h('span', {class: 'muted'}, runs.length ? `runs ${first}–${first + runs.length - 1}` : ''),
      h('button', {type: 'button', disabled: tokens.length <= pageIndex + 1, onclick: () => loadPage(pageIndex + 1), dataset: {page: 'next'}}, 'Next ›'),
      h('label', {class: 'muted'}, ' per page ', h('select', {onchange: (e) => { state.size = Number(e.target.value); writeState(); tokens = [null]; loadPage(0); }},
        [50, 100, 250, 500, 1000].map((n) => h('option', {value: n, selected: n === state.size}, String(n))))));
  }

  function selectionChanged() {
    writeState();
    compareBtn.textContent = `Compare ${state.sel.length} selected`;
    compareBtn.disabled = state.sel.length < 2;
    countLabel.textContent = state.sel.length ? `${state.sel.length} selected` : '';
    renderChart();
  }

  function chartRuns() {
    const byId = new Map(runs.map((r) => [r.info.run_id, r]));
    const ids = state.sel.length ? state.sel.slice(0, 50) : runs.slice(0, 10).map((r) => r.info.run_id);
    return ids.map((id) => {
      const r = byId.get(id);
      return {id, name: r ? (r.info.run_name || id) : id.slice(0, 8), start: r ? Number(r.info.start_time) : 0};
    });
  }

  function renderChart() {
    if (chart) { chart.destroy(); chart = null; }
    clear(chartBox);
    const keys = [...known.m].sort();
    if (!keys.length || !runs.length) return;
    if (!state.metric || !keys.includes(state.metric)) state.metric = keys[0];
    const sel = h('select', {'aria-label': 'metric', dataset: {ctl: 'metric'}, onchange: () => { state.metric = sel.value; writeState(); renderChart(); }},
      keys.map((k) => h('option', {value: k, selected: k === state.metric}, k)));
    const crs = chartRuns();
    const box = h('div', {id: 'runs-chart'});
    chartBox.append(h('h2', null, 'Chart ', sel, h('span', {class: 'muted'},
      state.sel.length ? ` · ${crs.length} selected runs` : ` · first ${crs.length} runs of this page (select runs to choose)`)),
    chartControls(state, (o) => { Object.assign(state, o); writeState(); chart.set(o); }), box);
    chart = new MetricChart(box, crs, {key: state.metric, x: state.x, log: state.log, smooth: state.smooth, height: 280});
    chart.load();
  }

  function renderColsMenu() {
    const cols = columns();
    const all = [...ATTRS.map((a) => [a.id, a.label]), ...[...known.p].sort().map((k) => ['p:' + k, 'param ' + k]),
      ...[...known.m].sort().map((k) => ['m:' + k, 'metric ' + k])];
    clear(colsMenu).append(all.map(([id, label]) => h('label', null,
      h('input', {type: 'checkbox', checked: cols.includes(id), dataset: {col: id}, onchange: (e) => {
        const now = columns().slice();
        if (e.target.checked) now.push(id); else now.splice(now.indexOf(id), 1);
        state.cols = now;
        writeState();
        renderTable();
      }}), ' ', label)));
  }

  return {
    async render(el, params) {
      root = el;
      state = readState(params);
      filterInput = h('input', {class: 'filter', type: 'text', value: state.filter, id: 'filter', spellcheck: 'false',
        placeholder: "Filter, e.g.  metrics.loss < 0.5 and params.lr = '0.01' and attributes.status = 'FINISHED'",
        'aria-label': 'Filter runs', onkeydown: (e) => { if (e.key === 'Enter') applyFilter(); }});
      const applyFilter = () => { state.filter = filterInput.value.trim(); writeState(); tokens = [null]; loadPage(0); };
      errBox = h('div', {class: 'error', id: 'filter-error', hidden: true, role: 'alert'});
      compareBtn = h('button', {type: 'button', class: 'primary', id: 'compare', disabled: true,
        onclick: () => { location.hash = link('/compare', {runs: state.sel, exp: experimentId}); }}, 'Compare');
      countLabel = h('span', {class: 'muted'});
      colsMenu = h('div', {class: 'menu', hidden: true});
      const colsBtn = h('button', {type: 'button', id: 'columns', onclick: () => { colsMenu.hidden = !colsMenu.hidden; if (!colsMenu.hidden) renderColsMenu(); }}, 'Columns ▾');
      tableBox = h('div', {id: 'runs-box'});
      pagerBox = h('div', {class: 'pager'});
      chartBox = h('div', {class: 'card'});
      const title = h('h1', null, 'Experiment ' + experimentId);
      const crumbs = h('div', {class: 'crumbs'}, h('a', {href: '#/'}, 'Experiments'), ' / ');
      root.append(crumbs, title,
        h('div', {class: 'toolbar'}, filterInput, h('button', {type: 'button', onclick: applyFilter}, 'Apply'),
          h('span', {class: 'cols'}, colsBtn, colsMenu), compareBtn, countLabel),
        errBox, tableBox, pagerBox, chartBox);
      selectionChanged();
      api.getExperiment(experimentId).then((r) => { exp = r.experiment; title.textContent = exp.name; })
        .catch((e) => {
          title.textContent = 'Experiment ' + experimentId;
          if (e.status === 403) {
            // Not readable: the permission message alone, not an empty table and how to log a run.
            seq++;
            if (chart) chart.destroy();
            chart = null;
            clear(root).append(crumbs, title, h('div', {class: 'error', role: 'alert', id: 'denied'}, e.message));
            return;
          }
          errBox.hidden = false;
          clear(errBox).append(e.message);
        });
      loadPage(0);
    },
    update(params) {
      const next = readState(params);
      const reload = next.filter !== state.filter || next.order !== state.order || next.size !== state.size;
      state = next;
      filterInput.value = state.filter;
      if (reload) { tokens = [null]; loadPage(0); } else { renderTable(); selectionChanged(); }
    },
    destroy() { if (chart) chart.destroy(); },
  };
}

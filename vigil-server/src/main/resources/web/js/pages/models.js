// The model registry: every registered model, and one model's versions (with the key metrics of
// their runs, aliases, stage and gate result), current aliases and alias history.
import {api} from '../api.js';
import {h, clear, fmtAgo, fmtNum, fmtTime} from '../dom.js';
import {link} from '../state.js';

const MAX_METRICS = 6;

function howToRegister() {
  const origin = location.origin;
  return h('div', {class: 'empty', id: 'models-empty'},
    h('h2', null, 'No registered models yet — here is how to register one'),
    h('p', null, 'Register a logged run\'s model with any MLflow client pointed at this server, for example with Python:'),
    h('pre', null, `export MLFLOW_TRACKING_URI=${origin}
python -c "import mlflow; mlflow.register_model('runs:/<run_id>/model', 'churn')"`),
    h('p', null, 'or with Vigil\'s command line:'),
    h('pre', null, `vigil models register churn --source "runs:/<run_id>/model" --run-id <run_id> --tracking-uri ${origin}`),
    h('p', {class: 'muted'}, 'Refresh this page when the model is registered.'));
}

const modelLink = (name) => link('/models/' + encodeURIComponent(name));

function aliasPills(aliases) {
  return (aliases || []).map((a) => h('span', {class: 'pill', dataset: {alias: a.alias}}, `@${a.alias} → v${a.version}`));
}

function latestVersion(m) {
  let best = null;
  for (const v of m.latest_versions || []) if (best === null || Number(v.version) > Number(best)) best = v.version;
  return best;
}

export function modelsPage() {
  let body;
  async function load() {
    clear(body).append(h('p', {class: 'muted'}, 'Loading models…'));
    const models = [];
    try {
      let token;
      do {
        const res = await api.searchRegisteredModels(token);
        models.push(...(res.registered_models || []));
        token = res.next_page_token;
      } while (token);
    } catch (e) {
      clear(body).append(h('div', {class: 'error'}, e.message));
      return;
    }
    clear(body);
    if (models.length === 0) {
      body.append(howToRegister());
      return;
    }
    const rows = models.map((m) => {
      const latest = latestVersion(m);
      return h('tr', {dataset: {model: m.name}},
        h('td', null, h('a', {href: modelLink(m.name)}, m.name)),
        h('td', {class: 'num'}, latest === null ? '—' : 'v' + latest),
        h('td', null, aliasPills(m.aliases)),
        h('td', {class: 'muted', title: m.description || ''}, m.description || ''),
        h('td', {title: fmtTime(m.last_updated_timestamp)}, fmtAgo(m.last_updated_timestamp)));
    });
    body.append(h('div', {class: 'scroll'}, h('table', {class: 'grid', id: 'models'},
      h('thead', null, h('tr', null, h('th', null, 'Name'), h('th', {class: 'num'}, 'Latest version'), h('th', null, 'Aliases'),
        h('th', null, 'Description'), h('th', null, 'Last updated'))),
      h('tbody', null, rows))));
  }
  return {
    render(root) {
      body = h('div');
      root.append(h('h1', null, 'Model registry'), body);
      load();
    },
    update() { load(); },
  };
}

function quote(s) {
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}

function tag(v, key) {
  const t = (v.tags || []).find((x) => x.key === key);
  return t ? t.value : null;
}

export function modelPage(name) {
  let root;
  let live = true;
  return {
    async render(el) {
      root = h('div', {id: 'model-page'}, h('p', {class: 'muted'}, 'Loading model…'));
      el.append(root);
      let model, versions, moves;
      try {
        const [m, hist] = await Promise.all([api.getRegisteredModel(name), api.aliasHistory(name)]);
        model = m.registered_model;
        moves = hist.moves || [];
        versions = [];
        let token;
        do {
          const res = await api.searchModelVersions('name = ' + quote(name), token);
          versions.push(...(res.model_versions || []));
          token = res.next_page_token;
        } while (token);
      } catch (e) {
        if (!live) return;
        clear(root).append(h('div', {class: 'crumbs'}, h('a', {href: '#/models'}, 'Models'), ' / '),
          h('h1', null, name), h('div', {class: 'error'}, e.message));
        return;
      }
      versions.sort((a, b) => Number(b.version) - Number(a.version));
      // The runs behind the versions, for their latest metric values; a deleted run just shows no metrics.
      const runIds = [...new Set(versions.map((v) => v.run_id).filter(Boolean))];
      const runs = new Map();
      await Promise.all(runIds.map(async (id) => {
        try { runs.set(id, (await api.getRun(id)).run); } catch (e) { /* run gone: no metrics */ }
      }));
      if (!live) return;
      const keys = [];
      for (const v of versions) {
        const r = runs.get(v.run_id);
        for (const m of (r && r.data.metrics) || []) if (!keys.includes(m.key)) keys.push(m.key);
      }
      keys.sort();
      const shown = keys.slice(0, MAX_METRICS);

      clear(root);
      root.append(h('div', {class: 'crumbs'}, h('a', {href: '#/models'}, 'Models'), ' / '),
        h('h1', {id: 'model-name'}, model.name));
      if (model.description) root.append(h('p', {class: 'model-desc', id: 'model-description'}, model.description));

      // Versions
      const vrows = versions.map((v) => {
        const r = runs.get(v.run_id);
        const latest = new Map(((r && r.data.metrics) || []).map((m) => [m.key, m.value]));
        const gate = tag(v, 'vigil.gate');
        const runName = r && r.info.run_name;
        return h('tr', {dataset: {version: v.version}},
          h('td', {class: 'num'}, 'v' + v.version),
          h('td', null, v.run_id ? h('a', {href: link('/runs/' + encodeURIComponent(v.run_id)), title: v.run_id, dataset: {run: v.run_id}},
            runName || v.run_id.slice(0, 8)) : h('span', {class: 'muted'}, '—')),
          shown.map((k) => h('td', {class: 'num', dataset: {metric: k}}, latest.has(k) ? fmtNum(latest.get(k)) : '')),
          h('td', null, (v.aliases || []).map((a) => h('span', {class: 'pill'}, '@' + a))),
          h('td', null, v.current_stage || 'None'),
          h('td', {dataset: {gate: gate || ''}}, gate ? h('span', {class: 'gate-' + gate}, gate) : h('span', {class: 'muted'}, '—')),
          h('td', {title: fmtTime(v.creation_timestamp)}, fmtAgo(v.creation_timestamp)),
          h('td', {class: 'muted', title: v.source}, v.source || ''));
      });
      root.append(h('h2', null, `Versions (${versions.length})`));
      if (keys.length > shown.length) {
        root.append(h('p', {class: 'muted'}, `Showing ${shown.length} of ${keys.length} metrics (latest values of each version's run).`));
      }
      root.append(versions.length === 0
        ? h('p', {class: 'muted'}, 'No versions yet.')
        : h('div', {class: 'scroll'}, h('table', {class: 'grid', id: 'versions'},
          h('thead', null, h('tr', null, h('th', {class: 'num'}, 'Version'), h('th', null, 'Run'),
            shown.map((k) => h('th', {class: 'num', dataset: {metric: k}}, k)),
            h('th', null, 'Aliases'), h('th', null, 'Stage'), h('th', null, 'Gate'), h('th', null, 'Created'), h('th', null, 'Source'))),
          h('tbody', null, vrows))));

      // Current aliases
      root.append(h('h2', null, 'Aliases'));
      const aliases = model.aliases || [];
      root.append(aliases.length === 0
        ? h('p', {class: 'muted', id: 'aliases'}, 'No aliases set.')
        : h('div', {id: 'aliases'}, aliasPills(aliases)));

      // Alias history, newest first
      root.append(h('h2', null, 'Alias history'));
      const hrows = moves.slice().reverse().map((m) => h('tr', {dataset: {move: String(m.id), alias: m.alias}},
        h('td', {title: fmtTime(m.moved_at)}, fmtTime(m.moved_at)),
        h('td', null, '@' + m.alias),
        h('td', null, `${m.from_version === null ? '—' : 'v' + m.from_version} → ${m.to_version === null ? '—' : 'v' + m.to_version}`),
        h('td', null, m.kind),
        h('td', null, m.moved_by || ''),
        h('td', {title: m.reason || ''}, m.reason || '')));
      root.append(moves.length === 0
        ? h('p', {class: 'muted', id: 'alias-history'}, 'No alias has been set yet.')
        : h('div', {class: 'scroll'}, h('table', {class: 'grid', id: 'alias-history'},
          h('thead', null, h('tr', null, h('th', null, 'When'), h('th', null, 'Alias'), h('th', null, 'From → to'),
            h('th', null, 'Kind'), h('th', null, 'By'), h('th', null, 'Reason'))),
          h('tbody', null, hrows))));
      root.dataset.ready = '1';
    },
    destroy() { live = false; },
  };
}

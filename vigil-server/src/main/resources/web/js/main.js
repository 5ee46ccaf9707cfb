import {parseHash} from './state.js';
import {clear, h} from './dom.js';
import {experimentsPage} from './pages/experiments.js';
import {runsPage} from './pages/runs.js';
import {runPage} from './pages/run.js';
import {comparePage} from './pages/compare.js';
import {modelsPage, modelPage} from './pages/models.js';
import {monitoringPage, monitorPage} from './pages/monitoring.js';

const app = document.getElementById('app');
let current = null; // {key, page} — the page handles param-only changes itself

function placeholder(title, text) {
  return {render(el) {
    el.append(h('div', {class: 'placeholder'}, h('h1', null, title), h('p', {class: 'muted'}, text)));
  }};
}

function route() {
  const {path, params} = parseHash();
  let key;
  let make;
  let nav = 'experiments';
  if (path.length === 0) { key = 'experiments'; make = () => experimentsPage(); }
  else if (path[0] === 'experiments' && path[1]) { key = 'runs:' + path[1]; make = () => runsPage(path[1]); }
  else if (path[0] === 'runs' && path[1]) { key = 'run:' + path[1]; make = () => runPage(path[1]); }
  else if (path[0] === 'compare') { key = 'compare'; make = () => comparePage(); }
  else if (path[0] === 'models' && path[1]) { key = 'model:' + path[1]; nav = 'models'; make = () => modelPage(path[1]); }
  else if (path[0] === 'models') { key = 'models'; nav = 'models'; make = () => modelsPage(); }
  else if (path[0] === 'monitoring') {
    nav = 'monitoring';
    if (path[1]) { key = 'monitor:' + path[1]; make = () => monitorPage(path[1]); }
    else { key = 'monitoring'; make = () => monitoringPage(); }
  } else { key = 'notfound'; make = () => placeholder('Not found', 'No page at this address. Go back to the experiments list.'); }
  for (const a of document.querySelectorAll('[data-nav]')) a.classList.toggle('active', a.dataset.nav === nav);

  if (current && current.key === key && current.page.update) {
    current.page.update(params);
    return;
  }
  if (current && current.page.destroy) current.page.destroy();
  clear(app);
  const page = make();
  current = {key, page};
  page.render(app, params);
}

document.getElementById('theme').addEventListener('click', () => {
  const t = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = t;
  try { localStorage.setItem('vigil.theme', t); } catch (e) { /* private mode */ }
  // Charts read colours when drawn: re-render the page.
  if (current && current.page.destroy) current.page.destroy();
  current = null;
  route();
});

// Non-hash deep links (served by the SPA fallback) become hash routes.
if (location.pathname !== '/' && !location.hash) {
  history.replaceState(null, '', '/#' + location.pathname + location.search);
}
window.addEventListener('hashchange', route);
route();

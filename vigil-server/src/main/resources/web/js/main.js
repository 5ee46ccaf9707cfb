import {parseHash} from './state.js';
import {clear, h} from './dom.js';
import {ApiError, whenUnauthorized} from './api.js';
import * as session from './session.js';
import {loginForm} from './login.js';
import {experimentsPage} from './pages/experiments.js';
import {runsPage} from './pages/runs.js';
import {runPage} from './pages/run.js';
import {comparePage} from './pages/compare.js';
import {modelsPage, modelPage} from './pages/models.js';
import {monitoringPage, monitorPage} from './pages/monitoring.js';

const app = document.getElementById('app');
const login = document.getElementById('login');
let current = null; // {key, page} — the page handles param-only changes itself

function placeholder(title, text) {
  return {render(el) {
    el.append(h('div', {class: 'placeholder'}, h('h1', null, title), h('p', {class: 'muted'}, text)));
  }};
}

function route() {
  if (!login.hidden) return; // the page opens after sign-in, at the address then current
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

// ------------------------------------------------------------------ sign-in (server with --auth)

function showUser() {
  const s = session.current();
  document.getElementById('user').hidden = !s;
  document.getElementById('user-name').textContent = s ? s.username + (s.admin ? ' (admin)' : '') : '';
}

/** Replaces the page with the sign-in form; the hash stays, so the same view opens after sign-in. */
function showLogin() {
  showUser();
  if (!login.hidden) return;
  if (current && current.page.destroy) current.page.destroy();
  current = null;
  clear(app);
  app.hidden = true; // a page's late error lands here unseen
  const form = loginForm(() => {
    clear(login);
    login.hidden = true;
    app.hidden = false;
    showUser();
    route();
  });
  login.append(form.el);
  login.hidden = false;
  form.focus();
}

whenUnauthorized(showLogin);
document.getElementById('sign-out').addEventListener('click', () => {
  session.forget();
  showLogin();
});

// A failed call no page caught (a 403 on a secondary request, say) is shown, never a blank page.
window.addEventListener('unhandledrejection', (ev) => {
  if (!(ev.reason instanceof ApiError)) return;
  ev.preventDefault();
  if (ev.reason.status === 401) return; // the sign-in form is up
  const old = document.getElementById('page-error');
  if (old) old.remove();
  app.prepend(h('div', {class: 'error', id: 'page-error', role: 'alert', dataset: {code: ev.reason.code}}, ev.reason.message));
});

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
showUser();
route();

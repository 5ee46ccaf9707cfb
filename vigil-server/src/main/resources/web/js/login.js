// The sign-in form shown when the server runs with --auth and the dashboard has no valid credentials:
// a username and password, or a pasted API token. The credentials are checked with GET
// /api/vigil/whoami before they are kept (session.js).
import {api, ApiError} from './api.js';
import * as session from './session.js';
import {h} from './dom.js';

/** The form; onSignedIn() runs once the credentials are verified and saved. */
export function loginForm(onSignedIn) {
  let mode = 'password';
  const username = h('input', {id: 'login-username', name: 'username', autocomplete: 'username', required: true});
  const password = h('input', {id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true});
  const token = h('input', {id: 'login-token', name: 'token', type: 'password', autocomplete: 'off', placeholder: 'vgl_…',
    spellcheck: 'false'});
  const withPassword = h('div', {class: 'login-fields', dataset: {mode: 'password'}},
    h('label', null, 'Username', username), h('label', null, 'Password', password));
  const withToken = h('div', {class: 'login-fields', dataset: {mode: 'token'}, hidden: true},
    h('label', null, 'API token', token),
    h('p', {class: 'muted'}, 'Create one with `vigil tokens create` or POST /api/vigil/tokens.'));
  const error = h('div', {class: 'error', id: 'login-error', role: 'alert', hidden: true});
  const submit = h('button', {class: 'primary', type: 'submit', id: 'login-submit'}, 'Sign in');
  const switcher = h('button', {type: 'button', class: 'ghost', id: 'login-switch', onclick: () => setMode(mode === 'password' ? 'token' : 'password')});

  function setMode(m) {
    mode = m;
    withPassword.hidden = m !== 'password';
    withToken.hidden = m !== 'token';
    // Hidden required fields would block the submit.
    username.required = password.required = m === 'password';
    token.required = m === 'token';
    switcher.textContent = m === 'password' ? 'Use an API token instead' : 'Use a username and password instead';
    error.hidden = true;
    (m === 'password' ? username : token).focus();
  }

  async function signIn(ev) {
    ev.preventDefault();
    error.hidden = true;
    const authorization = mode === 'password' ? session.basicHeader(username.value.trim(), password.value)
      : session.bearerHeader(token.value);
    submit.disabled = true;
    try {
      const me = await api.whoami(authorization);
      session.save(authorization, me.username, me.is_admin);
      password.value = '';
      token.value = '';
      onSignedIn();
    } catch (e) {
      error.textContent = !(e instanceof ApiError) ? `Cannot sign in: ${e.message}`
        : e.status !== 401 ? e.message
          : mode === 'password' ? 'Wrong username or password.' : 'This token is not valid (mistyped, expired or revoked).';
      error.hidden = false;
      if (mode === 'password') password.select(); else token.select();
    } finally {
      submit.disabled = false;
    }
  }

  const form = h('form', {id: 'login-form', class: 'login card', onsubmit: signIn},
    h('h1', null, 'Sign in to Vigil'),
    h('p', {class: 'muted'}, 'This server requires authentication.'),
    withPassword, withToken, error,
    h('div', {class: 'toolbar'}, submit, switcher));
  return {
    el: form,
    focus: () => setMode(mode),
  };
}

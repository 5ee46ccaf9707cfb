// The dashboard's credentials when the server runs with --auth: the Authorization header value it
// sends on every API call, and who that is. Kept in sessionStorage, not localStorage: it lives only as
// long as the tab, is not shared with other tabs and is gone when the browser closes, so a password
// (a Basic header is only base64) or token does not stay behind on a shared machine.
const KEY = 'vigil.session';

/** {authorization, username, admin}, or null when not signed in. */
export function current() {
  try {
    const s = sessionStorage.getItem(KEY);
    return s ? JSON.parse(s) : null;
  } catch (e) {
    return null; // storage disabled or a damaged entry: not signed in
  }
}

export function save(authorization, username, admin) {
  sessionStorage.setItem(KEY, JSON.stringify({authorization, username, admin: !!admin}));
}

export function forget() {
  try { sessionStorage.removeItem(KEY); } catch (e) { /* storage disabled */ }
}

/** HTTP Basic for a username and password, UTF-8 encoded (btoa alone only takes Latin-1). */
export function basicHeader(username, password) {
  let bin = '';
  for (const b of new TextEncoder().encode(username + ':' + password)) bin += String.fromCharCode(b);
  return 'Basic ' + btoa(bin);
}

/** Bearer for a pasted API token, with or without a leading "Bearer ". */
export function bearerHeader(token) {
  return 'Bearer ' + token.trim().replace(/^bearer\s+/i, '');
}

// The console's shell: who is signed in, the hash router, sign-in and sign-out.
import { api, ApiError, get } from './api.js';
import { h, notice, page } from './dom.js';
import { showsPage } from './pages/shows.js';
import { runPage } from './pages/run.js';
import { historyPage } from './pages/history.js';
import { personPage } from './pages/person.js';
import { castPage } from './pages/cast.js';

const routes = [
  [/^#\/(?:shows)?$/, () => showsPage()],
  [/^#\/runs\/([0-9a-f-]{36})$/, (m) => runPage(m[1])],
  [/^#\/shows\/([^/?]+)\/history(?:\?before=([0-9a-f-]{36}))?$/, (m) => historyPage(decodeURIComponent(m[1]), m[2])],
  [/^#\/shows\/([^/?]+)\/cast$/, (m) => castPage(decodeURIComponent(m[1]))],
  [/^#\/people\/([0-9a-f-]{36})$/, (m) => personPage(m[1])],
];

let operator = null;
let cleanup = null;

async function whoIsSignedIn() {
  try {
    operator = (await get('/console/session')).operator;
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) {
      throw e;
    }
    operator = null;
  }
  document.getElementById('nav').hidden = operator === null;
  document.getElementById('who').textContent = operator ? `Signed in as ${operator}` : '';
}

async function render() {
  const hash = location.hash || '#/';
  if (!hash.startsWith('#/')) {
    return; // an in-page anchor (the skip link)
  }
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  notice('');
  const link = hash.match(/^#\/link\/([A-Za-z0-9_-]+)$/);
  if (link) {
    linkPage(link[1]);
    return;
  }
  if (operator === null) {
    signInPage();
    return;
  }
  const route = routes.find(([pattern]) => pattern.test(hash));
  if (!route) {
    page('Not found', h('p', {}, 'No such page. ', h('a', { href: '#/shows' }, 'Back to the shows')));
    return;
  }
  try {
    cleanup = (await route[1](hash.match(route[0]))) || null;
  } catch (e) {
    await failed(e);
  }
}

/** A page's request failed: back to signing in when the session ended, else say what went wrong. */
export async function failed(e) {
  if (e instanceof ApiError && e.signedOut) {
    operator = null;
    document.getElementById('nav').hidden = true;
    signInPage('Your session has ended. Sign in again.');
    return;
  }
  page('Something went wrong', h('p', { class: 'error', role: 'alert' },
    e instanceof ApiError && e.code ? `${e.code}: ${e.message}` : String(e.message || e)));
}

function signInPage(message) {
  const error = h('p', { class: 'error', role: 'alert', hidden: !message }, message || '');
  const name = h('input', { id: 'sign-in-name', name: 'name', autocomplete: 'username', required: true,
    autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { id: 'sign-in-password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'stack narrow', id: 'sign-in' },
    h('div', { class: 'field' }, h('label', { for: 'sign-in-name' }, 'Operator name'), name),
    h('div', { class: 'field' }, h('label', { for: 'sign-in-password' }, 'Password'), password),
    button, error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    error.hidden = true;
    try {
      await api('POST', '/console/sign-in', { name: name.value, password: password.value });
      password.value = '';
      await whoIsSignedIn();
      await render();
    } catch (e) {
      error.textContent = e.status === 429 ? 'Too many failed sign-ins. Wait a minute, then try again.'
        : e.status === 401 ? 'Wrong operator name or password.' : `Sign-in failed: ${e.message}`;
      error.hidden = false;
      button.disabled = false;
      password.focus();
    }
  });
  page('Sign in', h('p', {}, 'Sign in as yourself: operators are added with ',
    h('code', {}, 'java -jar facebank-sync.jar operator add NAME'), '.'), form);
  name.focus();
}

/** A one-time link: nothing happens until the operator presses the button (link scanners stay harmless). */
function linkPage(token) {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const button = h('button', { type: 'button', id: 'use-link' }, 'Sign in with this link');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api('POST', '/console/sign-in/link', { token });
      await whoIsSignedIn();
      history.replaceState(null, '', '#/shows'); // the used token leaves the address bar and history
      await render();
    } catch (e) {
      error.textContent = e.status === 429 ? 'Too many failed sign-ins. Wait a minute, then try again.'
        : 'This sign-in link cannot be used: it was used already, has expired (links last 10 minutes), or is unknown.';
      error.hidden = false;
    }
  });
  page('One-time sign-in', h('p', {}, 'This link signs you in once, within 10 minutes of its creation.'),
    operator ? h('p', {}, `You are signed in as ${operator}; the link signs you in as its own operator.`) : null,
    button, error);
  button.focus();
}

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await api('POST', '/console/sign-out');
  } finally {
    operator = null;
    document.getElementById('nav').hidden = true;
    if (cleanup) {
      cleanup();
      cleanup = null;
    }
    history.replaceState(null, '', '#/shows');
    signInPage();
    notice('Signed out.');
  }
});

window.addEventListener('hashchange', () => render());
whoIsSignedIn().then(render).catch(failed);

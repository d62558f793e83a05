// Shows: every local show, its TRR link, cast size, last run and a SYNC button; create or link a show.
import { api, ApiError, enc, get } from '../api.js';
import { badge, errorText, h, page, row, table, time } from '../dom.js';
import { failed } from '../main.js';

const COLUMNS = ['Show', 'TRR show', 'Cast', 'Last run', 'Sync'];

export async function showsPage() {
  const shows = await get('/shows');
  const details = await Promise.all(shows.map(async (show) => {
    const [cast, runs] = await Promise.all([
      get(`/shows/${enc(show.show_id)}/cast`),
      get(`/shows/${enc(show.show_id)}/sync_runs?limit=1`),
    ]);
    return { show, castSize: cast.length, lastRun: runs.runs[0] || null };
  }));
  page('Shows',
    shows.length === 0 ? h('p', {}, 'No local show yet: create one below.')
      : table(null, COLUMNS, details.map(showRow)),
    showForm());
}

function showRow({ show, castSize, lastRun }) {
  const id = show.show_id;
  return row(COLUMNS, [
    h('span', {}, h('strong', {}, id), h('br'), show.title),
    show.trr_show_id ? h('code', { class: 'id' }, show.trr_show_id) : h('span', { class: 'muted' }, 'not linked'),
    h('a', { href: `#/shows/${enc(id)}/cast`, 'aria-label': `Cast of ${id}: ${castSize} members` }, `${castSize} members`),
    lastRun ? lastRunCell(id, lastRun) : h('span', {}, 'never synced'),
    syncForm(show),
  ], { 'data-show': id });
}

function lastRunCell(id, run) {
  const counts = run.status === 'running' ? 'in progress'
    : `${run.imported_facebank_images ?? 0} imported · ${run.skipped_duplicate_images ?? 0} duplicates · `
      + `${run.import_errors ?? 0} errors`;
  return h('span', { class: 'last-run' },
    h('a', { href: `#/runs/${run.run_id}` }, badge(run.status)), ' ', time(run.started_at),
    h('br'), counts, h('br'),
    h('a', { href: `#/shows/${enc(id)}/history` }, 'History'));
}

/** SYNC: starts the run in the background and opens its page. */
function syncForm(show) {
  const id = show.show_id;
  const inputId = `max-${id}`;
  const input = h('input', { id: inputId, type: 'number', min: 1, max: 20, value: 5, inputmode: 'numeric', class: 'short' });
  const button = h('button', { type: 'submit', disabled: !show.trr_show_id, 'aria-label': `SYNC ${id}` }, 'SYNC');
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const form = h('form', { class: 'sync' },
    h('label', { for: inputId }, 'Max images per person'), input, button, error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      const started = await api('POST', `/shows/${enc(id)}/sync_facebank_seeds?async=true`,
        { max_images_per_person: Number(input.value) });
      location.hash = `#/runs/${started.body.run_id}`;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'sync_already_running' && e.body.run_id) {
        location.hash = `#/runs/${e.body.run_id}`;
        return;
      }
      if (e instanceof ApiError && e.signedOut) {
        await failed(e);
        return;
      }
      error.textContent = errorText(e);
      error.hidden = false;
      button.disabled = false;
    }
  });
  return form;
}

/** Create a show, or (same show_id) rename or link it to a TRR show. */
function showForm() {
  const field = (id, label, attrs, hint) => h('div', { class: 'field' },
    h('label', { for: id }, label), h('input', { id, ...attrs }), hint ? h('small', {}, hint) : null);
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const form = h('form', { class: 'stack', id: 'show-form' },
    field('new-show-id', 'Show id', { required: true, pattern: '[A-Za-z0-9_-]{1,64}', autocapitalize: 'characters' },
      'Letters, digits, _ and -; an existing id updates that show.'),
    field('new-show-title', 'Title', { required: true }),
    field('new-show-trr', 'TRR show id (optional)', { pattern: '[0-9a-fA-F-]{36}' }, 'A UUID; links the show to TRR.'),
    h('button', { type: 'submit' }, 'Save show'), error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { show_id: form.querySelector('#new-show-id').value, title: form.querySelector('#new-show-title').value };
    const trr = form.querySelector('#new-show-trr').value.trim();
    if (trr) {
      body.trr_show_id = trr;
    }
    try {
      await api('POST', '/shows', body);
      await showsPage();
    } catch (e) {
      if (e instanceof ApiError && e.signedOut) {
        await failed(e);
        return;
      }
      error.textContent = errorText(e);
      error.hidden = false;
    }
  });
  return h('section', { 'aria-labelledby': 'show-form-title' },
    h('h2', { id: 'show-form-title' }, 'Create or link a show'), form);
}

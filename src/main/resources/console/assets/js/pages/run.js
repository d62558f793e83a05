// A run: progress (done/total, ETA), the stages running, each person as they finish, live from the
// run's Server-Sent Events (EventSource reconnects by itself, sending Last-Event-ID, and the
// service resumes after it). A run that has ended shows the same page, complete.
import { api, enc, get } from '../api.js';
import { badge, errorText, h, page, seconds, time } from '../dom.js';
import { failed } from '../main.js';

const COLUMNS = ['Person', 'Match', 'Photos from', 'Fetched', 'Imported', 'Duplicates', 'Status'];

export async function runPage(runId) {
  const run = await get(`/sync_runs/${runId}`);
  const view = new RunView(run);
  if (run.status !== 'running') {
    return null;
  }
  return view.follow();
}

class RunView {
  constructor(run) {
    this.run = run;
    this.rows = new Map();
    this.people = new Map();
    this.running = new Set(run.progress ? run.progress.running_stages : []);
    this.done = run.progress ? run.progress.done : (run.people || []).length;
    this.total = run.progress ? run.progress.total : run.total_trr_cast;
    this.eta = run.progress ? run.progress.eta_seconds : null;
    this.build();
    (run.people || []).forEach((person) => this.person(person));
    this.update();
  }

  build() {
    const run = this.run;
    this.status = h('span', { id: 'run-status' });
    this.live = h('span', { id: 'run-live', class: 'muted' });
    this.progress = h('progress', { id: 'run-progress', max: 1, value: 0 });
    this.progressText = h('span', { id: 'run-progress-text' });
    this.stages = h('ul', { class: 'stages', id: 'run-stages', 'aria-label': 'Stages' });
    this.counts = h('p', { id: 'run-counts' });
    this.error = h('p', { class: 'error', role: 'alert', hidden: true, id: 'run-error' });
    this.cancel = h('button', { type: 'button', id: 'cancel-run', class: 'danger', hidden: true }, 'Cancel run');
    this.cancel.addEventListener('click', () => this.cancelRun());
    this.errorsOnly = h('input', { type: 'checkbox', id: 'errors-only' });
    this.errorsOnly.addEventListener('change', () => this.filter());
    this.tbody = h('tbody', { id: 'run-people' });
    page(`Run of ${run.show_id}`,
      h('p', { class: 'status-line' }, this.status, ' ', this.live),
      h('dl', { class: 'facts' },
        fact('Run', h('code', { class: 'id' }, run.run_id)),
        fact('Show', h('a', { href: `#/shows/${enc(run.show_id)}/history` }, `${run.show_id} (history)`)),
        fact('Triggered by', h('span', { id: 'run-triggered-by' }, run.triggered_by || run.trigger || '—')),
        fact('Started', time(run.started_at)),
        fact('Finished', h('span', { id: 'run-finished' }, run.finished_at ? time(run.finished_at) : '—')),
        fact('Max images per person', String(run.max_images_per_person))),
      h('div', { class: 'progress' },
        h('label', { for: 'run-progress' }, 'Progress'), this.progress, this.progressText),
      h('h2', {}, 'Stages'), this.stages,
      this.counts, this.error, this.cancel,
      h('h2', { id: 'people-title' }, 'People'),
      h('p', { class: 'filter' }, this.errorsOnly, ' ', h('label', { for: 'errors-only' }, 'Errors only')),
      h('div', { class: 'table-wrap' }, h('table', { class: 'cards', 'aria-labelledby': 'people-title' },
        h('thead', {}, h('tr', {}, COLUMNS.map((c) => h('th', { scope: 'col' }, c)))), this.tbody)));
  }

  /** Opens the run's event stream; answers how to close it when the page is left. */
  follow() {
    const source = new EventSource(`/sync_runs/${this.run.run_id}/events`);
    const on = (type, handle) => source.addEventListener(type, (message) => handle(JSON.parse(message.data)));
    this.live.textContent = 'Live';
    on('stage_started', (event) => { this.running.add(event.stage); this.update(); });
    on('stage_finished', (event) => { this.running.delete(event.stage); this.update(); });
    on('person_finished', (event) => {
      this.done = Math.max(this.done, event.done);
      this.total = event.total;
      this.eta = event.eta_seconds;
      this.person(event);
      this.update();
    });
    on('cancel_requested', () => { this.run.cancel_requested = true; this.update(); });
    on('run_finished', async () => {
      source.close();
      this.live.textContent = '';
      try {
        this.finished(await get(`/sync_runs/${this.run.run_id}`));
      } catch (e) {
        await failed(e);
      }
    });
    source.onopen = () => { this.live.textContent = 'Live'; };
    source.onerror = () => {
      this.live.textContent = source.readyState === EventSource.CLOSED
        ? 'Live updates stopped: reload the page.' : 'Reconnecting…';
    };
    return () => source.close();
  }

  /** The run as recorded at its end: the same page, complete (the filter and focus stay). */
  finished(run) {
    this.run = run;
    this.running.clear();
    this.total = run.total_trr_cast ?? this.total;
    this.done = (run.people || []).length;
    (run.people || []).forEach((person) => this.person(person));
    document.getElementById('run-finished').replaceChildren(time(run.finished_at));
    this.update();
  }

  /** Adds a person's row, or replaces it (a replayed event after a reconnect). */
  person(person) {
    this.people.set(person.trr_person_id, person);
    const tr = personRow(person);
    const old = this.rows.get(person.trr_person_id);
    if (old) {
      old.replaceWith(tr);
    } else {
      this.tbody.append(tr);
    }
    this.rows.set(person.trr_person_id, tr);
    tr.hidden = this.errorsOnly.checked && person.status !== 'error';
  }

  filter() {
    for (const [id, tr] of this.rows) {
      tr.hidden = this.errorsOnly.checked && this.people.get(id).status !== 'error';
    }
  }

  update() {
    const run = this.run;
    const ended = run.status !== 'running';
    this.status.replaceChildren(badge(run.status), run.cancel_requested && !ended ? ' cancel requested' : '');
    const total = this.total ?? null;
    const done = this.done;
    const percent = total ? Math.floor((100 * done) / total) : (ended ? 100 : 0);
    if (total === null && !ended) {
      this.progress.removeAttribute('value'); // not known until the first person is through
    } else {
      this.progress.max = Math.max(total || 0, 1);
      this.progress.value = total ? done : 1;
    }
    this.progressText.textContent = total === null && !ended ? 'reading the cast…'
      : `${done} / ${total ?? 0} people (${percent} %)${ended ? '' : ` · ETA ${seconds(this.eta)}`}`;
    const stages = (run.stages || []).map((stage) => h('li', { class: this.running.has(stage) ? 'running' : '' },
      stage, this.running.has(stage) ? ' (running)' : ''));
    this.stages.replaceChildren(...stages);
    let imported = 0;
    let duplicates = 0;
    let errors = 0;
    for (const person of this.people.values()) {
      imported += person.imported_images || 0;
      duplicates += person.skipped_duplicates || 0;
      errors += person.status === 'error' ? 1 : 0;
    }
    this.counts.textContent = ended && run.total_trr_cast !== null && run.total_trr_cast !== undefined
      ? `${run.total_trr_cast} TRR cast (${run.matched_cast} matched, ${run.created_cast} created), `
        + `${run.imported_facebank_images} images imported for ${run.imported_facebank_people} people, `
        + `${run.skipped_duplicate_images} duplicates skipped, ${run.import_errors} errors`
      : `So far: ${imported} images imported, ${duplicates} duplicates skipped, ${errors} errors`;
    if (run.error) {
      this.error.textContent = `Run error ${errorText(run.error)}`;
      this.error.hidden = false;
    }
    this.cancel.hidden = ended || run.cancel_requested;
  }

  async cancelRun() {
    this.cancel.disabled = true;
    try {
      await api('POST', `/sync_runs/${this.run.run_id}/cancel`);
      this.run.cancel_requested = true;
      this.update();
    } catch (e) {
      if (e.signedOut) {
        await failed(e);
        return;
      }
      this.error.textContent = `Cancel failed: ${errorText(e)}`;
      this.error.hidden = false;
      this.cancel.disabled = false;
    }
  }
}

function fact(term, value) {
  return [h('dt', {}, term), h('dd', {}, value)];
}

function personRow(person) {
  const cells = [
    person.person_id ? h('a', { href: `#/people/${person.person_id}` }, person.name) : person.name,
    person.match || '—',
    person.photo_source || '—',
    String(person.fetched ?? 0),
    String(person.imported_images ?? 0),
    String(person.skipped_duplicates ?? 0),
    statusCell(person),
  ];
  return h('tr', { class: person.status === 'error' ? 'failed' : '', 'data-person': person.trr_person_id },
    cells.map((cell, i) => h('td', { 'data-label': COLUMNS[i] }, cell)));
}

/** The status, the error's reason code, and what was skipped (rows it could not use, duplicates and their rule). */
function statusCell(person) {
  const skipped = person.skipped_rows || [];
  const duplicates = person.duplicates || [];
  return h('div', {},
    badge(person.status),
    person.error ? h('span', { class: 'reason' }, ' ', h('code', {}, person.error.code), ' ', person.error.message) : null,
    skipped.length || duplicates.length ? h('details', {},
      h('summary', {}, `${skipped.length} skipped rows, ${duplicates.length} duplicates`),
      skipped.length ? h('ul', {}, skipped.map((r) => h('li', {}, `row ${r.index}: `, h('code', {}, r.reason),
        r.detail ? ` (${r.detail})` : ''))) : null,
      duplicates.length ? h('ul', {}, duplicates.map((d) => h('li', {}, h('code', {}, d.rule), ' ',
        h('span', { class: 'key' }, d.s3_original_key)))) : null) : null);
}

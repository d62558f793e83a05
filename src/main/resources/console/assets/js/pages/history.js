// A show's runs, newest first, a page at a time.
import { enc, get } from '../api.js';
import { badge, h, page, row, seconds, table, time } from '../dom.js';

const COLUMNS = ['Started', 'Status', 'Triggered by', 'Imported', 'Duplicates', 'Errors', 'Took', 'Run'];
const PAGE = 20;

export async function historyPage(showId, before) {
  const query = `limit=${PAGE}${before ? `&before=${before}` : ''}`;
  const history = await get(`/shows/${enc(showId)}/sync_runs?${query}`);
  const pages = h('nav', { class: 'pager', 'aria-label': 'Pages of runs' },
    before ? h('a', { href: `#/shows/${enc(showId)}/history` }, '← Newest runs') : null,
    history.next_before ? h('a', { href: `#/shows/${enc(showId)}/history?before=${history.next_before}` },
      'Older runs →') : null);
  page(`Runs of ${history.show_id}`,
    h('p', {}, h('a', { href: `#/shows/${enc(showId)}/cast` }, 'Cast'), ' · ', h('a', { href: '#/shows' }, 'All shows')),
    history.runs.length === 0 ? h('p', {}, 'No run yet.')
      : table(before ? 'Older runs' : 'Newest first', COLUMNS, history.runs.map(runRow)),
    pages);
}

function runRow(run) {
  const took = run.finished_at ? (new Date(run.finished_at) - new Date(run.started_at)) / 1000 : null;
  return row(COLUMNS, [
    time(run.started_at),
    // A dry run wrote nothing; a retry ran only the people another run failed.
    run.dry_run || run.retry_of
      ? h('span', {}, badge(run.status), run.dry_run ? ' dry run' : ' retry')
      : badge(run.status),
    run.triggered_by || run.trigger,
    String(run.imported_facebank_images ?? '—'),
    String(run.skipped_duplicate_images ?? '—'),
    String(run.import_errors ?? '—'),
    took === null ? '—' : seconds(took),
    h('a', { href: `#/runs/${run.run_id}`, 'aria-label': `Run started ${run.started_at}` }, 'Open'),
  ], { 'data-run': run.run_id });
}

// A show's cast: each local member and how the latest run matched it. Members that several TRR
// people (or one TRR person several times) could not be told apart stand out, with the fix.
import { enc, get } from '../api.js';
import { badge, h, page, row, table } from '../dom.js';

const COLUMNS = ['Member', 'Aliases', 'IMDb id', 'TRR person', 'Latest run', 'Face bank'];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

export async function castPage(showId) {
  const [cast, history] = await Promise.all([
    get(`/shows/${enc(showId)}/cast`),
    get(`/shows/${enc(showId)}/sync_runs?limit=20`),
  ]);
  const latest = history.runs.find((run) => run.status !== 'running');
  const run = latest ? await get(`/sync_runs/${latest.run_id}`) : null;
  const people = run ? run.people || [] : [];
  const byCast = new Map(people.filter((p) => p.cast_id).map((p) => [p.cast_id, p]));
  const ambiguous = people.filter((p) => p.error && p.error.code === 'ambiguous_match')
    .map((p) => ({ person: p, castIds: p.error.message.match(UUID) || [], level: level(p.error.message) }));
  const flagged = new Map();
  ambiguous.forEach((a) => a.castIds.forEach((id) => flagged.set(id, a)));
  const names = new Map(cast.map((m) => [m.cast_id, m.name]));

  page(`Cast of ${showId}`,
    h('p', {}, `${cast.length} local members. `, run
      ? ['Matches from the latest run, ', h('a', { href: `#/runs/${run.run_id}` }, 'started ' + new Date(run.started_at).toLocaleString()), '.']
      : 'No finished run yet: nothing has been matched.'),
    ambiguous.length ? h('section', { class: 'warning', 'aria-labelledby': 'fix-title' },
      h('h2', { id: 'fix-title' }, `${ambiguous.length} TRR ${ambiguous.length === 1 ? 'person needs' : 'people need'} a fix`),
      h('ul', {}, ambiguous.map((a) => h('li', {}, fix(a, names))))) : null,
    table(null, COLUMNS, cast.map((member) => memberRow(member, byCast.get(member.cast_id), flagged.get(member.cast_id)))),
    h('p', {}, h('a', { href: `#/shows/${enc(showId)}/history` }, 'Run history')));
}

function memberRow(member, person, ambiguity) {
  let matched;
  if (ambiguity) {
    matched = h('span', {}, badge('error', 'ambiguous'), ` ${ambiguity.person.name} matches this member and others by ${ambiguity.level}`);
  } else if (person) {
    matched = h('span', {}, badge(person.status === 'error' ? 'error' : 'ok', person.match), ' ', person.name);
  } else {
    matched = h('span', { class: 'muted' }, member.trr_person_id ? 'not in the latest run' : 'not matched');
  }
  return row(COLUMNS, [
    h('span', {}, h('strong', {}, member.name), member.full_name && member.full_name !== member.name ? ` (${member.full_name})` : '',
      h('br'), h('span', { class: 'small' }, `${member.role}, ${member.status}`)),
    member.aliases.length ? member.aliases.join(', ') : '—',
    member.imdb_id || '—',
    member.trr_person_id ? h('code', { class: 'id' }, member.trr_person_id) : '—',
    matched,
    member.person_id ? h('a', { href: `#/people/${member.person_id}` }, 'Photos') : '—',
  ], { class: ambiguity ? 'ambiguous' : '', 'data-cast': member.cast_id });
}

/** What the operator changes so exactly one member matches. */
function fix({ person, castIds, level }, names) {
  const members = castIds.map((id) => names.get(id) || id).join(', ');
  const imdb = person.imdb_id ? ` Or give the right member TRR's IMDb id ${person.imdb_id}, which is matched first.` : '';
  const change = level === 'imdb_id' ? 'Keep that IMDb id on the right member only.'
    : level === 'alias' ? `Remove the alias "${person.name}" from all of them but the right one.`
      : `Rename all of them but the right one, so only it is called "${person.name}".`;
  return h('p', {}, h('strong', {}, person.name), ` (TRR ${person.trr_person_id}) matches ${castIds.length} members by ${level}: `,
    members, '. ', change, imdb, ` Or link the right member by setting its trr_person_id to ${person.trr_person_id}. `,
    'Then sync again.');
}

function level(message) {
  const match = message.match(/match by (\w+)/);
  return match ? match[1] : 'name';
}

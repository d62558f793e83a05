// A person's face bank: each row as a thumbnail (the served URL; the mirrored copy and the aligned
// crop once those stages fill them in), what it is, where and when it came from, and its review.
import { api, get } from '../api.js';
import { badge, errorText, h, page, time } from '../dom.js';
import { failed } from '../main.js';

/**
 * The pictures of a row, in the order shown. A value that is an http(s) URL or a path of this
 * service is shown as an image; any other (a bare storage key) as text. Later stages add theirs here.
 */
const VARIANTS = [
  ['s3_original_key', 'served'],
  ['mirror_url', 'mirrored copy'],
  ['s3_aligned_key', 'aligned crop'],
];

export async function personPage(personId) {
  const person = await get(`/people/${personId}/facebank`);
  const name = person.display_name || person.canonical_name || personId;
  const grid = h('ul', { class: 'grid', id: 'facebank' });
  person.images.forEach((image, i) => grid.append(card(person, name, image, i + 1)));
  page(name,
    h('p', {}, person.aliases.length ? `Also known as ${person.aliases.join(', ')}. ` : '',
      `${person.images.length} face-bank rows, `,
      `${person.images.filter((i) => i.approved).length} approved, `,
      `${person.images.filter((i) => i.rejected).length} rejected.`),
    person.images.length ? grid : h('p', {}, 'No face-bank row yet.'));
}

function card(person, name, image, number) {
  const label = `photo ${number} of ${name}`;
  const pictures = VARIANTS.filter(([field]) => image[field]).map(([field, what]) => picture(image[field], `${what} ${label}`, what));
  const state = image.rejected ? badge('rejected') : image.approved ? badge('approved') : badge('pending');
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const approve = h('button', { type: 'button', 'aria-label': `Approve ${label}`, disabled: image.approved }, 'Approve');
  const reject = h('button', { type: 'button', class: 'danger', 'aria-label': `Reject ${label}`, disabled: image.rejected },
    'Reject');
  const item = h('li', { class: `card${image.rejected ? ' rejected' : ''}`, 'data-image': image.image_id },
    h('div', { class: 'pictures' }, pictures),
    h('p', {}, state, ` is_seed: ${image.is_seed ? 'yes' : 'no'} · photo_source: ${image.photo_source || '—'}`,
      image.width && image.height ? ` · ${image.width}×${image.height}` : ''),
    h('p', { class: 'small' }, 'Added ', time(image.created_at),
      image.run_id ? [' by ', h('a', { href: `#/runs/${image.run_id}` }, 'this run')] : ''),
    image.approved ? h('p', { class: 'small' }, `Approved by ${image.approved_by || '—'} `, time(image.approved_at)) : null,
    image.rejected ? h('p', { class: 'small' }, `Rejected by ${image.rejected_by || '—'} `, time(image.rejected_at)) : null,
    h('div', { class: 'actions' }, approve, reject), error);
  const review = async (verb) => {
    approve.disabled = true;
    reject.disabled = true;
    try {
      const updated = (await api('POST', `/people/${person.person_id}/facebank/${image.image_id}/${verb}`)).body;
      const replacement = card(person, name, updated, number);
      item.replaceWith(replacement);
      replacement.querySelector(`button:not([disabled])`)?.focus();
    } catch (e) {
      if (e.signedOut) {
        await failed(e);
        return;
      }
      error.textContent = errorText(e);
      error.hidden = false;
      approve.disabled = image.approved;
      reject.disabled = image.rejected;
    }
  };
  approve.addEventListener('click', () => review('approve'));
  reject.addEventListener('click', () => review('reject'));
  return item;
}

function picture(value, alt, what) {
  const showable = /^https?:\/\//i.test(value) || /^\/[^/]/.test(value);
  return h('figure', {},
    showable ? h('a', { href: value, target: '_blank', rel: 'noopener noreferrer' },
      h('img', { src: value, alt, loading: 'lazy', width: 160, height: 200 }))
      : h('code', { class: 'key' }, value),
    h('figcaption', {}, what));
}

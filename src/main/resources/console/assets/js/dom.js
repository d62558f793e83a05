// Small DOM helpers: pages are built from elements, never from HTML strings, so nothing the
// service or TRR sends can become markup.

/** h('a', {href: '#/x', class: 'c'}, 'text', child…): an element; null and false children are skipped. */
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the main area with a page: its title, then its content. Focus moves to the heading. */
export function page(title, ...content) {
  const main = document.getElementById('main');
  document.title = `${title} · facebank-sync`;
  const heading = h('h1', { tabindex: '-1' }, title);
  main.replaceChildren(heading, ...content.flat(Infinity).filter(Boolean));
  heading.focus({ preventScroll: true });
  return main;
}

export function notice(text) {
  document.getElementById('notice').textContent = text;
}

export function when(iso) {
  if (!iso) {
    return '—';
  }
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function time(iso) {
  return iso ? h('time', { datetime: iso }, when(iso)) : '—';
}

export function seconds(value) {
  if (value === null || value === undefined) {
    return '—';
  }
  if (value < 60) {
    return `${Math.round(value)} s`;
  }
  return `${Math.floor(value / 60)} min ${Math.round(value % 60)} s`;
}

/** A status word with its colour: ok, partial, error, running, cancelled, interrupted, … */
export function badge(status, text) {
  return h('span', { class: `badge badge-${status}` }, text || status);
}

/** A table that turns into labelled cards on narrow screens (each cell carries its column name). */
export function table(caption, columns, rows) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'cards' },
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col' }, column)))),
      h('tbody', {}, rows)));
}

export function row(columns, cells, attrs) {
  return h('tr', attrs || {}, cells.map((cell, i) => h('td', { 'data-label': columns[i] }, cell)));
}

export function errorText(error) {
  return error && error.code ? `${error.code}: ${error.message}` : String(error && error.message || error);
}

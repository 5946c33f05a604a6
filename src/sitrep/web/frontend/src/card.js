// The event card: what happened, where, when, who, how many died (with the
// range across sources), the claim chain in plain words, and each source's
// sentence highlighted inside its page. Reader comments are shown apart,
// marked as comments, never styled as the article.
import { getJson } from './api.js';
import { clear, el } from './dom.js';
import { colourOf } from './colours.js';

const TIME_PRECISION = { 1: 'the day is known', 2: 'within a week', 3: 'only the month is known' };
const GEO_PRECISION = { 1: 'the place itself', 2: 'near the place, or part of a region', 3: 'only the province or a larger area' };

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])';

// The card is a modal dialog: focus stays inside it (Tab and Shift+Tab cycle),
// Escape closes it from anywhere, and focus goes back to what opened it.
export function createCard(panel, { onShown = () => {}, onClosed = () => {}, linkOf = () => window.location.href } = {}) {
  const title = panel.querySelector('#card-title');
  const body = panel.querySelector('#card-body');
  const close = panel.querySelector('#card-close');
  let opener = null;
  let current = null;

  function hide({ silent = false } = {}) {
    if (panel.hidden) return;
    panel.hidden = true;
    current = null;
    document.body.classList.remove('card-open');
    setInert(false);
    if (!silent) onClosed();
    if (opener && document.contains(opener)) opener.focus();
  }
  close.addEventListener('click', () => hide());
  document.addEventListener('keydown', (event) => {
    if (panel.hidden) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      hide();
    } else if (event.key === 'Tab') trap(event);
  });
  document.addEventListener('focusin', (event) => {
    if (!panel.hidden && !panel.contains(event.target)) title.focus();
  });

  function trap(event) {
    const stops = [...panel.querySelectorAll(FOCUSABLE)].filter((node) => node.offsetParent !== null || node === title);
    if (!stops.length) return;
    const first = stops[0];
    const last = stops[stops.length - 1];
    if (!panel.contains(document.activeElement)) {
      event.preventDefault();
      first.focus();
    } else if (event.shiftKey && (document.activeElement === first || document.activeElement === title)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  async function open(id, from) {
    if (panel.hidden) opener = from || document.activeElement;
    current = String(id);
    panel.hidden = false;
    document.body.classList.add('card-open');
    setInert(true);
    title.textContent = 'Loading the event…';
    clear(body);
    title.focus();
    try {
      const event = await getJson(`events/${encodeURIComponent(id)}`);
      if (current !== String(id)) return;
      onShown(event); // first: the map moves to the event, so the card's link holds that view
      render(event);
    } catch (error) {
      title.textContent = 'This event could not be loaded';
      body.append(el('p', { class: 'error', text: `${error.message}. The link may be to an event that was merged or removed.` }));
    }
  }

  function render(event) {
    title.textContent = `${event.event_type} · ${event.sub_event_type}`;
    title.style.borderColor = colourOf(event.event_type);
    clear(body);
    body.append(
      linkBox(linkOf(event.id)),
      el('p', { class: 'claim', 'data-testid': 'claim-chain', text: event.claim_chain }),
      facts(event),
      disagreements(event.disagreements || []),
      el('h3', { text: `Sources (${event.reports.length} report${event.reports.length === 1 ? '' : 's'}, `
        + `${event.n_outlets} outlet${event.n_outlets === 1 ? '' : 's'})` }),
      el('ol', { class: 'sources' }, event.reports.map((report) => sourceItem(report, event.id))),
    );
  }

  return { open, hide, isOpen: () => !panel.hidden, current: () => current };
}

// While the dialog is open, the rest of the page takes neither focus nor clicks.
function setInert(value) {
  for (const node of document.querySelectorAll('body > :not(#card):not(script)')) node.inert = value;
}

function linkBox(url) {
  const input = el('input', { type: 'text', readonly: true, value: url, id: 'card-link', 'aria-label': 'Link to this event' });
  const done = el('span', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  const copy = el('button', { type: 'button', class: 'secondary', id: 'card-copy', text: 'Copy link' });
  copy.addEventListener('click', async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(url);
      done.textContent = 'Link copied';
    } catch {
      done.textContent = 'Press Ctrl+C (or ⌘C) to copy the selected link';
    }
  });
  return el('div', { class: 'card-link' }, input, copy, done);
}

function facts(event) {
  const rows = [
    ['Date', event.event_date
      ? `${event.event_date} (${TIME_PRECISION[event.time_precision] || 'precision unknown'})` : 'date not known'],
    ['Place', `${[event.location, event.admin1, event.country].filter(Boolean).join(', ') || 'unknown'}`
      + ` (${GEO_PRECISION[event.geo_precision] || 'precision unknown'})`],
    ['Coordinates', event.latitude === null || event.latitude === undefined ? 'not known: not on the map'
      : `${event.latitude.toFixed(4)}, ${event.longitude.toFixed(4)}`],
    ['Actor', event.actor1 || 'not named'],
    ['Against', event.actor2 || 'not named'],
    ['With', (event.assoc_actors || []).join(', ') || 'nobody named'],
    ['Fatalities', fatalitiesText(event)],
    ['Certainty', event.certainty],
  ];
  return el('dl', { class: 'facts' }, rows.map(([key, value]) => [el('dt', { text: key }), el('dd', { text: value })]));
}

function fatalitiesText(event) {
  const low = event.fatalities_min ?? event.fatalities;
  const high = event.fatalities_max ?? event.fatalities;
  if (low === high) return `${event.fatalities}`;
  return `${event.fatalities} (sources say from ${low} to ${high})`;
}

function disagreements(items) {
  if (!items.length) return el('p', { class: 'agree', text: 'The sources agree on every field they share.' });
  return el('div', { class: 'disagree' },
    el('h3', { text: 'Where the sources disagree' }),
    el('ul', {}, items.map((item) => el('li', { text: String(item) }))));
}

function sourceItem(report, eventId) {
  const source = { ...report.mention, ...report };
  const pageBox = el('div', { class: 'page-box', hidden: true });
  const toggle = el('button', {
    type: 'button', class: 'secondary', 'aria-expanded': 'false',
    text: 'Show the sentence in its page',
  });
  toggle.addEventListener('click', async () => {
    const showing = toggle.getAttribute('aria-expanded') === 'true';
    toggle.setAttribute('aria-expanded', String(!showing));
    toggle.textContent = showing ? 'Show the sentence in its page' : 'Hide the page';
    pageBox.hidden = showing;
    if (!showing && !pageBox.dataset.loaded) {
      pageBox.dataset.loaded = '1';
      pageBox.append(el('p', { text: 'Loading the page…' }));
      try {
        renderPage(pageBox, await getJson(`pages/${encodeURIComponent(source.page_id)}`), eventId);
      } catch (error) {
        clear(pageBox);
        pageBox.append(el('p', { class: 'error', text: error.message }));
      }
    }
  });
  const heading = source.url
    ? el('a', { href: source.url, rel: 'noopener noreferrer', target: '_blank', text: source.title || source.url })
    : el('span', { text: source.title || source.page_key });
  return el('li', { class: 'source' },
    el('p', { class: 'source-head' }, heading, el('span', { class: 'muted', text: sourceLine(source) })),
    el('div', { class: 'evidence' }, (source.evidence || []).map((span) => el('q', { text: span.text }))),
    toggle,
    pageBox);
}

function sourceLine(source) {
  const parts = [source.outlet, source.published && `published ${source.published}`,
    `${source.fatalities} deaths`, source.source ? `according to ${source.source}` : 'in its own voice', source.certainty];
  return ` · ${parts.filter(Boolean).join(' · ')}`;
}

export function renderPage(box, page, eventId) {
  clear(box);
  const marks = (page.spans || []).slice().sort((a, b) => a.start - b.start);
  const article = el('article', { class: 'page-article', 'aria-label': 'The article as read' },
    el('h4', { text: page.title || 'Untitled page' }));
  for (const [start, end] of page.paragraphs) {
    article.append(paragraph(page.text, { start, end }, marks, eventId));
  }
  box.append(article);
  if (page.comments && page.comments.length) box.append(comments(page.comments));
  const first = box.querySelector('mark.this-event');
  if (first) first.scrollIntoView({ block: 'center', behavior: 'instant' });
}

function paragraph(text, para, marks, eventId) {
  const p = el('p');
  let cursor = para.start;
  for (const mark of marks) {
    const start = Math.max(mark.start, cursor);
    const end = Math.min(mark.end, para.end);
    if (end <= start) continue;
    if (start > cursor) p.append(text.slice(cursor, start));
    const own = String(mark.event_id) === String(eventId);
    p.append(el('mark', { class: own ? 'this-event' : 'other-event', text: text.slice(start, end),
      title: own ? 'evidence for this event' : 'evidence for another event' }));
    cursor = end;
  }
  if (cursor < para.end) p.append(text.slice(cursor, para.end));
  return p;
}

function comments(items) {
  const depth = new Map();
  for (const c of items) {
    const parent = c.parent === null || c.parent === undefined ? null : depth.get(c.parent);
    depth.set(c.position, parent === null || parent === undefined ? 0 : parent + 1);
  }
  return el('section', { class: 'reader-comments', 'aria-label': 'Reader comments, not part of the article' },
    el('h4', { text: `Reader comments (${items.length}) · not part of the article, never read for events` }),
    el('ul', {}, items.map((c) => el('li', { class: 'comment', style: `margin-left: ${Math.min(depth.get(c.position), 6) * 1.2}em` },
      el('span', { class: 'comment-author', text: c.author || 'anonymous' }),
      c.posted ? el('span', { class: 'muted', text: ` · ${c.posted}` }) : null,
      el('p', { text: c.text })))));
}

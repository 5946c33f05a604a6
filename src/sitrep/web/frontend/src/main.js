// Sitrep's page: filters, the map, the timeline, the list and the event card,
// acting as one view whose state lives in the address (url.js). The server
// does the counting: the map asks for the box in view (api/map), the timeline
// and the totals for the filters (api/stats), the list for a page of events.
import './style.css';
import { filterParams, getJson } from './api.js';
import { createCard } from './card.js';
import { TYPE_COLOURS, colourOf, formatCount } from './colours.js';
import { clear, el } from './dom.js';
import { createMap } from './map.js';
import { createTimeline } from './timeline.js';
import { startLive } from './live.js';
import { FILTER_KEYS, readUrl, saveUrl, urlOf } from './url.js';

const PAGE_SIZE = 50;
const REFRESH_AFTER_LIVE_MS = 1300; // the server's counts follow new events within a second
const $ = (id) => document.getElementById(id);

const start = readUrl();
const state = { ...start, cursor: null, fresh: new Set(), types: new Set(Object.keys(TYPE_COLOURS)) };
const form = $('filters');
const status = $('status');
let windowRequest = null;
let moveTimer = null;

const card = createCard($('card'), {
  onShown: (event) => showOnMap(event),
  onClosed: () => { state.event = null; state.openedWithPan = false; mapView.highlight(null); saveUrl(state, { push: true }); },
  linkOf: (id) => new URL(urlOf({ ...state, event: id }), window.location.href).href,
});
const mapView = createMap($('map'), { onSelect: (id, from) => openEvent(id, from, false), onMove, view: state.view });
const timeline = createTimeline($('timeline'), $('timeline-caption'), $('timeline-undated'), { onBrush: setDates });

// ---------------------------------------------------------------- filters and the address

function writeForm() {
  for (const key of FILTER_KEYS) {
    const field = form.elements.namedItem(key);
    if (key === 'event_type') addTypes([state.filters[key]].filter(Boolean));
    if (field) field.value = state.filters[key] || '';
  }
  $('in-view').checked = state.inView;
  $('timeline-clear').hidden = !(state.filters.since || state.filters.until);
}

function readForm() {
  const data = new FormData(form);
  return Object.fromEntries(FILTER_KEYS.map((key) => [key, String(data.get(key) || '').trim()]));
}

function datesProblem(filters) {
  if (filters.since && filters.until && filters.since > filters.until) {
    return `The dates are reversed: From (${filters.since}) is after To (${filters.until}). Give the earlier date first.`;
  }
  return '';
}

function listParams(extra = {}) {
  const params = filterParams(state.filters, extra);
  if (state.inView) params.set('bbox', mapView.bbox());
  return params;
}

// ---------------------------------------------------------------- the map

async function loadWindow() {
  if (windowRequest) windowRequest.abort();
  windowRequest = new AbortController();
  const zoom = mapView.zoom();
  const params = filterParams(state.filters, { bbox: mapView.bbox(), zoom });
  try {
    const found = await getJson('map', params, windowRequest.signal);
    performance.mark('sitrep:map-loaded');
    addTypes(found.types);
    for (const id of found.events.id) state.fresh.delete(id);
    mapView.show(found, state.hidden);
    if (state.event) mapView.highlight(state.event, state.eventLat, state.eventLon);
    document.body.dataset.mapCount = String(found.total);
    document.body.dataset.mapZoom = String(zoom);
    status.textContent = mapStatus(found);
  } catch (error) {
    if (error.name !== 'AbortError') status.textContent = `The map could not be loaded: ${error.message}`;
  }
}

function mapStatus(found) {
  if (!found.total) {
    return found.unplaced ? `No event with a known place matches in this view (${formatCount(found.unplaced)} matching events have no place)`
      : 'No event matches these filters in this view';
  }
  const how = found.cells.length ? ' (counted by area: zoom in for single events)' : '';
  const unplaced = found.unplaced ? `; ${formatCount(found.unplaced)} more have no known place` : '';
  return `${formatCount(found.total)} events in view${how}${unplaced}`;
}

function onMove() {
  state.view = mapView.getView();
  saveUrl(state);
  clearTimeout(moveTimer);
  moveTimer = setTimeout(() => {
    loadWindow();
    if (state.inView) { loadList(); loadTotals(); }
  }, 120);
}

function addTypes(types) {
  const select = $('f-type');
  const known = new Set([...select.options].map((o) => o.value));
  for (const type of types) {
    if (!known.has(type)) {
      known.add(type);
      select.append(el('option', { value: type, text: type }));
    }
    if (!state.types.has(type)) state.types.add(type);
  }
  drawLegend();
}

function drawLegend() {
  const box = $('legend-types');
  clear(box);
  for (const type of state.types) {
    const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = colourOf(type);
    const shown = !state.hidden.has(type);
    const button = el('button', { type: 'button', class: `legend-item${shown ? '' : ' off'}`, 'aria-pressed': String(shown), 'data-type': type }, swatch, type);
    button.addEventListener('click', () => {
      if (state.hidden.has(type)) state.hidden.delete(type); else state.hidden.add(type);
      saveUrl(state, { push: true });
      mapView.setHidden(state.hidden);
      drawLegend();
      box.querySelector(`[data-type="${CSS.escape(type)}"]`).focus();
    });
    box.append(button);
  }
}

// ---------------------------------------------------------------- totals, timeline, exports

async function loadTotals() {
  const params = listParams();
  for (const [kind, link] of [['csv', 'export-csv'], ['geojson', 'export-geojson'], ['parquet', 'export-parquet']]) {
    $(link).href = `api/events.${kind}${params.toString() ? `?${params}` : ''}`;
  }
  try {
    const stats = await getJson('stats', params);
    const where = state.inView ? ' in the map\'s view' : '';
    $('events-title').textContent = `Events: ${formatCount(stats.total)} match${stats.total === 1 ? 'es' : ''}${where}`;
    const parts = [`${formatCount(stats.fatalities)} deaths reported`];
    if (stats.undated) parts.push(`${formatCount(stats.undated)} with no known date`);
    if (stats.unplaced) parts.push(`${formatCount(stats.unplaced)} with no known place`);
    $('totals').textContent = parts.join(' · ');
    document.body.dataset.total = String(stats.total);
  } catch (error) {
    $('totals').textContent = `The totals could not be counted: ${error.message}`;
  }
}

async function loadTimeline() {
  const { since, until, ...rest } = state.filters;
  try {
    const stats = await getJson('stats', filterParams(rest));
    timeline.render(stats.timeline);
    timeline.setRange(since || until ? [since || '0001-01-01', until || '9999-12-31'] : null);
    performance.mark('sitrep:timeline-drawn');
  } catch (error) {
    $('timeline-caption').textContent = `The timeline could not be loaded: ${error.message}`;
  }
}

// ---------------------------------------------------------------- the list

async function loadList(append = false) {
  const list = $('event-list');
  const params = listParams({ limit: PAGE_SIZE, sort: '-date' });
  if (append && state.cursor) params.set('cursor', state.cursor);
  try {
    const page = await getJson('events', params);
    if (!append) clear(list);
    for (const event of page.items) list.append(listItem(event));
    state.cursor = page.next_cursor;
    $('more').hidden = !page.next_cursor;
    $('list-empty').hidden = list.children.length > 0;
    markSelected();
  } catch (error) {
    clear(list);
    $('list-empty').hidden = false;
    $('list-empty').textContent = `The events could not be loaded: ${error.message}`;
  }
}

function listItem(event) {
  const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
  swatch.style.background = colourOf(event.event_type);
  const place = [event.location, event.country].filter(Boolean).join(', ') || 'place not known';
  const button = el('button', { type: 'button', class: 'event-button', 'data-event-id': event.id },
    swatch,
    el('span', { class: 'event-date', text: event.event_date || 'date not known' }),
    el('span', { class: 'event-what', text: `${event.sub_event_type} · ${place}` }),
    el('span', { class: 'event-who', text: [event.actor1, event.actor2].filter(Boolean).join(' vs ') }),
    el('span', { class: 'event-toll', text: `${event.fatalities} dead · ${event.certainty}` }));
  button.addEventListener('click', () => openEvent(event.id, button, true));
  return el('li', {}, button);
}

function markSelected() {
  for (const node of document.querySelectorAll('.event-button[aria-current]')) node.removeAttribute('aria-current');
  if (!state.event) return;
  const node = document.querySelector(`.event-button[data-event-id="${Number(state.event)}"]`);
  if (node) node.setAttribute('aria-current', 'true');
}

// ---------------------------------------------------------------- one event

function openEvent(id, from, pan) {
  state.event = String(id);
  state.openedWithPan = pan;
  saveUrl(state, { push: true });
  markSelected();
  card.open(id, from);
}

function showOnMap(event) {
  state.eventLat = event.latitude;
  state.eventLon = event.longitude;
  if (event.latitude === null || event.latitude === undefined) { mapView.highlight(null); return; }
  if (state.openedWithPan) mapView.focusOn(event.latitude, event.longitude, 7);
  mapView.highlight(event.id, event.latitude, event.longitude);
}

// ---------------------------------------------------------------- changes

function setDates(range) {
  $('f-since').value = range ? range[0] : '';
  $('f-until').value = range ? range[1] : '';
  $('filter-error').hidden = true;
  state.filters = { ...state.filters, since: range ? range[0] : '', until: range ? range[1] : '' };
  $('timeline-clear').hidden = !range;
  saveUrl(state, { push: true });
  state.cursor = null;
  return Promise.all([loadWindow(), loadTotals(), loadList()]);
}

function refresh() {
  state.cursor = null;
  return Promise.all([loadWindow(), loadTotals(), loadTimeline(), loadList()]);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const filters = readForm();
  const problem = datesProblem(filters);
  $('filter-error').textContent = problem;
  $('filter-error').hidden = !problem;
  if (problem) return;
  state.filters = filters;
  saveUrl(state, { push: true });
  $('timeline-clear').hidden = !(filters.since || filters.until);
  refresh();
});
form.addEventListener('reset', () => {
  setTimeout(() => {
    state.filters = readForm();
    $('filter-error').hidden = true;
    $('timeline-clear').hidden = true;
    saveUrl(state, { push: true });
    refresh();
  }, 0);
});
$('timeline-clear').addEventListener('click', () => { timeline.setRange(null); setDates(null); });
$('more').addEventListener('click', () => loadList(true));
$('in-view').addEventListener('change', (event) => {
  state.inView = event.target.checked;
  saveUrl(state, { push: true });
  loadList();
  loadTotals();
});

function setTab(tab) {
  state.tab = tab;
  document.body.dataset.tab = tab;
  $('tab-map').setAttribute('aria-pressed', String(tab === 'map'));
  $('tab-list').setAttribute('aria-pressed', String(tab === 'list'));
  if (tab === 'map') mapView.invalidate();
}
$('tab-map').addEventListener('click', () => { setTab('map'); saveUrl(state, { push: true }); });
$('tab-list').addEventListener('click', () => { setTab('list'); saveUrl(state, { push: true }); });

window.addEventListener('popstate', () => {
  const next = readUrl();
  Object.assign(state, { filters: next.filters, hidden: next.hidden, inView: next.inView });
  writeForm();
  setTab(next.tab);
  drawLegend();
  if (next.view) mapView.setView(next.view);
  if (next.event && next.event !== card.current()) openEvent(next.event, null, !next.view);
  else if (!next.event && card.isOpen()) { state.event = null; card.hide({ silent: true }); mapView.highlight(null); }
  refresh();
});

// An event pushed by the server (live.js): at the top of the list, marked, and on the map.
function addLive(event, kind) {
  const list = $('event-list');
  const item = listItem(event);
  item.classList.add('new');
  item.querySelector('.event-date').prepend(el('span', { class: 'badge-new', text: kind }));
  const old = list.querySelector(`[data-event-id="${Number(event.id)}"]`);
  if (old) old.closest('li').remove();
  list.prepend(item);
  $('list-empty').hidden = true;
  if (kind === 'new' && event.latitude !== null && event.latitude !== undefined) {
    document.body.dataset.mapCount = String(Number(document.body.dataset.mapCount || 0) + 1);
  }
  setTimeout(() => { loadWindow(); loadTotals(); loadTimeline(); }, REFRESH_AFTER_LIVE_MS);
}

// ---------------------------------------------------------------- start

writeForm();
setTab(state.tab);
if (window.matchMedia('(max-width: 900px)').matches) $('filters-box').open = false;
addTypes(Object.keys(TYPE_COLOURS));
if (!state.view) saveUrl(state);
refresh().then(() => {
  if (state.event) openEvent(state.event, null, true); // a link to an event centres the map on it
  performance.mark('sitrep:ready');
  document.body.dataset.ready = '1';
  startLive($('live'), addLive);
});

// Sitrep's page: filters, the map, the timeline, the list and the event card.
// The map's points are loaded for every filter but the dates; the dates (from
// the timeline's brush or the From/To fields) narrow them here, so brushing is
// instant, and the list below asks the API with every filter.
import './style.css';
import { filterParams, getJson } from './api.js';
import { createCard } from './card.js';
import { TYPE_COLOURS, colourOf } from './colours.js';
import { clear, el } from './dom.js';
import { createMap } from './map.js';
import { createTimeline } from './timeline.js';
import { startLive } from './live.js';

const PAGE_SIZE = 50;
const $ = (id) => document.getElementById(id);

const state = { points: [], cursor: null, firstLoad: true };
const form = $('filters');
const status = $('status');
const card = createCard($('card'));
const mapView = createMap($('map'), { onSelect: (id, from) => card.open(id, from) });
const timeline = createTimeline($('timeline'), $('timeline-caption'), { onBrush: setDates });

function filters() {
  const data = new FormData(form);
  return Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)]));
}

function withoutDates(values) {
  const { since, until, ...rest } = values;
  return rest;
}

function addTypes(types) {
  const select = $('f-type');
  const legend = $('legend');
  const known = new Set([...select.options].map((o) => o.value));
  for (const type of types) {
    if (known.has(type)) continue;
    known.add(type);
    select.append(el('option', { value: type, text: type }));
    const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = colourOf(type);
    legend.append(el('span', { class: 'legend-item' }, swatch, type));
  }
}

async function loadPoints() {
  status.textContent = 'Loading events…';
  const data = await getJson('points', filterParams(withoutDates(filters())));
  performance.mark('sitrep:points-loaded');
  addTypes(data.types);
  state.points = data.id.map((id, i) => ({
    id, lat: data.lat[i], lon: data.lon[i], type: data.types[data.type[i]],
    fatalities: data.fatalities[i], date: data.date[i],
  }));
  state.total = data.count;
  state.truncated = data.truncated;
  timeline.render(state.points.map((p) => p.date).filter(Boolean));
  performance.mark('sitrep:timeline-drawn');
  showPoints();
  performance.mark('sitrep:map-drawn');
  if (state.firstLoad) {
    mapView.fitPoints(state.points);
    state.firstLoad = false;
  }
}

function showPoints() {
  const { since, until } = filters();
  const shown = state.points.filter((p) => p.lat !== null && p.lon !== null
    && (!since || (p.date && p.date >= since)) && (!until || (p.date && p.date <= until)));
  mapView.setPoints(shown);
  const more = state.truncated ? ` (the first ${state.points.length} of ${state.total} loaded)` : '';
  status.textContent = `${shown.length} events on the map${more}`;
  document.body.dataset.mapCount = String(shown.length);
}

async function loadList(append = false) {
  const list = $('event-list');
  const params = filterParams(filters(), { limit: PAGE_SIZE, sort: '-date' });
  if (append && state.cursor) params.set('cursor', state.cursor);
  try {
    const page = await getJson('events', params);
    if (!append) clear(list);
    for (const event of page.items) list.append(listItem(event));
    state.cursor = page.next_cursor;
    $('more').hidden = !page.next_cursor;
    $('events-title').textContent = `Events (${page.total ?? list.children.length})`;
  } catch (error) {
    clear(list);
    list.append(el('li', { class: 'error', text: `The events could not be loaded: ${error.message}` }));
  }
}

function listItem(event) {
  const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
  swatch.style.background = colourOf(event.event_type);
  const place = [event.location, event.country].filter(Boolean).join(', ') || 'place unknown';
  const button = el('button', { type: 'button', class: 'event-button', 'data-event-id': event.id },
    swatch,
    el('span', { class: 'event-date', text: event.event_date || 'date unknown' }),
    el('span', { class: 'event-what', text: `${event.sub_event_type} · ${place}` }),
    el('span', { class: 'event-who', text: [event.actor1, event.actor2].filter(Boolean).join(' vs ') }),
    el('span', { class: 'event-toll', text: `${event.fatalities} dead · ${event.certainty}` }));
  button.addEventListener('click', () => card.open(event.id, button));
  return el('li', {}, button);
}

// An event pushed by the server (live.js): on the map and at the top of the list, marked.
function addLive(event, kind) {
  const point = {
    id: event.id, lat: event.latitude, lon: event.longitude, type: event.event_type,
    fatalities: event.fatalities, date: event.event_date, fresh: true,
  };
  state.points = [point, ...state.points.filter((p) => p.id !== event.id)];
  addTypes([event.event_type]);
  timeline.render(state.points.map((p) => p.date).filter(Boolean));
  showPoints();
  const list = $('event-list');
  const item = listItem(event);
  item.classList.add('new');
  item.querySelector('.event-date').prepend(el('span', { class: 'badge-new', text: kind }));
  const old = list.querySelector(`[data-event-id="${Number(event.id)}"]`);
  if (old) old.closest('li').remove();
  list.prepend(item);
}

function setDates(range) {
  $('f-since').value = range ? range[0] : '';
  $('f-until').value = range ? range[1] : '';
  $('timeline-clear').hidden = !range;
  showPoints();
  loadList();
}

async function refresh() {
  const points = loadPoints().catch((error) => {
    status.textContent = `The map could not be loaded: ${error.message}`;
  });
  await Promise.all([points, loadList()]);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const { since, until } = filters();
  timeline.setRange(since || until ? [since || '0000-01-01', until || '9999-12-31'] : null);
  $('timeline-clear').hidden = !(since || until);
  refresh();
});
form.addEventListener('reset', () => {
  setTimeout(() => { timeline.setRange(null); $('timeline-clear').hidden = true; refresh(); }, 0);
});
$('timeline-clear').addEventListener('click', () => { timeline.setRange(null); setDates(null); });
$('more').addEventListener('click', () => loadList(true));

addTypes(Object.keys(TYPE_COLOURS));
refresh().then(() => {
  performance.mark('sitrep:ready');
  document.body.dataset.ready = '1';
  startLive($('live'), addLive);
});

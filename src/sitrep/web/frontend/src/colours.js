// One colour per ACLED event type (distinct for common colour blindness).
export const TYPE_COLOURS = {
  Battles: '#c0392b',
  'Explosions/Remote violence': '#e67e22',
  'Violence against civilians': '#7d3c98',
  Protests: '#2471a3',
  Riots: '#138d75',
  'Strategic developments': '#5d6d7e',
};
export const OTHER_COLOUR = '#34495e';

export function colourOf(type) {
  return TYPE_COLOURS[type] || OTHER_COLOUR;
}

// Marker diameter in pixels: grows with the square root of the toll.
export function sizeOf(fatalities) {
  return Math.round(12 + Math.min(30, 4 * Math.sqrt(Math.max(0, fatalities || 0))));
}

// A cluster's diameter in pixels: grows with the logarithm of its events.
export function clusterSizeOf(count) {
  return Math.round(30 + Math.min(34, 8 * Math.log10(Math.max(1, count))));
}

// A conic gradient giving each type its share of the ring, largest first.
export function mixOf(byType) {
  const entries = Object.entries(byType).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  const total = entries.reduce((sum, [, n]) => sum + n, 0) || 1;
  let start = 0;
  const stops = entries.map(([type, n]) => {
    const end = start + (360 * n) / total;
    const stop = `${colourOf(type)} ${start.toFixed(1)}deg ${end.toFixed(1)}deg`;
    start = end;
    return stop;
  });
  return stops.length ? `conic-gradient(${stops.join(', ')})` : OTHER_COLOUR;
}

export function formatCount(n) {
  return Number(n || 0).toLocaleString('en-GB');
}

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

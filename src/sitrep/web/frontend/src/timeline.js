// The timeline under the map: events per day or per week over the whole
// filtered range, counted by the server (api/stats), as bars with a d3 brush.
// Brushing reports a date range. From the keyboard: the timeline is one tab
// stop; Left and Right pick a bar (Shift widens the pick), Home and End the
// first and last, Escape shows all dates again. Undated events stand apart,
// in their own bucket, since no bar can hold them.
import { select } from 'd3-selection';
import { scaleUtc, scaleLinear } from 'd3-scale';
import { axisBottom } from 'd3-axis';
import { brushX } from 'd3-brush';
import { formatCount } from './colours.js';

const DAY = 86400000;
const HEIGHT = 90;
const MARGIN = { top: 6, right: 12, bottom: 22, left: 12 };

export function createTimeline(container, caption, undatedBox, { onBrush }) {
  const svg = select(container).append('svg').attr('class', 'timeline-svg').attr('height', HEIGHT)
    .attr('role', 'img');
  container.tabIndex = 0;
  container.setAttribute('role', 'group');
  let bins = { step: 1, days: [], counts: [] };
  let x = null;
  let range = null;
  let picked = null; // [first bin index, last bin index] picked from the keyboard

  const brush = brushX().on('end', (event) => {
    if (!event.sourceEvent) return; // moved by code, not by a person
    if (!event.selection || !x) { range = null; picked = null; onBrush(null); return; }
    // Whole bars: from the start of the first bar touched to the end of the last.
    const [d0, d1] = event.selection.map((px) => x.invert(px).getTime() / DAY);
    const first = bins.days.findIndex((day) => day + bins.step > d0);
    let last = bins.days.length - 1;
    while (last > 0 && bins.days[last] >= d1) last -= 1;
    if (first < 0 || last < first) return;
    picked = [first, last];
    report();
  });

  function report() {
    const [first, last] = picked;
    range = [isoDay(bins.days[first]), isoDay(bins.days[last] + bins.step - 1)];
    onBrush(range);
    draw();
  }

  function render(timeline) {
    const step = timeline.interval === 'week' ? 7 : 1;
    bins = {
      step,
      days: timeline.start.map((iso) => Math.floor(Date.parse(iso) / DAY)),
      counts: timeline.events,
    };
    picked = null;
    caption.textContent = `Events per ${step === 7 ? 'week' : 'day'} · drag across the bars, `
      + 'or focus here and use the arrow keys, to pick dates';
    undatedBox.textContent = timeline.undated
      ? `Undated: ${formatCount(timeline.undated)} event${timeline.undated === 1 ? '' : 's'} whose date is not known (on no bar)`
      : '';
    undatedBox.hidden = !timeline.undated;
    draw();
  }

  function draw() {
    svg.selectAll('*').remove();
    const width = Math.max(240, container.clientWidth || 600);
    svg.attr('width', width).attr('viewBox', `0 0 ${width} ${HEIGHT}`);
    const { days, counts, step } = bins;
    if (!days.length) {
      x = null;
      svg.attr('aria-label', 'No dated event matches: the timeline is empty');
      container.setAttribute('aria-label', 'Timeline: no dated event matches');
      return;
    }
    const pad = days.length < 14 && step === 1 ? 3 : 0; // a short span still shows as days, not hours
    const start = days[0] - pad;
    const end = days[days.length - 1] + step + pad;
    x = scaleUtc().domain([new Date(start * DAY), new Date(end * DAY)]).range([MARGIN.left, width - MARGIN.right]);
    const peak = Math.max(1, ...counts);
    const y = scaleLinear().domain([0, peak]).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
    const total = counts.reduce((a, b) => a + b, 0);
    const unit = step === 7 ? 'week' : 'day';
    svg.attr('aria-label', `Timeline of ${formatCount(total)} dated events from ${isoDay(days[0])} to `
      + `${isoDay(days[days.length - 1] + step - 1)}, at most ${formatCount(peak)} in one ${unit}`);
    container.setAttribute('aria-label', `Timeline, ${unit} by ${unit}: ${range ? `from ${range[0]} to ${range[1]}` : 'all dates'}. `
      + 'Left and Right pick a bar, Shift widens, Escape shows all dates');
    const barWidth = Math.max(1, x(new Date(step * DAY)) - x(new Date(0)) - 1);
    svg.append('g').attr('class', 'bars').selectAll('rect').data(days.map((d, i) => [d, counts[i]])).join('rect')
      .attr('x', ([day]) => x(new Date(day * DAY)))
      .attr('y', ([, n]) => y(n))
      .attr('width', barWidth)
      .attr('height', ([, n]) => y(0) - y(n));
    svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${HEIGHT - MARGIN.bottom})`)
      .call(axisBottom(x).ticks(Math.max(2, Math.floor(width / 110))).tickSizeOuter(0));
    brush.extent([[MARGIN.left, MARGIN.top], [width - MARGIN.right, HEIGHT - MARGIN.bottom]]);
    const g = svg.append('g').attr('class', 'brush').call(brush);
    if (range) {
      const [lo, hi] = x.range();
      const clamp = (px) => Math.min(hi, Math.max(lo, px));
      const from = clamp(x(new Date(Date.parse(range[0]))));
      const to = clamp(x(new Date(Date.parse(range[1]) + DAY)));
      if (to > from) g.call(brush.move, [from, to]);
    }
  }

  container.addEventListener('keydown', (event) => {
    if (!bins.days.length) return;
    const last = bins.days.length - 1;
    const [a, b] = picked || [null, null];
    let next = null;
    if (event.key === 'ArrowRight') next = event.shiftKey && a !== null ? [a, Math.min(last, b + 1)] : [Math.min(last, (b ?? -1) + 1), Math.min(last, (b ?? -1) + 1)];
    else if (event.key === 'ArrowLeft') next = event.shiftKey && a !== null ? [Math.max(0, a - 1), b] : [Math.max(0, (a ?? last + 1) - 1), Math.max(0, (a ?? last + 1) - 1)];
    else if (event.key === 'Home') next = [0, 0];
    else if (event.key === 'End') next = [last, last];
    else if (event.key === 'Escape' && range) {
      event.stopPropagation();
      picked = null;
      range = null;
      onBrush(null);
      draw();
    }
    if (!next) return;
    event.preventDefault();
    picked = next;
    report();
  });

  function setRange(next) {
    range = next;
    picked = null;
    draw();
  }

  window.addEventListener('resize', () => { if (bins.days.length) draw(); });
  return { render, setRange };
}

function isoDay(day) {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

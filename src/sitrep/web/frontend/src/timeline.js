// The timeline under the map: events per day (per week over long spans) as
// bars, with a d3 brush. Brushing reports a date range; the From/To date
// fields of the filter form are the keyboard's way to the same range.
import { select } from 'd3-selection';
import { scaleUtc, scaleLinear } from 'd3-scale';
import { axisBottom } from 'd3-axis';
import { brushX } from 'd3-brush';

const DAY = 86400000;
const HEIGHT = 90;
const MARGIN = { top: 6, right: 12, bottom: 22, left: 12 };

export function createTimeline(container, caption, { onBrush }) {
  const svg = select(container).append('svg').attr('class', 'timeline-svg').attr('height', HEIGHT)
    .attr('role', 'img');
  let current = { days: [], counts: new Map(), step: 1, x: null };
  let range = null;

  const brush = brushX().on('end', (event) => {
    if (!event.sourceEvent) return; // moved by code, not by a person
    if (!event.selection || !current.x) { range = null; onBrush(null); return; }
    // Whole bars: from the start of the first bar touched to the end of the last.
    const [x0, x1] = event.selection.map((px) => current.x.invert(px).getTime() / DAY);
    const first = binOf(Math.floor(x0), current.step);
    const last = binOf(Math.ceil(x1) - 1, current.step) + current.step - 1;
    range = [isoDay(new Date(first * DAY)), isoDay(new Date(last * DAY))];
    onBrush(range);
  });

  function render(dates) {
    const counts = new Map();
    let min = Infinity;
    let max = -Infinity;
    for (const iso of dates) {
      const day = Math.floor(Date.parse(iso) / DAY);
      if (Number.isNaN(day)) continue;
      min = Math.min(min, day);
      max = Math.max(max, day);
    }
    const step = max - min > 180 ? 7 : 1;
    for (const iso of dates) {
      const bin = binOf(Math.floor(Date.parse(iso) / DAY), step);
      if (!Number.isNaN(bin)) counts.set(bin, (counts.get(bin) || 0) + 1);
    }
    current = { counts, step, min, max, x: null };
    caption.textContent = step === 7
      ? 'Events per week · drag across the bars to pick dates'
      : 'Events per day · drag across the bars to pick dates';
    draw();
  }

  function draw() {
    svg.selectAll('*').remove();
    const width = Math.max(240, container.clientWidth || 600);
    svg.attr('width', width).attr('viewBox', `0 0 ${width} ${HEIGHT}`);
    const { counts, step, min, max } = current;
    if (!counts.size) {
      svg.attr('aria-label', 'No events to show on the timeline');
      return;
    }
    const pad = max - min < 14 ? 7 : 0; // a short span still shows as days, not hours
    const start = binOf(min, step) - pad;
    const end = binOf(max, step) + step + pad;
    const x = scaleUtc().domain([new Date(start * DAY), new Date(end * DAY)])
      .range([MARGIN.left, width - MARGIN.right]);
    const peak = Math.max(...counts.values());
    const y = scaleLinear().domain([0, peak]).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
    current.x = x;
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    svg.attr('aria-label', `Timeline of ${total} events from ${isoDay(new Date(start * DAY))} to ${isoDay(new Date((end - 1) * DAY))}, at most ${peak} in one ${step === 7 ? 'week' : 'day'}`);
    const barWidth = Math.max(1, x(new Date(step * DAY)) - x(new Date(0)) - 1);
    svg.append('g').attr('class', 'bars').selectAll('rect').data([...counts.entries()]).join('rect')
      .attr('x', ([bin]) => x(new Date(bin * DAY)))
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
      const from = clamp(x(new Date(Date.parse(range[0]) || start * DAY)));
      const to = clamp(x(new Date((Date.parse(range[1]) || (end - 1) * DAY) + DAY)));
      if (to > from) g.call(brush.move, [from, to]);
    }
  }

  function setRange(next) {
    range = next;
    draw();
  }

  window.addEventListener('resize', () => { if (current.counts.size) draw(); });
  return { render, setRange };
}

function binOf(day, step) {
  // Weeks start on Monday: day 0 (1970-01-01) was a Thursday.
  return step === 7 ? Math.floor((day + 3) / 7) * 7 - 3 : day;
}

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

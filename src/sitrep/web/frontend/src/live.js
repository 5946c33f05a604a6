// Live updates: the server pushes new and updated events (Server-Sent Events
// from api/events/stream, same origin, so the CSP's connect-src 'self' allows
// it). Each arrival goes to the page through `onEvent(event, kind)` ("new" or
// "updated"); a counter in the header says how many arrived since the page
// opened. EventSource reconnects by itself and resumes from the last message.

export function startLive(counter, onEvent) {
  if (typeof EventSource === 'undefined') return null;
  const source = new EventSource('api/events/stream');
  let arrivals = 0;
  const receive = (kind) => (message) => {
    let event;
    try {
      event = JSON.parse(message.data);
    } catch {
      return; // not ours: ignore
    }
    arrivals += 1;
    counter.hidden = false;
    counter.textContent = `${arrivals} new or updated since you opened the page`;
    document.body.dataset.liveArrivals = String(arrivals);
    onEvent(event, kind);
  };
  source.addEventListener('new', receive('new'));
  source.addEventListener('updated', receive('updated'));
  source.addEventListener('open', () => { document.body.dataset.live = 'open'; });
  source.addEventListener('error', () => { document.body.dataset.live = 'reconnecting'; });
  return source;
}

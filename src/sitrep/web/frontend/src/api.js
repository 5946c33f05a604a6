// The REST API, as the page uses it. Query strings are built from the
// filter form; errors come back as thrown Error with the server's detail.

export async function getJson(path, params, signal) {
  const query = params && params.toString() ? `?${params.toString()}` : '';
  const response = await fetch(`api/${path}${query}`, { headers: { Accept: 'application/json' }, signal });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const body = await response.json();
      detail = typeof body.detail === 'string' ? body.detail : JSON.stringify(body.detail);
    } catch { /* not JSON */ }
    throw new Error(`${response.status}: ${detail}`);
  }
  return response.json();
}

export function filterParams(filters, extra = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) {
    if (value !== null && value !== undefined && String(value).trim() !== '') params.set(key, String(value).trim());
  }
  return params;
}

// Bundle Sitrep's front end into ../static/ with esbuild: one JS file, one
// CSS file, the page, the Natural Earth country borders from world-atlas, and
// the API docs' assets (Swagger UI from swagger-ui-dist, ReDoc's standalone
// bundle) under docs/. Nothing is fetched from a CDN or a tile server at run
// time. (static/towns.json comes from `python -m sitrep.web.towns`.)
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'static');
mkdirSync(out, { recursive: true });

await build({
  entryPoints: { app: join(here, 'src', 'main.js') },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  outdir: out,
  loader: { '.png': 'dataurl', '.svg': 'dataurl' },
  legalComments: 'linked',
  logLevel: 'info',
});
copyFileSync(join(here, 'src', 'index.html'), join(out, 'index.html'));
copyFileSync(join(here, 'node_modules', 'world-atlas', 'countries-50m.json'), join(out, 'countries.json'));
const docs = join(out, 'docs');
mkdirSync(docs, { recursive: true });
for (const name of ['swagger-ui-bundle.js', 'swagger-ui.css', 'favicon-32x32.png']) {
  copyFileSync(join(here, 'node_modules', 'swagger-ui-dist', name), join(docs, name));
}
// ReDoc draws its maker's logo from their CDN, whatever the options: pointed at an empty
// data: URL instead, the image fails at once and ReDoc hides it (its onError).
const redoc = readFileSync(join(here, 'node_modules', 'redoc', 'bundles', 'redoc.standalone.js'), 'utf8');
const logo = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
if (!redoc.includes(logo)) console.warn('redoc: the logo address has changed; check for requests to other hosts');
writeFileSync(join(docs, 'redoc.standalone.js'), redoc.split(logo).join('data:,'));
for (const name of ['swagger-init.js', 'redoc-init.js']) copyFileSync(join(here, 'src', 'docs', name), join(docs, name));

// Bundle Sitrep's front end into ../static/ with esbuild: one JS file, one
// CSS file, the page, and the Natural Earth country borders from world-atlas.
// Nothing is fetched from a CDN or a tile server at run time.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
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

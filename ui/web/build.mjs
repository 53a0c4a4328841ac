// Bundles the ops UI's front end into the ui jar: htmx and uPlot from node_modules (versions pinned by
// package-lock.json) with the UI's own script and styles, as one ui.js and one ui.css, plus their sizes
// (bundle.json, printed). Run by ui/pom.xml (exec-maven-plugin) after `npm ci`; nothing is fetched at run time.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, '..', 'target', 'web', 'io', 'taskscope', 'ui', 'static');
const read = (p) => readFileSync(join(here, p), 'utf8');
const pkg = (name) => JSON.parse(read(`node_modules/${name}/package.json`));

const js = [
  `/*! htmx.org ${pkg('htmx.org').version} | ${pkg('htmx.org').license} */`,
  read('node_modules/htmx.org/dist/htmx.min.js'),
  `/*! uPlot ${pkg('uplot').version} | ${pkg('uplot').license} | https://github.com/leeoniya/uPlot */`,
  read('node_modules/uplot/dist/uPlot.iife.min.js'),
  read('src/app.js'),
].join('\n');
const css = [read('node_modules/uplot/dist/uPlot.min.css'), read('src/app.css')].join('\n');

mkdirSync(out, { recursive: true });
const sizes = {};
for (const [name, text] of [['ui.js', js], ['ui.css', css]]) {
  const bytes = Buffer.from(text, 'utf8');
  writeFileSync(join(out, name), bytes);
  sizes[name] = { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}
sizes.total = {
  bytes: sizes['ui.js'].bytes + sizes['ui.css'].bytes,
  gzip: sizes['ui.js'].gzip + sizes['ui.css'].gzip,
};
sizes.packages = { 'htmx.org': pkg('htmx.org').version, uplot: pkg('uplot').version };
writeFileSync(join(out, 'bundle.json'), JSON.stringify(sizes, null, 2) + '\n');
console.log(`ui bundle: ui.js ${sizes['ui.js'].bytes} B (${sizes['ui.js'].gzip} B gzip), ui.css ${sizes['ui.css'].bytes} B `
  + `(${sizes['ui.css'].gzip} B gzip), total ${sizes.total.gzip} B gzip`);

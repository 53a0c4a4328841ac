// Drives the ops UI in a real browser (Debian's chromium through playwright-core): node ui-check.mjs BASE_URL OUT_DIR.
// Runs every page's scenario (ui/*.mjs), audits each page visited with axe-core and writes laptop and phone
// screenshots to OUT_DIR; prints one JSON object with every check's result and exits 1 if any check failed.
import { Run } from './ui/harness.mjs';
import { list } from './ui/list.mjs';
import { notFound } from './ui/notfound.mjs';
import { escaping } from './ui/escaping.mjs';
import { taskPage, graphPage } from './ui/taskpage.mjs';
import { crLookup } from './ui/cr.mjs';
import { logs } from './ui/logs.mjs';

const SCENARIOS = { list, notFound, escaping, taskPage, graphPage, crLookup, logs };

const [baseUrl, outDir] = process.argv.slice(2);
if (!baseUrl || !outDir) {
  console.error('usage: node ui-check.mjs BASE_URL OUT_DIR');
  process.exit(2);
}
const only = process.env.UI_CHECK_ONLY ? process.env.UI_CHECK_ONLY.split(',') : Object.keys(SCENARIOS);
const run = new Run(baseUrl, outDir);
const t0 = Date.now();
try {
  await run.open();
  for (const name of only) {
    await run.check(`${name}.scenario`, () => SCENARIOS[name](run));
  }
} catch (e) {
  await run.check('browser', () => { throw e; });
} finally {
  await run.close();
}
const report = { ...run.report(), ms: Date.now() - t0 };
console.log(JSON.stringify(report, null, 2));
process.exit(report.ok ? 0 : 1);

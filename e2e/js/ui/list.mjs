// The task list (/ui/): search, live rows, filters, sorting. The demo's IncrementalLearningJob helmet-detection-il
// is the moving task: its condition changes every one to three simulator ticks (LearningJobActor), so each 5 s
// refresh of the rows shows another stage/status.
import { column, expect, poll } from './harness.mjs';

export const MOVING_TASK = { kind: 'IncrementalLearningJob', namespace: 'demo', name: 'helmet-detection-il' };
const COL = { name: 1, kind: 2, namespace: 3, status: 4 };

export async function list(run) {
  const page = await run.page();

  await run.check('list.loads', async () => {
    const res = await page.goto(run.url('/ui/'));
    expect(res.status() === 200, `status ${res.status()}`);
    expect((await page.textContent('h1')).trim() === 'Tasks', 'no Tasks heading');
    const names = await column(page, COL.name);
    expect(names.length >= 5, `only ${names.length} rows`);
    return { rows: names.length };
  });
  await run.audit(page, 'list', 'tasks');

  await run.check('list.search', async () => {
    await page.goto(run.url('/ui/'));
    await page.fill('input[name="q"]', MOVING_TASK.name);
    await Promise.all([page.waitForURL(/[?&]q=helmet-detection-il/), page.click('form.filters button[type="submit"]')]);
    const names = await column(page, COL.name);
    expect(names.includes(MOVING_TASK.name), `row not shown: ${JSON.stringify(names)}`);
    expect(names.every((n) => n.includes(MOVING_TASK.name)), `rows not matching the search: ${JSON.stringify(names)}`);
    expect(await page.inputValue('input[name="q"]') === MOVING_TASK.name, 'search box lost its text');
    return { rows: names };
  });

  await liveUpdate(run, page);
  await filters(run, page);
  await sorting(run, page);
  await run.check('list.no-script-errors', async () => {
    expect(page.pageErrors.length === 0, `uncaught errors: ${JSON.stringify(page.pageErrors)}`);
  });
  await page.close();
}

/**
 * The moving task's status cell changes by itself (htmx refresh, no navigation) within a bounded wait, and the table
 * keeps its height and column widths while rows are swapped.
 */
async function liveUpdate(run, page) {
  let swaps = 0;
  page.on('response', (r) => {
    if (r.url().includes('/ui/tasks/rows')) {
      swaps++;
    }
  });
  await page.goto(run.url(`/ui/?kind=${MOVING_TASK.kind}&ns=${MOVING_TASK.namespace}&q=${MOVING_TASK.name}`));
  // a value only this document has: still there afterwards means the page was not reloaded
  await page.evaluate(() => { window.__sameDocument = 'yes'; });
  const geometry = () => page.evaluate(() => {
    const table = document.querySelector('table.tasks').getBoundingClientRect();
    const cols = [...document.querySelectorAll('table.tasks thead th')].map((th) => th.getBoundingClientRect().width);
    return { height: table.height, cols };
  });
  const statusOf = async () => (await column(page, COL.status))[0];
  const before = await statusOf();
  const g0 = await geometry();
  let maxHeight = 0;
  let maxCol = 0;
  const seen = [before];
  let changedTo = null;
  const t0 = Date.now();
  await run.check('list.live-update', async () => {
    changedTo = await poll(async () => {
      const g = await geometry();
      maxHeight = Math.max(maxHeight, Math.abs(g.height - g0.height));
      g.cols.forEach((w, i) => { maxCol = Math.max(maxCol, Math.abs(w - g0.cols[i])); });
      const now = await statusOf();
      if (seen[seen.length - 1] !== now) {
        seen.push(now);
      }
      return now !== before ? now : null;
    }, 25_000, 100);
    expect(changedTo, `status stayed "${before}" for 25 s`);
    expect(await page.evaluate(() => window.__sameDocument) === 'yes', 'the page was reloaded');
    expect(swaps >= 1, 'no /ui/tasks/rows request');
    return { before, after: changedTo, afterMs: Date.now() - t0, rowRequests: swaps };
  });
  await run.check('list.layout-stable', async () => {
    // rows keep their fixed column widths and one-line height when values change
    expect(changedTo, 'no refresh happened to measure');
    expect(maxHeight <= 3, `table height moved ${maxHeight} px`);
    expect(maxCol <= 2, `a column width moved ${maxCol} px`);
    return { maxHeightDeltaPx: maxHeight, maxColumnDeltaPx: maxCol, statuses: seen };
  });
}

/** Choosing a kind, then a namespace, in the filter form: only matching rows, fewer than all. */
async function filters(run, page) {
  await page.goto(run.url('/ui/'));
  const all = (await column(page, COL.name)).length;
  await run.check('list.filter-kind', async () => {
    await page.selectOption('select[name="kind"]', 'IncrementalLearningJob');
    await Promise.all([page.waitForURL(/kind=IncrementalLearningJob/), page.click('form.filters button[type="submit"]')]);
    const kinds = await column(page, COL.kind);
    expect(kinds.length > 0 && kinds.length < all, `${kinds.length} rows of ${all}`);
    expect(kinds.every((k) => k === 'IncrementalLearningJob'), `other kinds shown: ${JSON.stringify(kinds)}`);
    return { rows: kinds.length, of: all };
  });
  await run.check('list.filter-namespace', async () => {
    await page.goto(run.url('/ui/'));
    const options = await page.$$eval('select[name="ns"] option', (os) => os.map((o) => o.value).filter((v) => v));
    expect(options.length >= 2, `namespaces offered: ${JSON.stringify(options)}`);
    const ns = options.includes('demo') ? 'demo' : options[0];
    await page.selectOption('select[name="ns"]', ns);
    await Promise.all([page.waitForURL(new RegExp(`ns=${ns}`)), page.click('form.filters button[type="submit"]')]);
    const namespaces = await column(page, COL.namespace);
    expect(namespaces.length > 0 && namespaces.length < all, `${namespaces.length} rows of ${all}`);
    expect(namespaces.every((n) => n === ns), `other namespaces shown: ${JSON.stringify([...new Set(namespaces)])}`);
    // both filters at once: the kind choice is kept alongside the namespace
    await page.selectOption('select[name="kind"]', 'IncrementalLearningJob');
    await Promise.all([page.waitForURL(/kind=IncrementalLearningJob/), page.click('form.filters button[type="submit"]')]);
    const kinds = await column(page, COL.kind);
    const both = await column(page, COL.namespace);
    expect(kinds.length > 0 && kinds.every((k) => k === 'IncrementalLearningJob') && both.every((n) => n === ns),
      'kind and namespace filters together');
    return { namespace: ns, rows: namespaces.length, of: all, withKind: kinds.length };
  });
}

/** Clicking the Namespace header sorts ascending, clicking it again descending (aria-sort says which). */
async function sorting(run, page) {
  await run.check('list.sort', async () => {
    await page.goto(run.url('/ui/'));
    const header = 'table.tasks thead th:nth-child(3)';
    await Promise.all([page.waitForURL(/sort=namespace&dir=asc/), page.click(`${header} a`)]);
    const asc = await column(page, COL.namespace);
    expect(asc.every((v, i) => i === 0 || asc[i - 1] <= v), `not ascending: ${JSON.stringify(asc)}`);
    expect(await page.getAttribute(header, 'aria-sort') === 'ascending', 'aria-sort not ascending');
    await Promise.all([page.waitForURL(/sort=namespace&dir=desc/), page.click(`${header} a`)]);
    const desc = await column(page, COL.namespace);
    expect(desc.every((v, i) => i === 0 || desc[i - 1] >= v), `not descending: ${JSON.stringify(desc)}`);
    expect(await page.getAttribute(header, 'aria-sort') === 'descending', 'aria-sort not descending');
    expect(new Set(asc).size >= 2, 'only one namespace: sorting proves nothing');
    return { first: asc[0], last: asc[asc.length - 1], rows: asc.length };
  });
}

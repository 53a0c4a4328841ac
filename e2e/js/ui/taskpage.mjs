// The task page, reached from the list by the task's name: its status and stage, the condition timeline, charts
// that drew data, its pods with links to their logs, a Grafana link that leads to the configured Grafana with the
// task's variables; and the hostile CR's label and condition message shown as text.
import { expect, poll } from './harness.mjs';
import { MOVING_TASK } from './list.mjs';

/** Charts on the page: how many, how many drew points (app.js sets data-points after drawing). */
async function charts(page) {
  return page.$$eval('[data-chart]', (els) => els.map((e) => Number(e.getAttribute('data-points') || 0)));
}

export async function taskPage(run) {
  const page = await run.page();
  await run.check('task.from-list', async () => {
    await page.goto(run.url(`/ui/?q=${encodeURIComponent(MOVING_TASK.name)}`));
    await Promise.all([page.waitForURL(/\/ui\/task\//), page.click(`#task-rows a:text-is("${MOVING_TASK.name}")`)]);
    expect(page.url().endsWith(`/ui/task/${MOVING_TASK.kind}/${MOVING_TASK.namespace}/${MOVING_TASK.name}`),
      `landed on ${page.url()}`);
    expect((await page.textContent('h1')).trim() === MOVING_TASK.name, 'heading is not the task name');
    return { url: page.url() };
  });
  await run.check('task.timeline', async () => {
    const rows = await page.$$eval('table.timeline tbody tr', (trs) => trs.map((t) => t.textContent));
    expect(rows.length >= 2, `timeline rows: ${rows.length}`);
    expect(rows.some((r) => /Train/.test(r)), 'no Train stage in the timeline');
    return { rows: rows.length };
  });
  await run.check('task.charts-drawn', async () => {
    // the in-memory history samples every 15 s: reload until the charts have points
    const drawn = await poll(async () => {
      await page.reload();
      await page.waitForLoadState('load');
      const c = await poll(async () => {
        const p = await charts(page);
        return p.length > 0 && p.every((n) => n > 0) ? p : null;
      }, 3000);
      return c;
    }, 60_000, 2000);
    expect(drawn, `charts without points: ${JSON.stringify(await charts(page))}`);
    return { charts: drawn.length, points: drawn };
  });
  await run.check('task.pods', async () => {
    const pods = await page.$$eval('table.pods tbody tr', (trs) => trs.length);
    const logs = await page.$$eval('a[href^="/ui/logs?"]', (as) => as.length);
    expect(pods > 0 && logs > 0, `pods ${pods}, log links ${logs}`);
    return { pods, logLinks: logs };
  });
  await run.audit(page, 'task', 'task');
  await run.check('task.grafana-link', async () => {
    const link = await page.$('#grafana ~ ul a, a[href*="/d/"]');
    expect(link, 'no Grafana link (ui.grafana is set by the test)');
    const href = await link.getAttribute('href');
    await Promise.all([page.waitForURL((u) => u.toString().startsWith(href.split('?')[0])), link.click()]);
    const body = await page.textContent('body');
    expect(body.includes('grafana stub'), `did not reach the Grafana stub: ${body.slice(0, 80)}`);
    return { href };
  });
  await run.check('task.no-script-errors', async () => {
    expect(page.pageErrors.length === 0, `uncaught errors: ${JSON.stringify(page.pageErrors)}`);
  });
  await run.check('task.escaping', async () => {
    const hostile = JSON.parse(process.env.UI_CHECK_HOSTILE || 'null');
    expect(hostile, 'UI_CHECK_HOSTILE not set');
    await page.goto(run.url(`/ui/task/${hostile.kind}/${hostile.namespace}/${hostile.name}`));
    const found = await page.evaluate(() => ({ xss: typeof window.__xss === 'undefined' ? null : window.__xss,
      imgs: document.querySelectorAll('img[src="x"]').length }));
    expect(found.xss === null && found.imgs === 0, `injected: ${JSON.stringify(found)}`);
    expect((await page.textContent('main')).includes(hostile.text), 'the condition message is not shown as text');
    return found;
  });
  await run.check('task.not-found', async () => {
    const res = await page.goto(run.url('/ui/task/JointInferenceService/demo/helmet-detection-inferenc'));
    expect(res.status() === 404, `status ${res.status()}`);
    const links = await page.$$eval('ul.suggestions a', (as) => as.map((a) => a.textContent));
    expect(links.includes('helmet-detection-inference'), `suggestions: ${JSON.stringify(links)}`);
    return { suggestions: links };
  });
  await page.close();
}

/** The knowledge graph of a workload with its forecasts: the picture, the links in words, charts that loaded. */
export async function graphPage(run) {
  const page = await run.page();
  const path = '/ui/task/Deployment/demo/helmet-detection-inference-deployment-edge';
  await run.check('graph.from-task-page', async () => {
    await page.goto(run.url(path));
    await Promise.all([page.waitForURL(/\/ui\/graph\//), page.click('a:text("Knowledge graph and forecasts")')]);
    const nodes = await page.$$eval('svg.kg .kg-node', (g) => g.length);
    const links = await page.$$eval('main table tbody tr', (trs) => trs.length);
    expect(nodes >= 3 && links >= 3, `nodes ${nodes}, links ${links}`);
    return { nodes, links };
  });
  await run.check('graph.forecast-charts', async () => {
    // the demo's first forecast run starts a few seconds after start and takes up to a minute on 2 cores
    const loaded = await poll(async () => {
      await page.reload();
      const imgs = await page.$$eval('img.forecast', (is) => is.map((i) => i.complete && i.naturalWidth > 0));
      return imgs.length >= 3 && imgs.every(Boolean) ? imgs.length : null;
    }, 150_000, 3000);
    expect(loaded, 'no forecast charts loaded');
    return { charts: loaded };
  });
  await run.audit(page, 'graph', 'graph');
  await page.close();
}

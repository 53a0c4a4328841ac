// A pod's log searched by keyword: reached from the task page, matches highlighted newest first with a count chart
// that drew, "load older" pages back, a keyword that is an invalid regex is plain text; and through the stand-in
// Loki the test configures, a hostile log line is shown as text.
import { expect, poll } from './harness.mjs';

const TASK = '/ui/task/JointInferenceService/demo/helmet-detection-inference';

export async function logs(run) {
  const page = await run.page();
  await run.check('logs.from-task-page', async () => {
    await page.goto(run.url(TASK));
    const link = await page.$('table.pods a[href*="edge"]');
    expect(link, 'no logs link of the edge worker on the task page');
    await Promise.all([page.waitForURL(/\/ui\/logs\?/), link.click()]);
    return { url: page.url() };
  });
  await run.check('logs.keyword-highlighted', async () => {
    // every line the edge worker writes names an inference; a worker up for seconds may not have written yet
    await page.selectOption('select[name="source"]', 'kubernetes').catch(() => {});
    await page.fill('input[name="q"]', 'Inference');
    await Promise.all([page.waitForURL(/q=Inference/), page.click('main form button[type="submit"]')]);
    const read = () => page.$$eval('ol.log li', (lis) => lis.map((l) => ({ text: l.textContent,
      marks: [...l.querySelectorAll('mark')].map((m) => m.textContent.toLowerCase()) })));
    const lines = await poll(async () => {
      const l = await read();
      if (l.length === 0) {
        await page.reload();
      }
      return l.length > 0 ? l : null;
    }, 30_000, 2000);
    expect(lines, 'no matching line within 30 s');
    expect(lines.every((l) => l.marks.includes('inference')), 'a line without the highlighted keyword');
    const stamps = await page.$$eval('ol.log li time', (ts) => ts.map((t) => t.getAttribute('datetime')));
    expect(stamps.length < 2 || stamps[0] >= stamps[stamps.length - 1], 'newest line is not first');
    const points = await page.$$eval('[data-chart]', (els) => els.map((e) => Number(e.getAttribute('data-points') || 0)));
    expect(points.length === 1 && points[0] > 0, `count chart not drawn: ${JSON.stringify(points)}`);
    return { lines: lines.length, chartPoints: points[0] };
  });
  await run.audit(page, 'logs', 'logs');
  await run.check('logs.load-older', async () => {
    // a local controller has run for days: far more lines than a page, so older ones page back
    const lc = await page.$$eval('select[name="pod"] option', (os) => os.map((o) => o.value)
      .find((v) => /\/lc-/.test(v)));
    expect(lc, 'no local controller pod in the picker');
    await page.goto(run.url(`/ui/logs?pod=${encodeURIComponent(lc)}&q=&source=kubernetes`));
    const first = await page.$$eval('ol.log li', (lis) => lis.map((l) => l.textContent));
    const older = await page.$('a.older');
    expect(older, `no "Load older" link after ${first.length} lines`);
    await Promise.all([page.waitForURL(/before=/), older.click()]);
    const next = await page.$$eval('ol.log li', (lis) => lis.map((l) => l.textContent));
    expect(next.length > 0 && !next.includes(first[0]), 'older page repeats the newest line');
    return { pod: lc, lines: first.length, older: next.length };
  });
  await run.check('logs.regex-as-text', async () => {
    const res = await page.goto(run.url('/ui/logs?pod=demo%2Fnothing&q=%28a%2B%29%2B%24%5B'));
    expect(res.status() === 200, `status ${res.status()}`);
    expect((await page.inputValue('input[name="q"]')) === '(a+)+$[', 'keyword not kept as typed');
  });
  await run.check('logs.loki-hostile-line', async () => {
    const hostile = JSON.parse(process.env.UI_CHECK_HOSTILE || 'null');
    expect(hostile, 'UI_CHECK_HOSTILE not set');
    const pod = encodeURIComponent(`${hostile.logNamespace}/${hostile.logPod}`);
    await page.goto(run.url(`/ui/logs?pod=${pod}&q=probe&source=loki`));
    const found = await page.evaluate(() => ({ xss: typeof window.__xss === 'undefined' ? null : window.__xss,
      imgs: document.querySelectorAll('img[src="x"]').length }));
    expect(found.xss === null && found.imgs === 0, `injected: ${JSON.stringify(found)}`);
    const lines = await page.$$eval('ol.log li', (lis) => lis.map((l) => l.textContent));
    expect(lines.some((l) => l.includes(hostile.text)), `hostile line not shown as text: ${JSON.stringify(lines)}`);
    return { lines: lines.length };
  });
  await run.check('logs.no-script-errors', async () => {
    expect(page.pageErrors.length === 0, `uncaught errors: ${JSON.stringify(page.pageErrors)}`);
  });
  await page.close();
}

// The friendly 404: a path under /ui/ that is no page (here a mistyped task name) answers 404 with the path, tasks
// last segment, and a search box holding that segment.
import { expect } from './harness.mjs';

export async function notFound(run) {
  const page = await run.page();
  await run.check('notfound.page', async () => {
    const res = await page.goto(run.url('/ui/helmet-detection-ll'));
    expect(res.status() === 404, `status ${res.status()}`);
    expect((await page.textContent('h1')).trim() === 'Not found', 'no Not found heading');
    expect((await page.textContent('main')).includes('/ui/helmet-detection-ll'), 'the missing path is not named');
    return { status: res.status() };
  });
  await run.check('notfound.suggestions', async () => {
    const links = await page.$$eval('ul.suggestions a', (as) => as.map((a) => ({ text: a.textContent,
      href: a.getAttribute('href') })));
    expect(links.some((l) => l.text.includes('helmet')), `no helmet task suggested: ${JSON.stringify(links)}`);
    expect(links.every((l) => l.href.startsWith('/ui/task/')), 'suggestions do not link task pages');
    expect(await page.inputValue('input[name="q"]') === 'helmet-detection-ll', 'search box not pre-filled');
    return { suggestions: links.map((l) => l.text) };
  });
  await run.audit(page, 'notfound', 'not-found');
  await run.check('notfound.search-from-404', async () => {
    // the 404's search box leads back to the list, searching the typed name
    await page.fill('input[name="q"]', 'helmet');
    await Promise.all([page.waitForURL(/\/ui\/\?q=helmet/), page.click('main form button[type="submit"]')]);
    const names = await page.$$eval('#task-rows tr td:first-child', (tds) => tds.map((t) => t.textContent));
    expect(names.length > 0 && names.every((n) => n.includes('helmet')), `rows: ${JSON.stringify(names)}`);
    return { rows: names.length };
  });
  await run.check('notfound.no-script-errors', async () => {
    expect(page.pageErrors.length === 0, `uncaught errors: ${JSON.stringify(page.pageErrors)}`);
  });
  await page.close();
}

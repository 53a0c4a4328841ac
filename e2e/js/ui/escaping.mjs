// Hostile text from the cluster and from the request, shown as text and never run. The test creates (through the
// demo's Kubernetes API) a Sedna CR whose label value, condition message and condition type hold HOSTILE.text and
// passes it in the environment (UI_CHECK_HOSTILE, JSON: kind, namespace, name, text). The list shows the condition
// type as the status; the task page (not on main yet) will show label and message.
import { column, expect } from './harness.mjs';

/** In the page: did any hostile markup become DOM, or run? (window.__xss is what the payloads would set.) */
async function injected(page) {
  return page.evaluate(() => ({
    xss: typeof window.__xss === 'undefined' ? null : window.__xss,
    imgs: document.querySelectorAll('img[src="x"]').length,
    scripts: [...document.scripts].filter((s) => s.textContent.includes('__xss')).length,
  }));
}

function clean(found) {
  expect(found.xss === null && found.imgs === 0 && found.scripts === 0, `injected: ${JSON.stringify(found)}`);
}

export async function escaping(run) {
  const hostile = process.env.UI_CHECK_HOSTILE ? JSON.parse(process.env.UI_CHECK_HOSTILE) : null;
  const page = await run.page();
  await run.check('escaping.list', async () => {
    // no skipping: without the hostile object the check has nothing to prove, so it fails
    expect(hostile, 'UI_CHECK_HOSTILE not set: the hostile custom resource was not created');
    await page.goto(run.url(`/ui/?q=${encodeURIComponent(hostile.name)}`));
    // whether markup got in first: that failure says more than the mangled text it leaves behind
    clean(await injected(page));
    const statuses = await column(page, 4);
    expect(statuses.length === 1 && statuses[0].includes(hostile.text),
      `hostile status not shown as text: ${JSON.stringify(statuses)}`);
    // the periodic refresh swaps the rows in with htmx, a second way for markup to get in
    await page.waitForResponse((r) => r.url().includes('/ui/tasks/rows'), { timeout: 8_000 });
    await page.waitForTimeout(300);
    clean(await injected(page));
    const after = await column(page, 4);
    expect(after.length === 1 && after[0].includes(hostile.text), `after refresh: ${JSON.stringify(after)}`);
    return { shown: after[0] };
  });
  await run.check('escaping.search-box', async () => {
    expect(hostile, 'UI_CHECK_HOSTILE not set');
    await page.goto(run.url(`/ui/?q=${encodeURIComponent(hostile.text)}`));
    clean(await injected(page));
    expect(await page.inputValue('input[name="q"]') === hostile.text, 'search box does not hold the text as typed');
  });
  await run.check('escaping.not-found', async () => {
    expect(hostile, 'UI_CHECK_HOSTILE not set');
    const res = await page.goto(run.url('/ui/' + encodeURIComponent(hostile.text)));
    expect(res.status() === 404, `status ${res.status()}`);
    clean(await injected(page));
    expect((await page.textContent('main p')).includes(hostile.text), 'the path is not shown as text');
  });
  await page.close();
}

// Looking up a Sedna CR by kind and name: the lookup form leads to the object's page (conditions as a table, the
// condition data pretty-printed), the raw YAML is one click away, an unknown name answers the friendly 404, and the
// hostile CR's label value and condition message are shown as text.
import { expect } from './harness.mjs';

const CR = { kind: 'IncrementalLearningJob', namespace: 'demo', name: 'helmet-detection-il' };

export async function crLookup(run) {
  const page = await run.page();
  await run.check('cr.lookup-form', async () => {
    await page.goto(run.url('/ui/cr'));
    await page.selectOption('select[name="kind"]', CR.kind);
    await page.fill('input[name="name"]', CR.name);
    await Promise.all([page.waitForURL(/\/ui\/cr\/IncrementalLearningJob\//), page.click('main form button')]);
    expect(page.url().endsWith(`/ui/cr/${CR.kind}/${CR.namespace}/${CR.name}`), `landed on ${page.url()}`);
    const conditions = await page.$$eval('table.conditions tbody tr', (trs) => trs.length);
    const data = await page.$$eval('main pre', (ps) => ps.map((p) => p.textContent));
    expect(conditions > 0, 'no conditions table rows');
    expect(data.some((d) => d.includes('\n  ')), 'no pretty-printed condition data');
    return { conditions, pre: data.length };
  });
  await run.audit(page, 'cr', 'cr-lookup');
  await run.check('cr.raw-yaml', async () => {
    await Promise.all([page.waitForURL(/format=yaml/), page.click('a:text("Raw YAML")')]);
    const yaml = await page.textContent('pre.yaml');
    expect(yaml.includes('apiVersion: sedna.io/v1alpha1') && yaml.includes(`name: ${CR.name}`), 'YAML not shown');
    expect(!yaml.includes('managedFields'), 'managedFields shown');
    return { chars: yaml.length };
  });
  await run.check('cr.not-found', async () => {
    const res = await page.goto(run.url('/ui/cr/IncrementalLearningJob/demo/helmet-detection-i'));
    expect(res.status() === 404, `status ${res.status()}`);
    const links = await page.$$eval('ul.suggestions a', (as) => as.map((a) => a.textContent));
    expect(links.some((l) => l.startsWith('helmet-detection')), `suggestions: ${JSON.stringify(links)}`);
    return { suggestions: links.length };
  });
  await run.check('cr.escaping', async () => {
    const hostile = JSON.parse(process.env.UI_CHECK_HOSTILE || 'null');
    expect(hostile, 'UI_CHECK_HOSTILE not set');
    await page.goto(run.url(`/ui/cr/${hostile.kind}/${hostile.namespace}/${hostile.name}`));
    const found = await page.evaluate(() => ({ xss: typeof window.__xss === 'undefined' ? null : window.__xss,
      imgs: document.querySelectorAll('img[src="x"]').length }));
    expect(found.xss === null && found.imgs === 0, `injected: ${JSON.stringify(found)}`);
    const text = await page.textContent('main');
    // the label value and the condition message both hold it: at least twice on the page, as text
    expect(text.split(hostile.text).length - 1 >= 2, 'label value and condition message not shown as text');
    return found;
  });
  await run.check('cr.no-script-errors', async () => {
    expect(page.pageErrors.length === 0, `uncaught errors: ${JSON.stringify(page.pageErrors)}`);
  });
  await page.close();
}

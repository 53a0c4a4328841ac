// What every UI scenario shares: the browser (Debian's chromium, never a downloaded one), named checks whose results
// end up in one JSON report, an axe-core audit and two screenshots (laptop, phone) of every page a scenario visits.
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
// axe's own bundle, injected into each audited page as a script (the page itself never loads it)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const LAPTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };
/** Impacts that fail a page's audit; minor and moderate ones are reported only. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** One run of the UI checks against BASE_URL: collects check results, audits and screenshot paths. */
export class Run {
  constructor(baseUrl, outDir) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.outDir = outDir;
    this.checks = [];
    this.axe = {};
    this.screenshots = [];
    mkdirSync(outDir, { recursive: true });
  }

  async open() {
    this.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    // bypassCSP: axe is injected as an inline script, which the UI's CSP forbids. It also makes the escaping checks
    // stricter: an unescaped <script> would run here, so a pass proves the escaping, not the CSP.
    this.context = await this.browser.newContext({ viewport: LAPTOP, bypassCSP: true, deviceScaleFactor: 1 });
    this.context.setDefaultTimeout(15_000);
  }

  async close() {
    await this.browser?.close();
  }

  url(path) {
    return this.baseUrl + path;
  }

  /** A fresh page that remembers uncaught script errors (page.pageErrors). */
  async page() {
    const page = await this.context.newPage();
    page.pageErrors = [];
    page.on('pageerror', (e) => page.pageErrors.push(String(e)));
    return page;
  }

  /**
   * Runs {@code fn} as the check {@code name}: passes when it returns without throwing; whatever it returns is kept
   * as the check's detail. A failing check does not stop the scenario (later checks still report).
   */
  async check(name, fn) {
    const t0 = Date.now();
    try {
      const detail = await fn();
      this.checks.push({ name, ok: true, ms: Date.now() - t0, detail: detail ?? null });
    } catch (e) {
      this.checks.push({ name, ok: false, ms: Date.now() - t0, detail: String(e?.stack ?? e) });
    }
  }

  /**
   * The audit every visited page gets, as checks {@code <label>.axe} and {@code <label>.screenshots}: axe-core at
   * laptop size (serious or critical violations fail it), then viewport screenshots at laptop and phone size
   * ({@code <shot>-laptop.png}, {@code <shot>-phone.png}). Leaves the page at laptop size.
   */
  async audit(page, label, shot) {
    await this.check(`${label}.axe`, async () => {
      await page.addScriptTag({ content: AXE_SOURCE });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const violations = result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
        targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      }));
      this.axe[label] = { url: page.url(), violations };
      const failing = violations.filter((v) => FAILING_IMPACTS.has(v.impact));
      if (failing.length > 0) {
        throw new Error('serious/critical accessibility violations: ' + JSON.stringify(failing));
      }
      return { violations: violations.length };
    });
    await this.check(`${label}.screenshots`, async () => {
      const files = [];
      for (const [size, viewport] of [['laptop', LAPTOP], ['phone', PHONE]]) {
        await page.setViewportSize(viewport);
        const file = join(this.outDir, `${shot}-${size}.png`);
        await page.screenshot({ path: file, fullPage: false, animations: 'disabled', caret: 'hide' });
        files.push(file);
      }
      await page.setViewportSize(LAPTOP);
      this.screenshots.push(...files);
      return files;
    });
  }

  /** The report: every check, the axe results per page, the screenshots; ok only if every check passed. */
  report() {
    return { ok: this.checks.length > 0 && this.checks.every((c) => c.ok), baseUrl: this.baseUrl,
      checks: this.checks, axe: this.axe, screenshots: this.screenshots };
  }
}

/** Throws {@code message} unless {@code cond}. */
export function expect(cond, message) {
  if (!cond) {
    throw new Error(message);
  }
}

/** The text of column {@code col} (1-based) of every row of the task table. */
export async function column(page, col) {
  return page.$$eval(`#task-rows tr td:nth-child(${col})`, (tds) => tds.map((td) => td.textContent.trim()));
}

/** Polls {@code fn} every {@code everyMs} until it returns a truthy value or {@code timeoutMs} passes. */
export async function poll(fn, timeoutMs, everyMs = 200) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > end) {
      return v;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// TODO scenarios of pages not on main yet. None of these is run by ui-check.mjs and none reports a check: add each to
// SCENARIOS there once its page is merged, with its own checks (a page that is missing must fail, never pass).
import { expect } from './harness.mjs';

/**
 * TODO(CR lookup, /ui/cr...): look up a CR by kind/namespace/name, an unknown one (404 with suggestions), the hostile
 * CR's label and message escaped; run.audit(page, 'cr', 'cr-lookup').
 */
export async function crLookup(run) {
  expect(false, `TODO: CR lookup scenario not written (${run.baseUrl})`);
}

/**
 * TODO(logs, /ui/logs): a worker pod's log tail appears, a search keyword is highlighted (<mark>) and hostile log
 * lines are escaped; run.audit(page, 'logs', 'logs').
 */
export async function logs(run) {
  expect(false, `TODO: logs scenario not written (${run.baseUrl})`);
}

#!/usr/bin/env node
// Checks Grafana dashboard JSON files against Grafana's own schema types (@grafana/schema): each dashboard is embedded
// in a TypeScript source as an object literal typed `Dashboard`, each panel's options and custom field config as the
// panel plugin's generated `Options` / `FieldConfig`, each query as the datasource's query model, and the TypeScript
// compiler type-checks the lot. Object literals get excess-property checks, so misspelt keys fail as well as wrong
// types, missing required fields and values outside an enum.
//
// Usage: node grafana-schema-check.mjs DASHBOARD.json...
// Prints {"files": {"<path>": ["<problem>", ...]}} on stdout; exit 0 = every file valid, 1 = problems, 2 = bad usage.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { defaultDashboard } from '@grafana/schema';

const here = path.dirname(fileURLToPath(import.meta.url));
const schemaRoot = '@grafana/schema/dist/types/raw/composable';

// Panel type -> folder of its generated types in @grafana/schema (panels without a FieldConfig type have none).
const PANELS = {
  'timeseries': { dir: 'timeseries', fieldConfig: true },
  'stat': { dir: 'stat', fieldConfig: false },
  'piechart': { dir: 'piechart', fieldConfig: true },
  'histogram': { dir: 'histogram', fieldConfig: true },
  'table': { dir: 'table', fieldConfig: true },
  'state-timeline': { dir: 'statetimeline', fieldConfig: true },
  'status-history': { dir: 'statushistory', fieldConfig: true },
  'bargauge': { dir: 'bargauge', fieldConfig: false },
  'gauge': { dir: 'gauge', fieldConfig: false },
  'barchart': { dir: 'barchart', fieldConfig: true },
  'heatmap': { dir: 'heatmap', fieldConfig: true },
  'logs': { dir: 'logs', fieldConfig: false },
  'text': { dir: 'text', fieldConfig: false },
};

// The query models of the two datasources TaskScope provisions, as Grafana's Prometheus and Loki plugins define them
// (their dataquery schemas are not part of @grafana/schema).
const QUERY_TYPES = `
type QueryEditorMode = 'code' | 'builder';
interface PrometheusQuery extends DataQuery {
  expr: string; instant?: boolean; range?: boolean; exemplar?: boolean; editorMode?: QueryEditorMode;
  format?: 'time_series' | 'table' | 'heatmap'; legendFormat?: string; intervalFactor?: number; interval?: string;
  intervalMs?: number; scope?: unknown; adhocFilters?: unknown[]; groupByKeys?: string[];
}
interface LokiQuery extends DataQuery {
  expr: string; instant?: boolean; range?: boolean; editorMode?: QueryEditorMode; legendFormat?: string;
  maxLines?: number; resolution?: number; step?: string; queryType?: 'range' | 'instant' | 'stream';
  direction?: 'forward' | 'backward' | 'scan'; supportingQueryType?: string;
}
`;

// JSON cannot spell a TypeScript string enum member, only its value: map every string enum to the union of its
// values (numeric enums accept their numeric values as they are).
const JSON_TYPE = `
// Grafana saves a query variable's editor text as \`definition\`, which the schema's VariableModel does not list.
type DashboardAsSaved = Omit<Dashboard, 'templating'> & {
  templating?: { list?: Array<Dashboard['templating'] extends { list?: Array<infer V> } | undefined ? V & { definition?: string } : never> };
};
type Json<T> =
  T extends string ? (string extends T ? string : \`\${T}\`) :
  T extends number | boolean | null | undefined ? T :
  T extends ReadonlyArray<infer U> ? Array<Json<U>> :
  T extends object ? { [K in keyof T]: Json<T[K]> } : T;
`;

function panelsOf(list) {
  const out = [];
  for (const p of list ?? []) {
    out.push(p);
    if (Array.isArray(p.panels)) out.push(...panelsOf(p.panels));
  }
  return out;
}

/** One TypeScript source per dashboard, and the label of each checked declaration. */
function sourceFor(dashboard) {
  const imports = new Set();
  const decls = [];
  const declare = (label, type, value) => decls.push({ label, type, text: JSON.stringify(value, null, 1) });
  declare('dashboard', 'Json<DashboardAsSaved>', dashboard);
  const dsTypes = datasourceTypes(dashboard);
  for (const p of panelsOf(dashboard.panels)) {
    const where = `panel ${p.id ?? '?'} "${p.title ?? ''}" (${p.type})`;
    if (p.type === 'row') continue;
    const cfg = PANELS[p.type];
    if (!cfg) {
      decls.push({ label: where, type: 'never', text: JSON.stringify(`unknown panel type ${p.type}`) });
      continue;
    }
    const alias = 'P_' + cfg.dir;
    imports.add(`import type * as ${alias} from '${schemaRoot}/${cfg.dir}/panelcfg/x/types.gen';`);
    declare(`${where} options`, `Json<${alias}.Options>`, p.options ?? {});
    const custom = p.fieldConfig?.defaults?.custom;
    if (custom !== undefined) {
      declare(`${where} fieldConfig.defaults.custom`, cfg.fieldConfig ? `Json<${alias}.FieldConfig>` : 'Record<string, never>', custom);
    }
    for (const t of p.targets ?? []) {
      const type = dsTypes(t.datasource ?? p.datasource);
      if (type === 'prometheus') declare(`${where} target ${t.refId}`, 'Json<PrometheusQuery>', t);
      else if (type === 'loki') declare(`${where} target ${t.refId}`, 'Json<LokiQuery>', t);
    }
  }
  let text = `import type { Dashboard, DataQuery } from '@grafana/schema';\n${[...imports].join('\n')}\n${JSON_TYPE}${QUERY_TYPES}\n`;
  const spans = [];
  decls.forEach((d, i) => {
    const head = `export const v${i}: ${d.type} = `;
    const start = text.length;
    text += head + d.text + ';\n';
    spans.push({ start, end: text.length, label: d.label, bodyStart: start + head.length });
  });
  return { text, spans };
}

/** Resolves a target's datasource to a plugin type: an explicit type, or the type of a datasource variable. */
function datasourceTypes(dashboard) {
  const vars = new Map((dashboard.templating?.list ?? []).filter((v) => v.type === 'datasource').map((v) => [v.name, v.query]));
  return (ds) => {
    if (!ds || typeof ds !== 'object') return undefined;
    if (ds.type) return ds.type;
    const m = /^\$\{?(\w+)\}?$/.exec(ds.uid ?? '');
    return m ? vars.get(m[1]) : undefined;
  };
}

function check(files) {
  const result = {};
  const sources = new Map();
  for (const file of files) {
    const problems = (result[file] = []);
    let dashboard;
    try {
      dashboard = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      problems.push(`not JSON: ${e.message}`);
      continue;
    }
    if (dashboard === null || typeof dashboard !== 'object' || Array.isArray(dashboard)) {
      problems.push('not a JSON object');
      continue;
    }
    if (dashboard.schemaVersion !== defaultDashboard.schemaVersion) {
      problems.push(`schemaVersion ${JSON.stringify(dashboard.schemaVersion)}: this @grafana/schema writes ${defaultDashboard.schemaVersion}` +
        ' (an older version is migrated on every load, a newer one is not understood)');
    }
    // Virtual sources live next to node_modules so that module resolution finds @grafana/schema.
    const name = path.join(here, `__dashboard_${sources.size}.ts`);
    sources.set(name, { file, ...sourceFor(dashboard) });
  }
  if (sources.size === 0) return result;
  const options = {
    strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10, types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (f) => (sources.has(path.resolve(f)) ? sources.get(path.resolve(f)).text : readFile(f));
  host.fileExists = (f) => sources.has(path.resolve(f)) || fileExists(f);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, ...rest) => {
    const s = sources.get(path.resolve(f));
    return s ? ts.createSourceFile(f, s.text, lang, true) : getSourceFile(f, lang, ...rest);
  };
  const program = ts.createProgram([...sources.keys()], options, host);
  const global = program.getOptionsDiagnostics().concat(program.getGlobalDiagnostics());
  if (global.length) throw new Error(global.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n'));
  for (const [name, s] of sources) {
    const sf = program.getSourceFile(name);
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const span = s.spans.find((x) => d.start >= x.start && d.start < x.end);
      const msg = ts.flattenDiagnosticMessageText(d.messageText, ' ').replace(/\s+/g, ' ');
      if (!span) {
        result[s.file].push(`schema check itself failed: ${msg}`);
        continue;
      }
      // Point at the JSON key the compiler complains about when it names one.
      const at = d.start >= span.bodyStart ? ` near ${JSON.stringify(sf.text.slice(d.start, d.start + (d.length ?? 0)).slice(0, 60))}` : '';
      result[s.file].push(`${span.label}${at}: ${msg}`);
    }
  }
  return result;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: node grafana-schema-check.mjs DASHBOARD.json...\n');
  process.exit(2);
}
const result = check(files.map((f) => path.resolve(f)));
process.stdout.write(JSON.stringify({ files: result }, null, 1) + '\n');
process.exit(Object.values(result).some((p) => p.length) ? 1 : 0);

// Parses LogQL queries with Grafana's lezer grammar (@grafana/lezer-logql, the parser of Grafana's Loki query editor)
// and reports, per query, every error node with its position and the label names the query relies on.
//
// Usage:
//   node logql-check.mjs '<query>' ['<query>' ...]      one JSON report per argument
//   node logql-check.mjs < queries.json                  stdin: [{"source": "...", "query": "..."}, ...]
// Output (stdout, JSON array), one entry per query:
//   {source, query, errors: [{from, to, line, column, near}],
//    selectors: [{text, matchers: [{label, op, value}]}], selectorLabels: [...],   stream selectors {…}
//    groupingLabels: [...]}                                      by(…)/without(…) and on(…)/ignoring(…)
// Exit code 0 when no query has an error node, 1 otherwise, 2 on bad input.
import { parser } from '@grafana/lezer-logql';
import { readFileSync } from 'node:fs';

function position(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

// LogQL strings are Go strings: "..." with escapes, or `...` raw
function unquote(literal) {
  if (literal.startsWith('`')) {
    return literal.slice(1, -1);
  }
  try {
    return JSON.parse(literal);
  } catch {
    return literal.slice(1, -1);
  }
}

function hasAncestor(node, name) {
  for (let p = node.parent; p; p = p.parent) {
    if (p.name === name) return true;
  }
  return false;
}

function matcherOf(node, query) {
  const id = node.getChild('Identifier');
  const op = node.getChild('Eq') || node.getChild('Neq') || node.getChild('Re') || node.getChild('Nre');
  const str = node.getChild('String');
  return id ? { label: query.slice(id.from, id.to), op: op ? query.slice(op.from, op.to) : null,
    value: str ? unquote(query.slice(str.from, str.to)) : null } : null;
}

export function check(query) {
  const tree = parser.parse(query);
  const errors = [];
  const selectors = [];
  const grouping = new Set();
  tree.iterate({
    enter(ref) {
      const node = ref.node;
      if (node.type.isError) {
        const { line, column } = position(query, node.from);
        errors.push({ from: node.from, to: node.to, line, column,
          near: query.slice(Math.max(0, node.from - 10), Math.min(query.length, node.to + 10)) });
      } else if (node.name === 'Selector') {
        // matchers nest (Matchers > Matchers > Matcher): collect every Matcher below this selector
        const matchers = [];
        node.toTree().iterate({
          enter(inner) {
            if (inner.name === 'Matcher') {
              const m = matcherOf(inner.node, query.slice(node.from, node.to));
              if (m) matchers.push(m);
            }
          },
        });
        selectors.push({ text: query.slice(node.from, node.to), matchers });
      } else if (node.name === 'Identifier' && node.parent && node.parent.name === 'Labels'
          && hasAncestor(node, 'Grouping')) {
        grouping.add(query.slice(node.from, node.to));
      } else if (node.name === 'LabelName' && hasAncestor(node, 'GroupingLabels')) {
        grouping.add(query.slice(node.from, node.to));
      }
    },
  });
  const matchers = selectors.flatMap((s) => s.matchers);
  return {
    errors,
    selectors,
    selectorLabels: [...new Set(matchers.map((m) => m.label))],
    groupingLabels: [...grouping],
  };
}

function main() {
  let inputs;
  if (process.argv.length > 2) {
    inputs = process.argv.slice(2).map((q, i) => ({ source: `arg${i + 1}`, query: q }));
  } else {
    try {
      inputs = JSON.parse(readFileSync(0, 'utf8'));
    } catch (e) {
      process.stderr.write(`logql-check: stdin is not a JSON array of {source, query}: ${e.message}\n`);
      process.exit(2);
    }
  }
  const reports = inputs.map(({ source, query }) => ({ source, query, ...check(String(query)) }));
  process.stdout.write(JSON.stringify(reports, null, 1) + '\n');
  process.exit(reports.some((r) => r.errors.length > 0) ? 1 : 0);
}

main();

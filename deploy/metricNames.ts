/** PromQL words that are not metric names. */
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'inf',
  'nan',
  'atan2',
])

/**
 * The metric names a PromQL expression selects. A light lexer, enough for our expressions:
 * strings, label matchers, ranges, grouping clauses and Grafana variables are removed; what
 * remains is an identifier not called like a function. A `__name__` matcher is refused, since
 * it would hide a metric name from this check.
 */
export function metricNames(expr: string): string[] {
  if (expr.includes('__name__')) throw new Error(`__name__ matchers are not allowed: ${expr}`)
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\boffset\s+-?\w+/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ')
  const names = new Set<string>()
  for (const match of stripped.matchAll(/(0x[0-9a-f]+|\d+(?:\.\d*)?(?:e[+-]?\d+)?)|([a-z_:][a-z0-9_:]*)/gi)) {
    const identifier = match[2]
    if (!identifier || KEYWORDS.has(identifier.toLowerCase())) continue
    const rest = stripped.slice((match.index ?? 0) + match[0].length)
    if (/^\s*\(/.test(rest)) continue
    names.add(identifier)
  }
  return [...names]
}

/**
 * Of the `[panel title, metric]` pairs a dashboard must have, those it lacks: no panel of that
 * title, or none of its queries selects the metric. Each as `"title" -> metric`.
 */
export function panelsMissingTheirMetric(
  panels: { title: string; targets?: { expr?: string }[] }[],
  required: [title: string, metric: string][],
): string[] {
  return required
    .filter(([title, metric]) => {
      const panel = panels.find((p) => p.title === title)
      return !panel?.targets?.some((t) => t.expr && metricNames(t.expr).includes(metric))
    })
    .map(([title, metric]) => `"${title}" -> ${metric}`)
}

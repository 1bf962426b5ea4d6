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

/**
 * Checks every request input at the edge, before any schema: no string or key may hold a control
 * character, C0 or C1 (NUL makes PostgreSQL refuse the statement; the others have no place in this
 * API's text), or a lone UTF-16 surrogate (not Unicode: it cannot be stored as UTF-8 and would come
 * back as U+FFFD), and structures may not nest deeper than {@link MAX_JSON_DEPTH} (nothing the API
 * accepts comes close; deep nesting only costs whoever walks it). Tab, line feed and carriage
 * return are text and allowed. Path parameters and query values go through the same check.
 */
export const MAX_JSON_DEPTH = 64

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** What is wrong with one string, or undefined. */
function textProblem(text: string): string | undefined {
  if (CONTROL.test(text)) return 'control characters (such as NUL) are not allowed'
  if (LONE_SURROGATE.test(text)) return 'a lone UTF-16 surrogate (not valid Unicode) is not allowed'
  return undefined
}

/** What is wrong with `value`, naming where (`displayName`, `response.id`), or undefined. */
export function jsonProblem(value: unknown): string | undefined {
  // Iterative: a recursive walk would overflow the stack on the inputs it exists to refuse.
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }]
  while (stack.length > 0) {
    const item = stack.pop()!
    const where = item.path || '(body)'
    if (typeof item.value === 'string') {
      const problem = textProblem(item.value)
      if (problem) return `${where}: ${problem}`
      continue
    }
    if (item.value === null || typeof item.value !== 'object') continue
    if (item.depth >= MAX_JSON_DEPTH) return `${where}: nested deeper than ${MAX_JSON_DEPTH} levels`
    const entries = Array.isArray(item.value)
      ? item.value.map((v, i) => [String(i), v] as const)
      : Object.entries(item.value)
    for (const [key, child] of entries) {
      const path = item.path ? `${item.path}.${key}` : key
      if (CONTROL.test(key)) return `${item.path || '(body)'}: a key holds control characters`
      if (LONE_SURROGATE.test(key)) return `${item.path || '(body)'}: a key holds a lone UTF-16 surrogate`
      stack.push({ value: child, path, depth: item.depth + 1 })
    }
  }
  return undefined
}

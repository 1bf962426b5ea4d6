import type { Context } from 'hono'
import { ApiError } from '../errors.js'

/**
 * Reads the JSON body. Only `application/json` is accepted: together with SameSite=Strict
 * cookies this keeps cross-site HTML forms (which cannot send JSON) from reaching any route.
 */
export async function readJsonBody(c: Context, { allowEmpty = false } = {}): Promise<unknown> {
  const type = c.req.header('content-type') ?? ''
  const text = await c.req.text()
  if (text === '' && allowEmpty) return {}
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the body as JSON with Content-Type: application/json',
    )
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new ApiError(400, 'INVALID_JSON', 'The body is not valid JSON')
  }
}

export interface Issue {
  path: PropertyKey[]
  message: string
  code?: string
  /** zod `invalid_union`: the issues of each alternative. */
  errors?: Issue[][]
}

/** `addresses.evm: expected a 0x-prefixed 20-byte hex address; response.id: Required` */
export function describeIssues(error: { issues: Issue[] }): string {
  return flatten(error.issues)
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.map(String).join('.') || '(body)'
      const last = String(issue.path.at(-1) ?? '')
      // Contract messages often start with the field name already ("evm: expected …").
      const message =
        last && issue.message.startsWith(`${last}: `) ? issue.message.slice(last.length + 2) : issue.message
      // A missing field reads better as "Required" than as zod's "expected string, received undefined".
      const missing = issue.code === 'invalid_type' && message.endsWith('received undefined')
      return `${path}: ${missing ? 'Required' : message}`
    })
    .join('; ')
}

/**
 * For a union (e.g. one JSON-RPC request or a batch), report the alternative whose type matched
 * the input: its issues name fields, where "Invalid input" names nothing.
 */
function flatten(issues: Issue[]): Issue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || !issue.errors?.length) return [issue]
    // Alternatives' issue paths are relative to the union's own position.
    const matched = issue.errors.find(
      (alternative) => !alternative.some((i) => i.code === 'invalid_type' && i.path.length === 0),
    )
    return matched ? flatten(matched.map((i) => ({ ...i, path: [...issue.path, ...i.path] }))) : [issue]
  })
}

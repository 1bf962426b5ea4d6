/** Every message in an error's cause chain, joined with ` | ` (viem nests the node's words). */
export function messageOf(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; current && depth < 8; depth++) {
    if (current instanceof Error) {
      parts.push(current.message)
      const details = (current as { details?: unknown }).details
      if (typeof details === 'string') parts.push(details)
      current = current.cause
    } else {
      parts.push(String(current))
      break
    }
  }
  return parts.join(' | ')
}

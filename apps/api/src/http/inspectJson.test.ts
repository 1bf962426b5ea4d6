import { describe, expect, test } from 'vitest'
import { createTestApp } from '../testing/testApp.js'
import { DB_KINDS, useTestDatabases } from '../testing/testDatabases.js'
import { jsonProblem, MAX_JSON_DEPTH } from './inspectJson.js'

/** `depth` arrays inside each other. */
const nested = (depth: number): unknown => {
  let value: unknown = 'x'
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

describe('jsonProblem', () => {
  test('behavior: ordinary text, tabs and newlines pass; so does the deepest allowed nesting', () => {
    expect(
      jsonProblem({ displayName: 'Ada\tLovelace\r\n', list: [1, null, true, { a: 'é✓😀 \u00a0' }] }),
    ).toBeUndefined()
    expect(jsonProblem(nested(MAX_JSON_DEPTH))).toBeUndefined()
  })

  test.each([
    [{ displayName: 'a\u0000b' }, 'displayName: control characters (such as NUL) are not allowed'],
    [
      { response: { id: ['ok', 'x\u001b[31m'] } },
      'response.id.1: control characters (such as NUL) are not allowed',
    ],
    [{ 'k\u0000': 1 }, '(body): a key holds control characters'],
    [{ name: 'C1 \u009b31m' }, 'name: control characters (such as NUL) are not allowed'],
    [{ name: 'a\ud800b' }, 'name: a lone UTF-16 surrogate (not valid Unicode) is not allowed'],
    [{ name: ['\udc00'] }, 'name.0: a lone UTF-16 surrogate (not valid Unicode) is not allowed'],
    [{ 'k\udfff': 1 }, '(body): a key holds a lone UTF-16 surrogate'],
    ['\u007f', '(body): control characters (such as NUL) are not allowed'],
    [
      nested(MAX_JSON_DEPTH + 1),
      `0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0: nested deeper than ${MAX_JSON_DEPTH} levels`,
    ],
  ])('error: %j is refused naming where', (value, problem) => {
    expect(jsonProblem(value)).toBe(problem)
  })

  test('error: nesting thousands deep is refused without overflowing the stack', () => {
    expect(jsonProblem(nested(100_000))).toMatch(/nested deeper than 64 levels$/)
  })
})

describe.each(DB_KINDS)('control characters at the edge on %s', (kind) => {
  const databases = useTestDatabases(kind)

  test('error: NUL in a body, signed in or not, is 400 naming the field, never a database error', async () => {
    const t = createTestApp(await databases.fresh())
    const { client } = t.browser()
    const options = await client.post('/api/auth/register/options', { displayName: 'Ada\u0000' })
    expect(options.status).toBe(400)
    expect(options.body).toEqual({
      code: 'INVALID_BODY',
      message: 'displayName: control characters (such as NUL) are not allowed',
    })
    const verify = await client.post('/api/auth/login/verify', { challengeId: 'c\u0000', response: {} })
    expect(verify.status).toBe(400)
    expect(verify.body.message).toBe('challengeId: control characters (such as NUL) are not allowed')
    const deep = await client.post('/api/auth/login/options', `${'['.repeat(5000)}"x"${']'.repeat(5000)}`)
    expect(deep.status).toBe(400)
    expect(deep.body.message).toMatch(/nested deeper than 64 levels$/)
    expect(t.logs.join('\n')).not.toMatch(/"level":50/)
  })
})

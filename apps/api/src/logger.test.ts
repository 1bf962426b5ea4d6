import { Writable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { createLogger, redactUrls } from './logger.js'

describe('redactUrls', () => {
  test.each([
    [
      'POST https://user:s3cret@rpc.example.com/v3/abc123?apikey=k9 failed',
      'POST https://rpc.example.com/[redacted] failed',
    ],
    ['URL: https://eth.example.org/?key=k9', 'URL: https://eth.example.org/[redacted]'],
    ['http://127.0.0.1:8545 and http://127.0.0.1:8545/', 'http://127.0.0.1:8545 and http://127.0.0.1:8545'],
    ['wss://node.example.io/ws/KEY', 'wss://node.example.io/[redacted]'],
    ['no url here', 'no url here'],
  ])('behavior: %j becomes %j', (text, redacted) => {
    expect(redactUrls(text)).toBe(redacted)
  })
})

describe('createLogger', () => {
  test('error: a logged error never carries the credentials of a URL, in its message, stack or cause', () => {
    const lines: string[] = []
    const logger = createLogger({
      destination: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk))
          done()
        },
      }),
    })
    const cause = new Error('connect to https://ops:pw-42@rpc.example.com/v3/key-77 refused')
    const error = new Error('HTTP request failed. URL: https://rpc.example.com/v3/key-77?apikey=api-88', {
      cause,
    })
    logger.error({ err: error, requestId: 'r1' }, 'request failed at https://rpc.example.com/v3/key-77')
    const text = lines.join('\n')
    for (const secret of ['key-77', 'api-88', 'pw-42', 'ops:']) expect(text).not.toContain(secret)
    expect(text).toContain('https://rpc.example.com/[redacted]')
    expect(JSON.parse(lines[0]!)).toMatchObject({ requestId: 'r1', err: { type: 'Error' } })
  })
})

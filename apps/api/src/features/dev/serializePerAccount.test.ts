import { describe, expect, test } from 'vitest'
import { serializePerAccount } from './serializePerAccount.js'

/** A promise with its resolve and reject exposed. */
function deferred<T = void>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('serializePerAccount', () => {
  test('behavior: tasks of one account run one after another, a failure does not stop the queue', async () => {
    const events: string[] = []
    const first = deferred()
    const a = serializePerAccount('rpc', '0xAA', async () => {
      events.push('a start')
      await first.promise
      events.push('a end')
      throw new Error('a failed')
    })
    // Same account spelled in another case: the same queue.
    const b = serializePerAccount('rpc', '0xaa', async () => {
      events.push('b start')
      return 'b'
    })
    await Promise.resolve()
    expect(events).toEqual(['a start'])
    first.resolve()
    await expect(a).rejects.toThrow('a failed')
    await expect(b).resolves.toBe('b')
    expect(events).toEqual(['a start', 'a end', 'b start'])
  })

  test('behavior: another account, or the same account on another node, does not wait', async () => {
    const blocker = deferred()
    const blocked = serializePerAccount('rpc', '0x01', () => blocker.promise)
    await expect(serializePerAccount('rpc', '0x02', async () => 'other account')).resolves.toBe(
      'other account',
    )
    await expect(serializePerAccount('other-rpc', '0x01', async () => 'other node')).resolves.toBe(
      'other node',
    )
    blocker.resolve()
    await blocked
  })
})

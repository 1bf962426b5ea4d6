import { RPC_ERROR } from '@stratos/dock-sdk'
import { describe, expect, test } from 'vitest'
import { DockRpcFailure } from '../../lib/dockRpcFailure'
import { type ApprovalRequest, createApprovalQueue, MAX_PENDING_PER_APP, userRejected } from './approvalQueue'
import type { DockApp } from './dockApi'

const app = (id: string) => ({ id, name: id }) as DockApp
const connect = (id: string): ApprovalRequest => ({ kind: 'connect', app: app(id), api: 'eip1193' })

describe('createApprovalQueue', () => {
  test('behavior: one approval at a time, in the order asked', async () => {
    const queue = createApprovalQueue()
    const first = queue.enqueue(connect('a'))
    const second = queue.enqueue(connect('b'))
    expect(queue.head()?.request.app.id).toBe('a')
    queue.head()!.settle({ result: 1 })
    expect(await first).toBe(1)
    expect(queue.head()?.request.app.id).toBe('b')
    queue.head()!.settle({ error: userRejected() })
    await expect(second).rejects.toMatchObject({ code: RPC_ERROR.userRejected })
    expect(queue.head()).toBeNull()
  })

  test('error: an app over its limit of waiting requests is refused at once (-32005)', async () => {
    const queue = createApprovalQueue()
    for (let i = 0; i < MAX_PENDING_PER_APP; i++) void queue.enqueue(connect('spam')).catch(() => {})
    await expect(queue.enqueue(connect('spam'))).rejects.toMatchObject({ code: RPC_ERROR.limitExceeded })
    // Another app still gets its turn.
    const other = queue.enqueue(connect('other'))
    queue.cancelAll(new DockRpcFailure(RPC_ERROR.disconnected, 'closed'))
    await expect(other).rejects.toMatchObject({ code: RPC_ERROR.disconnected })
  })

  test('behavior: settling twice keeps the first outcome', async () => {
    const queue = createApprovalQueue()
    const pending = queue.enqueue(connect('a'))
    const head = queue.head()!
    head.settle({ result: 'first' })
    head.settle({ result: 'second' })
    expect(await pending).toBe('first')
  })
})

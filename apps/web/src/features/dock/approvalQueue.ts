import { RPC_ERROR } from '@stratos/dock-sdk'
import type { PublicNetwork } from '@stratos/schemas'
import { DockRpcFailure } from '../../lib/dockRpcFailure'
import type { CantonDappReviewData } from '../canton'
import type { DockApp } from './dockApi'
import type { SendTransactionRequest } from './evm/parseSendTransaction'
import type { PersonalSignMessage } from './evm/personalSignMessage'
import type { TypedDataReview } from './evm/typedDataReview'

/** What an app asks the user to approve; each kind has its review in the wallet's dialog. */
export type ApprovalRequest =
  | {
      kind: 'connect'
      app: DockApp
      /** What the app asked for: its EVM account (`eth_requestAccounts`) or its Canton party (`connect`). */
      api: 'eip1193' | 'cip0103'
    }
  | { kind: 'evm-transaction'; app: DockApp; network: PublicNetwork; tx: SendTransactionRequest }
  | { kind: 'personal-sign'; app: DockApp; message: PersonalSignMessage }
  | { kind: 'typed-data'; app: DockApp; network: PublicNetwork; review: TypedDataReview }
  | { kind: 'canton'; app: DockApp; review: CantonDappReviewData }

/** How an approval ended: the request's result, or its refusal (4001 when the user rejected). */
export type ApprovalOutcome = { result: unknown } | { error: DockRpcFailure }

export interface PendingApproval {
  id: number
  request: ApprovalRequest
  settle(outcome: ApprovalOutcome): void
}

/** The most requests one app may have waiting for the user; more are refused (-32005). */
export const MAX_PENDING_PER_APP = 10

export interface ApprovalQueue {
  /** Queues `request`; resolves with the result once the user decided, or rejects with the refusal. */
  enqueue(request: ApprovalRequest): Promise<unknown>
  /** The approval on screen: the oldest one waiting. */
  head(): PendingApproval | null
  subscribe(listener: () => void): () => void
  /** Settles every waiting approval with `error` (the page goes away). */
  cancelAll(error: DockRpcFailure): void
}

/** The wallet's approvals, one at a time, in the order apps asked. */
export function createApprovalQueue(): ApprovalQueue {
  let items: PendingApproval[] = []
  let nextId = 1
  const listeners = new Set<() => void>()
  const changed = () => {
    for (const listener of listeners) listener()
  }
  return {
    enqueue(request) {
      const waiting = items.filter((i) => i.request.app.id === request.app.id).length
      if (waiting >= MAX_PENDING_PER_APP)
        return Promise.reject(
          new DockRpcFailure(
            RPC_ERROR.limitExceeded,
            `${request.app.name} already has ${waiting} requests waiting for the user.`,
          ),
        )
      return new Promise((resolve, reject) => {
        const item: PendingApproval = {
          id: nextId++,
          request,
          settle(outcome) {
            if (!items.includes(item)) return
            items = items.filter((i) => i !== item)
            changed()
            if ('error' in outcome) reject(outcome.error)
            else resolve(outcome.result)
          },
        }
        items = [...items, item]
        changed()
      })
    },
    head: () => items[0] ?? null,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    cancelAll(error) {
      for (const item of [...items]) item.settle({ error })
    },
  }
}

/** The refusal of a request the user rejected (EIP-1193 4001). */
export function userRejected(): DockRpcFailure {
  return new DockRpcFailure(RPC_ERROR.userRejected, 'The user rejected the request.')
}

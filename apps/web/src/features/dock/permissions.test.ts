import { RPC_ERROR } from '@stratos/dock-sdk'
import { DOCK_PERMISSIONS, type DockPermission } from '@stratos/schemas'
import { describe, expect, test } from 'vitest'
import { DockRpcFailure } from '../../lib/dockRpcFailure'
import { checkDockMethod, dockMethodRule } from './permissions'

const app = (permissions: DockPermission[]) => ({ name: 'Treasury', permissions })

function refusal(fn: () => unknown): number | undefined {
  try {
    fn()
  } catch (error) {
    if (error instanceof DockRpcFailure) return error.code
    throw error
  }
  return undefined
}

describe('dockMethodRule', () => {
  test('behavior: each signing or account method needs the permission the table names', () => {
    const table: [string, 'eip1193' | 'cip0103', DockPermission][] = [
      ['eth_requestAccounts', 'eip1193', 'accounts'],
      ['eth_accounts', 'eip1193', 'accounts'],
      ['eth_sendTransaction', 'eip1193', 'evm-transactions'],
      ['personal_sign', 'eip1193', 'message-signing'],
      ['eth_signTypedData_v4', 'eip1193', 'message-signing'],
      ['connect', 'cip0103', 'accounts'],
      ['listAccounts', 'cip0103', 'accounts'],
      ['getPrimaryAccount', 'cip0103', 'accounts'],
      ['status', 'cip0103', 'accounts'],
      ['signMessage', 'cip0103', 'message-signing'],
      ['ledgerApi', 'cip0103', 'canton-read'],
      ['prepareExecute', 'cip0103', 'canton-submit'],
      ['prepareExecuteAndWait', 'cip0103', 'canton-submit'],
    ]
    for (const [method, api, permission] of table)
      expect(dockMethodRule(api, method)?.permission).toBe(permission)
  })

  test('behavior: chain id, switching and reads need no permission and no grant', () => {
    for (const method of [
      'eth_chainId',
      'net_version',
      'wallet_switchEthereumChain',
      'eth_call',
      'eth_getBalance',
    ])
      expect(dockMethodRule('eip1193', method)).toEqual({ permission: null, grant: 'none' })
  })

  test('error: a method of one standard is unknown on the other, and inherited names are not methods', () => {
    expect(dockMethodRule('cip0103', 'eth_sendTransaction')).toBeUndefined()
    expect(dockMethodRule('eip1193', 'prepareExecute')).toBeUndefined()
    expect(dockMethodRule('eip1193', 'toString')).toBeUndefined()
    expect(dockMethodRule('eip1193', 'eth_sign')).toBeUndefined()
  })
})

describe('checkDockMethod', () => {
  const all = app([...DOCK_PERMISSIONS])

  test('behavior: allowed with the permission and the grant', () => {
    expect(checkDockMethod(all, 'eip1193', 'eth_sendTransaction', true).permission).toBe('evm-transactions')
  })

  test('error: an unknown method is 4200, before any permission', () => {
    expect(refusal(() => checkDockMethod(app([]), 'eip1193', 'eth_sign', false))).toBe(
      RPC_ERROR.unsupportedMethod,
    )
  })

  test('error: a method outside the app permissions is 4100, grant or not', () => {
    const noTx = app(['accounts', 'message-signing'])
    expect(refusal(() => checkDockMethod(noTx, 'eip1193', 'eth_sendTransaction', true))).toBe(
      RPC_ERROR.unauthorized,
    )
    expect(refusal(() => checkDockMethod(app(['accounts']), 'cip0103', 'prepareExecute', true))).toBe(
      RPC_ERROR.unauthorized,
    )
    expect(refusal(() => checkDockMethod(app([]), 'eip1193', 'eth_requestAccounts', false))).toBe(
      RPC_ERROR.unauthorized,
    )
  })

  test('error: a method that needs the account before the user granted it is 4100', () => {
    expect(refusal(() => checkDockMethod(all, 'eip1193', 'personal_sign', false))).toBe(
      RPC_ERROR.unauthorized,
    )
    expect(refusal(() => checkDockMethod(all, 'cip0103', 'ledgerApi', false))).toBe(RPC_ERROR.unauthorized)
  })

  test('behavior: connect and eth_accounts pass without a grant (approval, or an empty list)', () => {
    expect(checkDockMethod(all, 'eip1193', 'eth_requestAccounts', false).grant).toBe('connect')
    expect(checkDockMethod(all, 'eip1193', 'eth_accounts', false).grant).toBe('optional')
    expect(checkDockMethod(all, 'cip0103', 'connect', false).grant).toBe('connect')
  })
})

import type { RpcTransport } from '@canton-network/core-rpc-transport'
import type { Provider } from '@canton-network/core-splice-provider'
import { type RpcTypes, WalletJSONRPCDAppAPI } from '@canton-network/core-wallet-dapp-rpc-client'
import { afterEach, describe, expect, test } from 'vitest'
import type { CantonProvider } from './createCantonProvider.js'
import { createDockHarness } from './testing/dockHarness.js'

let harness: ReturnType<typeof createDockHarness>
afterEach(() => harness?.close())

/**
 * The generated CIP-0103 client of the Canton wallet SDK (`@canton-network/core-wallet-dapp-rpc-client`)
 * over our provider: its `RpcTransport` submits `{ method, params }` and reads `{ result }` or
 * `{ error }`, the JSON-RPC shapes our provider's results and `ProviderRpcError`s must fit.
 */
function dappApiOver(provider: CantonProvider): WalletJSONRPCDAppAPI {
  const transport: RpcTransport = {
    submit: (payload) =>
      provider.request(payload).then(
        (result) => ({ result }),
        (error: { code: number; message: string; data?: unknown }) => ({
          error: { code: error.code, message: error.message, data: error.data },
        }),
      ),
  }
  return new WalletJSONRPCDAppAPI(transport)
}

describe('createCantonProvider', () => {
  test('behavior: is a Provider<RpcTypes> of the Canton SDK (what DappClient takes)', () => {
    harness = createDockHarness()
    const provider: Provider<RpcTypes> = harness.dock.canton
    expect(provider.on('txChanged', () => {})).toBe(harness.dock.canton)
  })

  test('behavior: the generated CIP-0103 client connects, lists accounts and reads the ledger (stand-in wallet)', async () => {
    harness = createDockHarness()
    const api = dappApiOver(harness.dock.canton)
    const statuses: unknown[] = []
    harness.dock.canton.on('statusChanged', (status) => statuses.push(status))

    expect(await api.request({ method: 'connect' })).toEqual({ isConnected: true, isNetworkConnected: true })
    const status = await api.request({ method: 'status' })
    expect(status.connection.isConnected).toBe(true)
    expect(statuses).toHaveLength(1)
    const [account] = await api.request({ method: 'listAccounts' })
    expect(account).toMatchObject({ primary: true, partyId: 'dock-user::1220aa' })
    const ledger = await api.request({
      method: 'ledgerApi',
      params: { requestMethod: 'get', resource: '/v2/state/ledger-end' },
    })
    expect(ledger).toEqual({ echo: { requestMethod: 'get', resource: '/v2/state/ledger-end' } })
    expect(harness.wallet.received.map((r) => [r.api, r.method])).toEqual([
      ['cip0103', 'connect'],
      ['cip0103', 'status'],
      ['cip0103', 'listAccounts'],
      ['cip0103', 'ledgerApi'],
    ])
  })

  test('behavior: prepareExecuteAndWait returns the executed tx and emits txChanged pending, signed, executed', async () => {
    harness = createDockHarness()
    const seen: string[] = []
    harness.dock.canton.on('txChanged', (tx: { status: string }) => seen.push(tx.status))
    const result = await dappApiOver(harness.dock.canton).request({
      method: 'prepareExecuteAndWait',
      params: { commandId: 'c-7', commands: [{ CreateCommand: {} }] },
    })
    expect(result.tx).toMatchObject({
      status: 'executed',
      commandId: 'c-7',
      payload: { completionOffset: 42 },
    })
    expect(seen).toEqual(['pending', 'signed', 'executed'])
  })

  test('error: a rejection in the review rejects with code 4001; removed listeners hear nothing', async () => {
    harness = createDockHarness()
    harness.wallet.state.approve = async () => false
    const seen: unknown[] = []
    const listener = (tx: unknown) => seen.push(tx)
    harness.dock.canton.on('txChanged', listener)
    harness.dock.canton.removeListener('txChanged', listener)
    expect(harness.dock.canton.emit('txChanged', {})).toBe(false)

    await expect(
      harness.dock.canton.request({ method: 'prepareExecuteAndWait', params: { commands: [] } }),
    ).rejects.toMatchObject({ code: 4001, message: 'User rejected the request' })
    await expect(
      dappApiOver(harness.dock.canton).request({ method: 'prepareExecuteAndWait', params: { commands: [] } }),
    ).rejects.toThrow('RPC error: 4001 - User rejected the request')
    expect(seen).toEqual([])
  })
})

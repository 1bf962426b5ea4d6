import './style.css'
import type {
  ConnectResult,
  ListAccountsResult,
  PrepareExecuteAndWaitResult,
  StatusEvent,
  TxChangedEvent,
  Wallet,
} from '@canton-network/core-wallet-dapp-rpc-client'
import { installStratosDock } from '@stratos/dock-sdk'
import { createStore, type EIP6963ProviderDetail } from 'mipd'
import {
  type Address,
  BaseError,
  createPublicClient,
  createWalletClient,
  custom,
  formatEther,
  isAddress,
  type PublicClient,
  parseEther,
  verifyTypedData,
  type WalletClient,
} from 'viem'
import {
  selectInputs,
  type TransferFactoryWithChoiceContext,
  transferChoiceArguments,
  transferCommand,
} from './canton/buildTransfer.js'
import { formatDecimal, parseDecimal } from './canton/decimal.js'
import { type Holding, holdingsQuery, ledgerBody, parseHoldings } from './canton/holdings.js'

// What makes this page a dock app: the channel to the wallet that frames it, its EIP-1193 provider
// announced by EIP-6963, and its CIP-0103 provider. Everything below uses standard libraries.
const dock = installStratosDock()

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T
const text = (id: string, value: string) => {
  $(id).textContent = value
}
const enable = (ids: string[], on = true) => {
  for (const id of ids) $<HTMLButtonElement>(id).disabled = !on
}

/** `4001 User rejected the request.`: the standard code first, then what the library says. */
function describeError(error: unknown): string {
  if (error instanceof BaseError) {
    const coded = error.walk((e) => typeof (e as { code?: unknown }).code === 'number') as
      | (Error & { code: number; shortMessage?: string })
      | null
    if (coded) return `${coded.code} ${coded.shortMessage ?? coded.message}`
    return error.shortMessage
  }
  if (error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'number') {
    const { code, message } = error as { code: number; message: string }
    return `${code} ${message}`
  }
  return error instanceof Error ? error.message : String(error)
}

/** Runs an action of a section: clears its error line, shows what went wrong. */
function guarded(errorId: string, action: () => Promise<void>): () => Promise<void> {
  return async () => {
    text(errorId, '')
    try {
      await action()
    } catch (error) {
      text(errorId, describeError(error))
    }
  }
}

// ---- Discovery (EIP-6963, mipd) ---------------------------------------------------------------

let wallet: EIP6963ProviderDetail | null = null
const store = createStore()
function pickWallet(providers: readonly EIP6963ProviderDetail[]) {
  if (wallet || providers.length === 0) return
  wallet = providers[0]!
  text('wallet-status', `Wallet: ${wallet.info.name} (found by EIP-6963, ${wallet.info.rdns})`)
  enable(['evm-connect'])
}
pickWallet(store.getProviders())
store.subscribe(pickWallet)
dock.ready.then(
  () => enable(['canton-connect']),
  (error: unknown) => text('wallet-status', describeError(error)),
)

// ---- Ethereum (viem) --------------------------------------------------------------------------

let walletClient: WalletClient | null = null
let publicClient: PublicClient | null = null
let account: Address | null = null
let chainId: number | null = null

async function refreshBalance() {
  if (!publicClient || !account) return
  const balance = await publicClient.getBalance({ address: account })
  text('evm-balance', `${formatEther(balance)} ETH`)
}

async function showAccount() {
  if (!walletClient) return
  const [first] = await walletClient.getAddresses()
  account = first ?? null
  chainId = await walletClient.getChainId()
  text('evm-account', account ?? '—')
  text('evm-chain', String(chainId))
  await refreshBalance()
}

$('evm-connect').addEventListener(
  'click',
  guarded('evm-error', async () => {
    if (!wallet) throw new Error('No wallet found')
    const transport = custom(wallet.provider)
    walletClient = createWalletClient({ transport })
    publicClient = createPublicClient({ transport })
    await walletClient.requestAddresses()
    await showAccount()
    wallet.provider.on('accountsChanged', () => void guarded('evm-error', showAccount)())
    wallet.provider.on('chainChanged', () => void guarded('evm-error', showAccount)())
    enable(['evm-refresh', 'evm-send-button', 'evm-sign'])
  }),
)

$('evm-refresh').addEventListener('click', guarded('evm-error', refreshBalance))

$('evm-send').addEventListener('submit', (event) => {
  event.preventDefault()
  void guarded('evm-error', async () => {
    if (!walletClient || !publicClient || !account) throw new Error('Connect first')
    const to = $<HTMLInputElement>('evm-to').value.trim()
    const amount = $<HTMLInputElement>('evm-amount').value.trim()
    if (!isAddress(to)) throw new Error('Recipient address: not an address (0x and 40 hex digits)')
    if (!/^\d+(\.\d{1,18})?$/.test(amount)) throw new Error('Amount (ETH): a number such as 0.1')
    text('evm-tx', '—')
    text('evm-tx-status', 'waiting for approval in the wallet…')
    try {
      const hash = await walletClient.sendTransaction({ account, to, value: parseEther(amount), chain: null })
      text('evm-tx', hash)
      text('evm-tx-status', 'pending')
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      text(
        'evm-tx-status',
        receipt.status === 'success' ? `confirmed in block ${receipt.blockNumber}` : 'reverted',
      )
      await refreshBalance()
    } catch (error) {
      text('evm-tx-status', 'not sent')
      throw error
    }
  })()
})

$('evm-sign').addEventListener(
  'click',
  guarded('evm-error', async () => {
    if (!walletClient || !account || chainId === null) throw new Error('Connect first')
    // EIP-712's own example message.
    const typedData = {
      domain: {
        name: 'Ether Mail',
        version: '1',
        chainId,
        verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC',
      },
      types: {
        Person: [
          { name: 'name', type: 'string' },
          { name: 'wallet', type: 'address' },
        ],
        Mail: [
          { name: 'from', type: 'Person' },
          { name: 'to', type: 'Person' },
          { name: 'contents', type: 'string' },
        ],
      },
      primaryType: 'Mail',
      message: {
        from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
        to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
        contents: 'Hello, Bob!',
      },
    } as const
    text('evm-signature', '—')
    text('evm-verified', '—')
    const signature = await walletClient.signTypedData({ account, ...typedData })
    text('evm-signature', signature)
    const valid = await verifyTypedData({ address: account, ...typedData, signature })
    text('evm-verified', valid ? 'yes' : 'no')
  }),
)

// ---- Canton (CIP-0103) ------------------------------------------------------------------------

const canton = dock.canton
let party: string | null = null
let holdings: Holding[] = []
const config = fetch('/config.json')
  .then((r) => r.json() as Promise<{ instrument: { admin: string; id: string } | null }>)
  .catch(() => ({ instrument: null }))

async function refreshHoldings() {
  if (!party) return
  const end = ledgerBody(
    await canton.request({
      method: 'ledgerApi',
      params: { requestMethod: 'get', resource: '/v2/state/ledger-end' },
    }),
  ) as { offset: number }
  const active = await canton.request({
    method: 'ledgerApi',
    params: {
      requestMethod: 'post',
      resource: '/v2/state/active-contracts',
      body: holdingsQuery(party, end.offset),
    },
  })
  holdings = parseHoldings(active, party)
  const rows = holdings.map((h) => {
    const row = document.createElement('tr')
    for (const cell of [h.instrumentId.id, h.amount, h.locked ? 'locked' : 'unlocked']) {
      const td = document.createElement('td')
      td.textContent = cell
      row.append(td)
    }
    row.title = `${h.contractId} (admin ${h.instrumentId.admin})`
    return row
  })
  if (rows.length === 0) {
    const row = document.createElement('tr')
    const td = document.createElement('td')
    td.colSpan = 3
    td.textContent = 'No holdings'
    row.append(td)
    rows.push(row)
  }
  $('canton-holdings').replaceChildren(...rows)
  const { instrument } = await config
  const mine = holdings.filter(
    (h) =>
      !h.locked &&
      (!instrument || (h.instrumentId.admin === instrument.admin && h.instrumentId.id === instrument.id)),
  )
  const total = mine.reduce((sum, h) => sum + parseDecimal(h.amount), 0n)
  text('canton-total', `${formatDecimal(total)}${instrument ? ` ${instrument.id}` : ''}`)
}

function showAccounts(accounts: Wallet[]) {
  const primary = accounts.find((a) => a.primary) ?? accounts[0]
  party = primary?.partyId ?? null
  text('canton-party', party ?? '—')
  $('canton-accounts').replaceChildren(
    ...accounts.map((a) => {
      const item = document.createElement('li')
      item.textContent = `${a.partyId} · ${a.networkId}${a.primary ? ' · primary' : ''}`
      return item
    }),
  )
}

canton.on('txChanged', (tx: TxChangedEvent) => {
  text('canton-tx', tx.status)
  if (tx.status === 'executed') text('canton-update', tx.payload.updateId)
})
canton.on('accountsChanged', (accounts: Wallet[]) => {
  showAccounts(accounts)
  void guarded('canton-error', refreshHoldings)()
})

$('canton-connect').addEventListener(
  'click',
  guarded('canton-error', async () => {
    const connection = await canton.request<ConnectResult>({ method: 'connect' })
    if (!connection.isConnected)
      throw new Error(`Not connected: ${connection.reason ?? 'the wallet refused'}`)
    const status = await canton.request<StatusEvent>({ method: 'status' })
    text('canton-network', status.network?.networkId ?? '—')
    showAccounts(await canton.request<ListAccountsResult>({ method: 'listAccounts' }))
    await refreshHoldings()
    enable(['canton-refresh', 'canton-send-button'])
  }),
)

$('canton-refresh').addEventListener('click', guarded('canton-error', refreshHoldings))

$('canton-send').addEventListener('submit', (event) => {
  event.preventDefault()
  void guarded('canton-error', async () => {
    const { instrument } = await config
    if (!party) throw new Error('Connect Canton first')
    if (!instrument) throw new Error('This sample app has no Canton instrument configured (/config.json)')
    const receiver = $<HTMLInputElement>('canton-receiver').value.trim()
    const amount = $<HTMLInputElement>('canton-amount').value.trim()
    if (!/^\S+::\S+$/.test(receiver)) throw new Error('Receiver party: a party id such as name::1220…')
    const inputs = selectInputs(holdings, instrument, amount)
    const choiceArguments = transferChoiceArguments({
      sender: party,
      receiver,
      amount,
      instrument,
      inputHoldingCids: inputs,
      now: new Date(),
    })
    // The token standard's registry API, through this app's own server (the registry sends no CORS headers).
    const response = await fetch('/registry/transfer-instruction/v1/transfer-factory', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ choiceArguments, excludeDebugFields: true }),
    })
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string }
      throw new Error(`Registry: HTTP ${response.status} ${body.error ?? body.message ?? ''}`.trim())
    }
    const factory = (await response.json()) as TransferFactoryWithChoiceContext
    text('canton-tx', 'waiting for approval in the wallet…')
    text('canton-update', '—')
    try {
      const result = await canton.request<PrepareExecuteAndWaitResult>({
        method: 'prepareExecuteAndWait',
        params: transferCommand(choiceArguments, factory, crypto.randomUUID()),
      })
      text('canton-tx', `${result.tx.status} (${factory.transferKind})`)
      text('canton-update', result.tx.payload.updateId)
    } catch (error) {
      text('canton-tx', 'failed')
      throw error
    }
    await refreshHoldings()
  })()
})

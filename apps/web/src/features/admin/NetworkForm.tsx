import type {
  AdminNetwork,
  AdminNetworkInput,
  AdminNetworkUpdateRequest,
  NetworkFamily,
} from '@stratos/schemas'
import { type FormEvent, useState } from 'react'
import { TextField } from '../../lib/ui/TextField'
import { useAction } from '../../lib/useAction'
import { SaveOutcome } from './SaveOutcome'

/** What each family is called and what its native coin usually is: the form's starting values. */
export const FAMILIES: Record<
  NetworkFamily,
  { label: string; symbol: string; decimals: number; endpoint: string }
> = {
  evm: { label: 'EVM (JSON-RPC)', symbol: 'ETH', decimals: 18, endpoint: 'https://eth-mainnet.example/v2/…' },
  solana: {
    label: 'Solana (JSON-RPC)',
    symbol: 'SOL',
    decimals: 9,
    endpoint: 'https://api.mainnet-beta.solana.com',
  },
  bitcoin: {
    label: 'Bitcoin (Esplora)',
    symbol: 'BTC',
    decimals: 8,
    endpoint: 'https://blockstream.info/api',
  },
  tron: { label: 'TRON (HTTP API)', symbol: 'TRX', decimals: 6, endpoint: 'https://api.trongrid.io' },
  ton: { label: 'TON (toncenter v2)', symbol: 'TON', decimals: 9, endpoint: 'https://toncenter.com/api/v2' },
}

interface Values {
  id: string
  family: NetworkFamily
  name: string
  endpoint: string
  apiKeyHeader: string
  apiKeyValue: string
  removeApiKey: boolean
  testnet: boolean
  chainId: string
  bitcoinNetwork: 'mainnet' | 'testnet' | 'regtest'
  tonNetwork: 'mainnet' | 'testnet'
  genesisHash: string
  nativeSymbol: string
  nativeDecimals: string
  nativePriceId: string
  explorerTxUrl: string
  explorerAddressUrl: string
  indexerUrl: string
  enabled: boolean
}

function initialValues(network: AdminNetwork | undefined): Values {
  return {
    id: network?.id ?? '',
    family: network?.family ?? 'evm',
    name: network?.name ?? '',
    endpoint: '',
    apiKeyHeader: network?.apiKeyHeader ?? '',
    apiKeyValue: '',
    removeApiKey: false,
    testnet: network?.testnet ?? false,
    chainId: network?.chainId === null || network?.chainId === undefined ? '' : String(network.chainId),
    bitcoinNetwork: network?.bitcoinNetwork ?? 'mainnet',
    tonNetwork: network?.tonNetwork ?? 'mainnet',
    genesisHash: network?.genesisHash ?? '',
    nativeSymbol: network?.nativeSymbol ?? FAMILIES.evm.symbol,
    nativeDecimals: String(network?.nativeDecimals ?? FAMILIES.evm.decimals),
    nativePriceId: network?.nativePriceId ?? '',
    explorerTxUrl: network?.explorerTxUrl ?? '',
    explorerAddressUrl: network?.explorerAddressUrl ?? '',
    indexerUrl: '',
    enabled: network?.enabled ?? true,
  }
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim())

/** The fields every network has, from the form (numbers parsed; the API checks the rest). */
function commonFields(values: Values) {
  return {
    name: values.name.trim(),
    testnet: values.testnet,
    nativeSymbol: values.nativeSymbol.trim(),
    nativeDecimals: Number(values.nativeDecimals),
    nativePriceId: orNull(values.nativePriceId),
    explorerTxUrl: orNull(values.explorerTxUrl),
    explorerAddressUrl: orNull(values.explorerAddressUrl),
    enabled: values.enabled,
  }
}

/** The family's identifying fields (only its own: the API refuses another family's). */
function familyFields(values: Values) {
  switch (values.family) {
    case 'evm':
      return { chainId: Number(values.chainId) }
    case 'bitcoin':
      return { bitcoinNetwork: values.bitcoinNetwork }
    case 'ton':
      return { tonNetwork: values.tonNetwork }
    case 'solana':
    case 'tron':
      return { genesisHash: orNull(values.genesisHash) }
  }
}

function apiKeyOf(values: Values) {
  return values.apiKeyValue.trim() === ''
    ? null
    : { header: values.apiKeyHeader.trim() || 'X-API-Key', value: values.apiKeyValue.trim() }
}

export interface NetworkFormProps {
  id: string
  /** The network to change; absent, the form adds one. */
  network?: AdminNetwork
  onSave(
    request:
      | { kind: 'add'; body: AdminNetworkInput }
      | { kind: 'update'; id: string; body: AdminNetworkUpdateRequest },
  ): Promise<void>
  onCancel(): void
}

/**
 * Adds a network or changes one. Saving asks the endpoint which chain it serves: the API refuses
 * (and this form shows why) an endpoint that does not answer or serves another chain. A changed
 * network keeps its endpoint, API key and indexer unless new ones are typed in: the stored ones
 * are never sent to the browser (the endpoint is shown with its credentials redacted).
 */
export function NetworkForm({ id, network, onSave, onCancel }: NetworkFormProps) {
  const [values, setValues] = useState(() => initialValues(network))
  const [problem, setProblem] = useState<string | undefined>(undefined)
  const save = useAction(onSave)
  const set = (change: Partial<Values>) => setValues((v) => ({ ...v, ...change }))
  const editing = network !== undefined

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    save.reset()
    if (values.family === 'evm' && !/^\d+$/.test(values.chainId.trim()))
      return setProblem('Enter the chain id as a whole number.')
    if (!/^\d+$/.test(values.nativeDecimals.trim()))
      return setProblem('Enter the decimals as a whole number.')
    if (!editing && values.endpoint.trim() === '') return setProblem('Enter the endpoint URL.')
    setProblem(undefined)
    if (!editing) {
      void save.run({
        kind: 'add',
        body: {
          id: values.id.trim(),
          family: values.family,
          ...commonFields(values),
          ...familyFields(values),
          endpoint: values.endpoint.trim(),
          apiKey: apiKeyOf(values),
          indexerUrl: values.family === 'evm' ? orNull(values.indexerUrl) : null,
        },
      })
      return
    }
    // Only what changed: an unchanged chain id is not checked against the endpoint again.
    const all: Record<string, unknown> = { ...commonFields(values), ...familyFields(values) }
    const body = Object.fromEntries(
      Object.entries(all).filter(([key, value]) => network[key as keyof AdminNetwork] !== value),
    ) as AdminNetworkUpdateRequest
    if (values.endpoint.trim() !== '') body.endpoint = values.endpoint.trim()
    if (values.removeApiKey) body.apiKey = null
    else if (values.apiKeyValue.trim() !== '') body.apiKey = apiKeyOf(values)
    if (values.family === 'evm' && values.indexerUrl.trim() !== '') body.indexerUrl = values.indexerUrl.trim()
    void save.run({ kind: 'update', id: network.id, body })
  }

  const text = (name: keyof Values, label: string, extra: Record<string, unknown> = {}) => ({
    id: `${id}-${name}`,
    label,
    value: String(values[name]),
    onChange: (value: string) => set({ [name]: value } as Partial<Values>),
    disabled: save.busy,
    spellCheck: false,
    ...extra,
  })

  return (
    <form
      id={id}
      className="panel form"
      onSubmit={onSubmit}
      noValidate
      aria-busy={save.busy}
      aria-labelledby={`${id}-title`}
    >
      <div>
        <h3 id={`${id}-title`}>{editing ? `Change ${network.name}` : 'Add a network'}</h3>
        <p className="hint">
          Saving asks the endpoint which chain it serves; nothing is stored unless it is the one configured
          here.
        </p>
      </div>
      <div className="admin-row">
        <TextField
          {...text('id', 'Id')}
          className="mono"
          placeholder="base"
          disabled={editing || save.busy}
          hint="Lowercase letters, digits and -; it names the network in URLs and cannot change."
        />
        <div className="field">
          <label htmlFor={`${id}-family`}>Family</label>
          <select
            id={`${id}-family`}
            value={values.family}
            disabled={editing || save.busy}
            onChange={(e) => {
              const family = e.target.value as NetworkFamily
              set({
                family,
                nativeSymbol: FAMILIES[family].symbol,
                nativeDecimals: String(FAMILIES[family].decimals),
              })
            }}
          >
            {Object.entries(FAMILIES).map(([family, { label }]) => (
              <option key={family} value={family}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <TextField {...text('name', 'Name')} placeholder="Base" />
      </div>
      <div className="admin-row">
        {values.family === 'evm' && (
          <TextField {...text('chainId', 'Chain id')} inputMode="numeric" placeholder="8453" />
        )}
        {values.family === 'bitcoin' && (
          <div className="field">
            <label htmlFor={`${id}-bitcoinNetwork`}>Bitcoin network</label>
            <select
              id={`${id}-bitcoinNetwork`}
              value={values.bitcoinNetwork}
              disabled={save.busy}
              onChange={(e) => set({ bitcoinNetwork: e.target.value as Values['bitcoinNetwork'] })}
            >
              <option value="mainnet">Mainnet</option>
              <option value="testnet">Testnet</option>
              <option value="regtest">Regtest</option>
            </select>
          </div>
        )}
        {values.family === 'ton' && (
          <div className="field">
            <label htmlFor={`${id}-tonNetwork`}>TON network</label>
            <select
              id={`${id}-tonNetwork`}
              value={values.tonNetwork}
              disabled={save.busy}
              onChange={(e) => set({ tonNetwork: e.target.value as Values['tonNetwork'] })}
            >
              <option value="mainnet">Mainnet</option>
              <option value="testnet">Testnet</option>
            </select>
          </div>
        )}
        {(values.family === 'solana' || values.family === 'tron') && (
          <TextField
            {...text('genesisHash', values.family === 'solana' ? 'Genesis hash' : 'Genesis block id')}
            className="mono"
            hint="Optional: left empty, the one the endpoint reports is kept, and later endpoints must match it."
          />
        )}
        <TextField {...text('nativeSymbol', 'Native coin')} placeholder="ETH" />
        <TextField {...text('nativeDecimals', 'Decimals')} inputMode="numeric" />
      </div>
      <TextField
        {...text('endpoint', editing ? 'New endpoint URL' : 'Endpoint URL')}
        className="mono"
        placeholder={FAMILIES[values.family].endpoint}
        hint={
          editing
            ? `Now ${network.endpoint}. Leave empty to keep it.`
            : 'Stays on the server: wallets reach the chain through this instance.'
        }
      />
      <div className="admin-row">
        <TextField {...text('apiKeyHeader', 'API key header')} className="mono" placeholder="X-API-Key" />
        <TextField
          {...text('apiKeyValue', editing && network.apiKeyHeader ? 'New API key' : 'API key')}
          type="password"
          disabled={values.removeApiKey || save.busy}
          hint={
            editing && network.apiKeyHeader
              ? 'A key is set. Leave empty to keep it.'
              : 'Optional; sent as that header with every request. Stored encrypted, never shown again.'
          }
        />
      </div>
      {editing && network.apiKeyHeader && (
        <label className="admin-check">
          <input
            type="checkbox"
            checked={values.removeApiKey}
            disabled={save.busy}
            onChange={(e) => set({ removeApiKey: e.target.checked })}
          />{' '}
          Remove the API key
        </label>
      )}
      {values.family === 'evm' && (
        <TextField
          {...text('indexerUrl', editing && network.indexerUrl ? 'New indexer URL' : 'Indexer URL')}
          className="mono"
          hint={
            editing && network.indexerUrl
              ? `Now ${network.indexerUrl}. Leave empty to keep it.`
              : 'Optional: where history comes from when the node cannot list it.'
          }
        />
      )}
      <div className="admin-row">
        <TextField
          {...text('explorerTxUrl', 'Explorer link for a transaction')}
          className="mono"
          placeholder="https://basescan.org/tx/{tx}"
        />
        <TextField
          {...text('explorerAddressUrl', 'Explorer link for an address')}
          className="mono"
          placeholder="https://basescan.org/address/{address}"
        />
        <TextField
          {...text('nativePriceId', 'Price id')}
          className="mono"
          placeholder="ethereum"
          hint="Optional: the coin's id at the price provider."
        />
      </div>
      <div className="actions">
        <label className="admin-check">
          <input
            type="checkbox"
            checked={values.testnet}
            disabled={save.busy}
            onChange={(e) => set({ testnet: e.target.checked })}
          />{' '}
          Test network
        </label>
        <label className="admin-check">
          <input
            type="checkbox"
            checked={values.enabled}
            disabled={save.busy}
            onChange={(e) => set({ enabled: e.target.checked })}
          />{' '}
          Shown to wallets
        </label>
      </div>
      {problem && (
        <p role="alert" className="alert alert--error">
          {problem}
        </p>
      )}
      <SaveOutcome error={save.error} notice={null} />
      <div className="actions">
        <button type="submit" className="button" disabled={save.busy}>
          {save.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
          {save.busy ? 'Checking the endpoint…' : editing ? 'Save changes' : 'Add network'}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={save.busy}>
          Cancel
        </button>
      </div>
    </form>
  )
}

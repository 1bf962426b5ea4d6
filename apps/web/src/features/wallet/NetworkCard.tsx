import './wallet.css'
import { formatAmount } from '@stratos/chains'
import type { ChainAddresses } from '@stratos/schemas'
import { type ReactNode, useMemo, useState } from 'react'
import { describeError } from '../../lib/describeError'
import { useSession } from '../../lib/session'
import { CopyButton } from '../../lib/ui/CopyButton'
import { QrCode } from '../../lib/ui/QrCode'
import { HistoryList } from './HistoryList'
import {
  accountAddress,
  assetAmounts,
  explorerLink,
  networkAssets,
  networkSubtitle,
  type WalletNetwork,
} from './network'
import { useBalances, useRefreshAccount } from './queries'
import { TransferFlow } from './TransferFlow'

type Panel = 'none' | 'receive' | 'send' | 'history'

export interface NetworkCardProps {
  network: WalletNetwork
  addresses: ChainAddresses
  /** Dev mode: a faucet action for this network. */
  faucet?: (address: string) => ReactNode
  /** The fiat value beside an amount, when prices are on. */
  value?: (asset: { priceId: string | null; decimals: number }, amount: bigint) => ReactNode
}

/** One network: the native coin and the listed tokens, receive (QR), send with review, history. */
export function NetworkCard({ network, addresses, faucet, value }: NetworkCardProps) {
  const { vault } = useSession()
  const address = useMemo(() => accountAddress(network, addresses, vault), [network, addresses, vault])
  const balances = useBalances(network, address)
  const refresh = useRefreshAccount(network.id, address)
  const [panel, setPanel] = useState<Panel>('none')
  const toggle = (next: Panel) => setPanel((current) => (current === next ? 'none' : next))
  const accountLink = address ? explorerLink(network.explorerAddressUrl, address, 'address') : undefined

  const amounts = assetAmounts(balances.data, network)
  const rows = networkAssets(network).map((asset, i) => ({ ...asset, amount: amounts[i] }))

  return (
    <section
      className={`card network-card network-card--${network.family}`}
      data-testid={`network-${network.id}`}
    >
      <header className="card__header">
        <div>
          <h2>{network.name}</h2>
          <p className="muted">
            {networkSubtitle(network)}
            {network.testnet && <span className="pill pill--dev">test network</span>}
          </p>
        </div>
        {address && (
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => void refresh()}
            disabled={balances.isFetching}
          >
            {balances.isFetching ? 'Refreshing…' : 'Refresh'}
          </button>
        )}
      </header>

      {address === null ? (
        <p className="muted">Unlock the wallet to see your address and balance on this test network.</p>
      ) : (
        <table className="balances">
          <caption className="visually-hidden">Balances on {network.name}</caption>
          <tbody>
            {rows.map((row) => (
              <tr key={row.token ?? 'native'}>
                <th scope="row">{row.symbol}</th>
                <td className="balances__amount" data-testid={`balance-${network.id}-${row.symbol}`}>
                  {row.amount === undefined
                    ? '…'
                    : formatAmount({ value: row.amount, decimals: row.decimals, maxFractionDigits: 8 })}
                </td>
                <td className="balances__value muted small">
                  {row.amount !== undefined &&
                    value?.({ priceId: row.priceId, decimals: row.decimals }, row.amount)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {balances.error && (
        <p role="alert" className="alert alert--error">
          {describeError(balances.error)}
        </p>
      )}

      {address && (
        <div className="actions">
          <button
            type="button"
            className="button button--secondary"
            aria-expanded={panel === 'receive'}
            onClick={() => toggle('receive')}
          >
            Receive
          </button>
          <button
            type="button"
            className="button button--primary"
            aria-expanded={panel === 'send'}
            onClick={() => toggle('send')}
          >
            Send
          </button>
          <button
            type="button"
            className="button button--ghost"
            aria-expanded={panel === 'history'}
            onClick={() => toggle('history')}
          >
            History
          </button>
          {faucet?.(address)}
        </div>
      )}
      {address && !vault && panel !== 'send' && <p className="hint">Sending needs the wallet unlocked.</p>}

      {address && panel === 'receive' && (
        <div className="panel receive">
          <QrCode value={address} alt={`QR code of your ${network.name} address`} />
          <div>
            <h3>Receive on {network.name}</h3>
            <p className="muted">
              Send only {[network.nativeSymbol, ...network.tokens.map((t) => t.symbol)].join(', ')} on{' '}
              {network.name} to this address.
            </p>
            <code className="mono break" data-testid={`receive-${network.id}`}>
              {address}
            </code>
            <div className="actions">
              <CopyButton text={address} />
              {accountLink && (
                <a
                  className="button button--ghost button--small"
                  href={accountLink}
                  target="_blank"
                  rel="noreferrer noopener"
                >
                  View in explorer
                </a>
              )}
            </div>
          </div>
        </div>
      )}
      {address && panel === 'send' && (
        <TransferFlow
          network={network}
          from={address}
          balances={balances.data}
          onSent={() => void refresh()}
          onClose={() => setPanel('none')}
        />
      )}
      {address && panel === 'history' && <HistoryList network={network} address={address} />}
    </section>
  )
}

import { useState } from 'react'
import type { Address } from 'viem'
import { describeError } from '../../lib/describeError'
import { useSession } from '../../lib/session'
import { CopyButton } from '../../lib/ui/CopyButton'
import { QrCode } from '../../lib/ui/QrCode'
import { FaucetButton } from './FaucetButton'
import { formatNative } from './formatNative'
import { SendFlow } from './SendFlow'
import { useEvmBalance } from './useEvmBalance'

type Panel = 'none' | 'receive' | 'send'

/** The EVM account on the configured chain: balance, receive, send, and (dev mode) the faucet. */
export function EvmCard({ address }: { address: Address }) {
  const { config, vault } = useSession()
  const balance = useEvmBalance(address)
  const [panel, setPanel] = useState<Panel>('none')
  const symbol = config.evm.symbol
  const toggle = (next: Panel) => setPanel((current) => (current === next ? 'none' : next))

  return (
    <section className="card evm-card">
      <header className="card__header">
        <div>
          <h2>{config.evm.name}</h2>
          <p className="muted">
            EVM · chain id {config.evm.chainId}
            {config.devMode && <span className="pill pill--dev">test network</span>}
          </p>
        </div>
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => void balance.refetch()}
          disabled={balance.isFetching}
        >
          {balance.isFetching ? 'Refreshing…' : 'Refresh balance'}
        </button>
      </header>

      <p className="balance">
        <span className="balance__label">Balance</span>
        <span className="balance__amount">
          <span
            data-testid="evm-balance"
            title={balance.data === undefined ? undefined : `${balance.data} wei`}
          >
            {balance.data === undefined ? '…' : formatNative(balance.data)}
          </span>{' '}
          <span className="balance__symbol">{symbol}</span>
        </span>
      </p>
      {balance.error && (
        <p role="alert" className="alert alert--error">
          {describeError(balance.error)}
        </p>
      )}

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
        {config.devMode && <FaucetButton address={address} />}
      </div>
      {!vault && panel !== 'send' && <p className="hint">Sending needs the wallet unlocked.</p>}

      {panel === 'receive' && (
        <div className="panel receive">
          <QrCode value={address} alt={`QR code of your ${config.evm.name} address`} />
          <div>
            <h3>Receive {symbol}</h3>
            <p className="muted">
              Send only {symbol} and tokens on {config.evm.name} (chain id {config.evm.chainId}) to this
              address.
            </p>
            <code className="mono break">{address}</code>
            <div className="actions">
              <CopyButton text={address} />
            </div>
          </div>
        </div>
      )}
      {panel === 'send' && (
        <SendFlow from={address} balance={balance.data} onClose={() => setPanel('none')} />
      )}
    </section>
  )
}

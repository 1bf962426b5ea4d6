import { type ReactNode, useState } from 'react'
import { CopyButton } from '../../lib/ui/CopyButton'
import { QrCode } from '../../lib/ui/QrCode'

export interface AddressCardProps {
  /** Chain key: the address element's test id is `address-<chain>`. */
  chain: string
  title: string
  subtitle: string
  address: string
  /** Extra lines under the address (e.g. Canton's party id, TON's v4r2 address). */
  children?: ReactNode
}

/** One chain's address with Copy and an on-demand QR code. */
export function AddressCard({ chain, title, subtitle, address, children }: AddressCardProps) {
  const [showQr, setShowQr] = useState(false)

  return (
    <article className="card address-card">
      <header className="address-card__header">
        <span className={`chain-dot chain-dot--${chain}`} aria-hidden="true" />
        <div>
          <h3>{title}</h3>
          <p className="muted small">{subtitle}</p>
        </div>
      </header>
      <code className="mono break address" data-testid={`address-${chain}`}>
        {address}
      </code>
      {children}
      <div className="actions">
        <CopyButton text={address} />
        <button
          type="button"
          className="button button--ghost button--small"
          aria-expanded={showQr}
          onClick={() => setShowQr((v) => !v)}
        >
          {showQr ? 'Hide QR code' : 'Show QR code'}
        </button>
      </div>
      {showQr && (
        <div className="address-card__qr">
          <QrCode value={address} alt={`QR code of your ${title} address`} />
        </div>
      )}
    </article>
  )
}

import type { ChainAddresses } from '@stratos/schemas'
import { useQueries } from '@tanstack/react-query'
import { useMemo } from 'react'
import { describeError } from '../../lib/describeError'
import { useSession } from '../../lib/session'
import { Spinner } from '../../lib/ui/Spinner'
import { type PricedHolding, usePrices } from '../prices'
import { ChainFaucet } from './ChainFaucet'
import { NetworkCard } from './NetworkCard'
import { accountAddress, assetAmounts, networkAssets } from './network'
import { balancesQuery, useNetworks } from './queries'

export interface WalletNetworksProps {
  addresses: ChainAddresses
  /** Dev mode: each card gets the faucet of its local chain. */
  devFaucets?: boolean
}

/**
 * Every network the instance lists, one card each, under the portfolio's total value. Balances
 * show without prices; a holding without a price is named as left out of the total.
 */
export function WalletNetworks({ addresses, devFaucets = false }: WalletNetworksProps) {
  const { vault } = useSession()
  const networks = useNetworks()
  const list = networks.data?.networks ?? []
  const accounts = useMemo(
    () => list.map((network) => ({ network, address: accountAddress(network, addresses, vault) })),
    [list, addresses, vault],
  )
  const balances = useQueries({
    queries: accounts.map(({ network, address }) => balancesQuery(network, address)),
  })
  const prices = usePrices(list.flatMap((n) => networkAssets(n).map((asset) => asset.priceId)))
  const holdings: PricedHolding[] = accounts.flatMap(({ network }, i) => {
    const data = balances[i]?.data
    if (!data) return []
    const amounts = assetAmounts(data, network)
    return networkAssets(network).map((asset, k) => ({
      amount: amounts[k] ?? 0n,
      decimals: asset.decimals,
      priceId: asset.priceId,
    }))
  })
  const total = prices.formatTotal(holdings)

  if (networks.isPending)
    return (
      <section className="card">
        <p role="status">
          <Spinner label="Loading your networks…" />
        </p>
      </section>
    )
  if (networks.error)
    return (
      <section className="card">
        <p role="alert" className="alert alert--error">
          The networks could not be loaded: {describeError(networks.error)}
        </p>
      </section>
    )
  if (list.length === 0) return null

  return (
    <>
      <section className="card portfolio" aria-label="Portfolio">
        <h2>Portfolio</h2>
        <span className="portfolio__total" data-testid="portfolio-total">
          {total.text}
        </span>
        {total.unpriced > 0 && prices.currency && (
          <span className="muted small">
            {total.unpriced} holding{total.unpriced === 1 ? '' : 's'} without a price left out
          </span>
        )}
      </section>
      {accounts.map(({ network }) => (
        <NetworkCard
          key={network.id}
          network={network}
          addresses={addresses}
          value={(asset, amount) =>
            prices.formatValue({ amount, decimals: asset.decimals, priceId: asset.priceId })
          }
          {...(devFaucets
            ? { faucet: (address: string) => <ChainFaucet network={network} address={address} /> }
            : {})}
        />
      ))}
    </>
  )
}

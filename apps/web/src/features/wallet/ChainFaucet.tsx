import { formatAmount } from '@stratos/chains'
import { routes } from '@stratos/schemas'
import { callApi } from '../../lib/api'
import { FaucetAction } from '../../lib/ui/FaucetAction'
import { networkAssets, type WalletNetwork } from './network'
import { useRefreshAccount } from './queries'

/**
 * Dev mode only: test coin and test tokens from the faucet of one of the dev stack's local chains.
 * The API answers once the transfer is confirmed; the balances and history are then refreshed.
 */
export function ChainFaucet({ network, address }: { network: WalletNetwork; address: string }) {
  const refresh = useRefreshAccount(network.id, address)
  const assets = networkAssets(network)
  return (
    <>
      {assets.map((asset) => (
        <FaucetAction
          key={asset.symbol}
          label={`Get test ${asset.symbol}`}
          busyText="Asking the faucet…"
          request={async () => {
            const { amount } = await callApi(routes.devChainFaucet, {
              params: { id: network.id },
              body: { address, ...(asset.token ? { token: asset.token } : {}) },
            })
            await refresh()
            return `Received ${formatAmount({ value: BigInt(amount), decimals: asset.decimals })} test ${asset.symbol} from the faucet.`
          }}
        />
      ))}
    </>
  )
}

import type { ChainFamily, LocalChain } from '@stratos/chains'
import { ApiError } from '../../errors.js'

/** What the faucet sends of each family's native coin, in base units. */
const NATIVE_AMOUNT: Record<ChainFamily, bigint> = {
  evm: 10n ** 18n, // 1 ETH
  solana: 2n * 10n ** 9n, // 2 SOL
  bitcoin: 1_000_000n, // 0.01 BTC
  tron: 100n * 10n ** 6n, // 100 TRX
  ton: 5n * 10n ** 9n, // 5 TON
}

/** Whole tokens the faucet sends of a local chain's token. */
const TOKEN_UNITS = 1000n

/**
 * Dev mode: test coin (or 1,000 of the chain's test token) from a local chain's faucet to
 * `address`, once confirmed. 404 for a network that is not one of the dev stack's local chains;
 * 400 naming the cause when the chain refuses the address or the token.
 */
export async function sendChainFaucetFunds(
  chains: ReadonlyMap<string, LocalChain> | undefined,
  networkId: string,
  request: { address: string; token?: string | undefined },
): Promise<{ txId: string; amount: string }> {
  const chain = chains?.get(networkId)
  if (!chain)
    throw new ApiError(
      404,
      'FAUCET_NOT_FOUND',
      `Network '${networkId}' is not a local chain of this dev stack: it has no faucet`,
    )
  let amount = NATIVE_AMOUNT[chain.family]
  if (request.token !== undefined) {
    const token = chain.tokens.find((t) => t.address.toLowerCase() === request.token!.toLowerCase())
    if (!token)
      throw new ApiError(
        400,
        'FAUCET_TOKEN_UNKNOWN',
        `token: the faucet of '${networkId}' has ${chain.tokens.map((t) => `${t.symbol} (${t.address})`).join(', ') || 'no token'}`,
      )
    amount = TOKEN_UNITS * 10n ** BigInt(token.decimals)
  }
  try {
    const { txId } = await chain.fund(request.address, amount, request.token)
    return { txId, amount: amount.toString() }
  } catch (error) {
    // The local chains refuse a malformed address (or one of another network) before sending.
    throw new ApiError(
      400,
      'FAUCET_REFUSED',
      `The faucet of '${networkId}' refused: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    )
  }
}

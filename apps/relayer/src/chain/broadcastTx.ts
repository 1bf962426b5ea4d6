import type { Hex, PublicClient } from 'viem'
import { isAlreadyKnown } from './ChainError.js'

/** Sends a signed raw transaction; the node already holding it counts as sent. */
export async function broadcastTx(client: PublicClient, raw: Hex): Promise<void> {
  try {
    await client.sendRawTransaction({ serializedTransaction: raw })
  } catch (error) {
    if (isAlreadyKnown(error)) return
    throw error
  }
}

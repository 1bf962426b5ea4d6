import {
  type Hex,
  hashMessage,
  hashTypedData,
  keccak256,
  type LocalAccount,
  type Signature,
  serializeSignature,
  serializeTransaction,
} from 'viem'
import { toAccount } from 'viem/accounts'
import type { DigestSigner } from '../types.js'

export type ToViemAccountReturnType = LocalAccount

/**
 * A viem `LocalAccount` whose every signature is made by `signer.signDigest`: transactions
 * (the serializer's unsigned bytes, keccak256), EIP-712 typed data (`hashTypedData`) and
 * EIP-191 messages (`hashMessage`). Wrap the signer with `createFencedSigner` first so a
 * relayer that is no longer leader cannot sign through the account either.
 */
export async function toViemAccount(signer: DigestSigner): Promise<ToViemAccountReturnType> {
  const address = await signer.address()
  const sign = async (hash: Hex): Promise<Signature> => {
    const { r, s, yParity } = await signer.signDigest(hash)
    // v as viem's own `sign` gives it: legacy transactions derive their EIP-155 v from it.
    return { r, s, yParity, v: yParity === 1 ? 28n : 27n }
  }
  return toAccount({
    address,
    async sign({ hash }) {
      return serializeSignature(await sign(hash))
    },
    async signMessage({ message }) {
      return serializeSignature(await sign(hashMessage(message)))
    },
    async signTypedData(typedData) {
      return serializeSignature(await sign(hashTypedData(typedData)))
    },
    async signTransaction(transaction, options) {
      const serializer = options?.serializer ?? serializeTransaction
      // As viem's signTransaction: an EIP-4844 signature covers the payload without sidecars.
      const signable = transaction.type === 'eip4844' ? { ...transaction, sidecars: false } : transaction
      const signature = await sign(keccak256(await serializer(signable)))
      return serializer(transaction, signature)
    },
  })
}

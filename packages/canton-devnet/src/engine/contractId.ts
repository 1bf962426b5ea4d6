import { createHash, randomBytes } from 'node:crypto'

/** Contract id version of Daml-LF (V1): `00`, then the 32-byte discriminator. */
const V1_PREFIX = '00'
/**
 * The suffix of a committed contract id: Canton's `AuthenticatedContractIdVersionV12` prefix
 * (0xca12, protocol version 34 and later), then a Canton `Hash` (multihash: 0x12 SHA-256, 0x20 bytes).
 */
const SUFFIX_PREFIX = 'ca121220'

/**
 * A new contract id shaped as Canton assigns them: `00` + 32-byte random discriminator (hex) +
 * `ca12` + `1220` + a SHA-256 over the contract. Canton's suffix is the contract's unicum (a hash
 * of its metadata, ledger time and a salt the submitting participant chose); the devnet hashes the
 * discriminator with the template, argument and parties instead.
 */
export function newContractId(contract: {
  templateId: string
  arg: unknown
  signatories: string[]
  observers: string[]
}): string {
  const discriminator = randomBytes(32).toString('hex')
  const unicum = createHash('sha256')
    .update(
      JSON.stringify([
        discriminator,
        contract.templateId,
        contract.arg,
        contract.signatories,
        contract.observers,
      ]),
    )
    .digest('hex')
  return `${V1_PREFIX}${discriminator}${SUFFIX_PREFIX}${unicum}`
}

/**
 * The id of a contract created by a transaction, as that transaction's prepared form names it:
 * Canton suffixes contract ids only when the transaction is committed, so a `PreparedTransaction`
 * carries the unsuffixed `00` + discriminator.
 */
export function unsuffixedContractId(contractId: string): string {
  return contractId.slice(0, V1_PREFIX.length + 64)
}

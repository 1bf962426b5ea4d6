/**
 * Upper bound of the virtual size (BIP-141: weight / 4, rounded up) of a transaction spending
 * `inputs` P2WPKH outputs to outputs of the given sizes (vbytes each, see `outputVsize`).
 *
 * Non-witness bytes: version 4, input and output counts (CompactSize), locktime 4; per input
 * outpoint 36 + empty scriptSig 1 + nSequence 4. Witness bytes: marker and flag 2; per input item
 * count 1, signature push 1 + 72 (DER, the longest a low-S signature takes, with its sighash
 * byte), public key push 1 + 33. The estimate is never below the real size, so the fee rate paid
 * is never below the one asked.
 */
export function p2wpkhVsize(inputs: number, outputVsizes: readonly number[]): number {
  const base =
    4 +
    compactSizeLength(inputs) +
    inputs * 41 +
    compactSizeLength(outputVsizes.length) +
    outputVsizes.reduce((sum, size) => sum + size, 0) +
    4
  const witness = 2 + inputs * (1 + 1 + 72 + 1 + 33)
  return Math.ceil((base * 4 + witness) / 4)
}

function compactSizeLength(n: number): number {
  return n < 0xfd ? 1 : n <= 0xffff ? 3 : 5
}

import { ripemd160 } from '@noble/hashes/legacy.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bech32 } from '@scure/base'
import { Transaction } from '@scure/btc-signer'
import { abytes } from '../assert.js'
import type { BitcoinNetwork } from '../derivationPath.js'
import { KeysError } from '../KeysError.js'

/** BIP-173 human-readable parts; regtest's `bcrt` is Bitcoin Core's. */
const HRP: Record<BitcoinNetwork, string> = { mainnet: 'bc', testnet: 'tb', regtest: 'bcrt' }

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

function hash160(publicKey: Uint8Array): Uint8Array {
  return ripemd160(sha256(publicKey))
}

/** P2WPKH scriptPubKey `OP_0 <20-byte HASH160(pubkey)>` (BIP-141 "P2WPKH"). */
export function p2wpkhScript(publicKey: Uint8Array): Uint8Array {
  abytes(publicKey, 'publicKey', [33])
  const script = new Uint8Array(22)
  script[0] = 0x00
  script[1] = 0x14
  script.set(hash160(publicKey), 2)
  return script
}

/** Native segwit v0 (P2WPKH) bech32 address of a compressed secp256k1 public key (BIP-84, BIP-173). */
export function bitcoinAddressFromPublicKey(
  publicKey: Uint8Array,
  network: BitcoinNetwork = 'mainnet',
): string {
  abytes(publicKey, 'publicKey', [33])
  const hrp = HRP[network]
  if (!hrp) throw new KeysError('INVALID_ARGUMENT', `network: unknown Bitcoin network '${String(network)}'`)
  return bech32.encode(hrp, [0, ...bech32.toWords(hash160(publicKey))])
}

/**
 * Signs every input of the PSBT (BIP-174/370) whose witness UTXO pays to this key's P2WPKH script,
 * with SIGHASH_ALL, and returns the updated PSBT. Inputs of other keys are left alone, so the
 * result can go on to other signers. Throws `NOTHING_TO_SIGN` if no input belongs to the key.
 */
export function signBitcoinPsbtWithKey(
  psbt: Uint8Array,
  privateKey: Uint8Array,
  publicKey: Uint8Array,
): Uint8Array {
  abytes(psbt, 'psbt', [], 'INVALID_PSBT')
  let tx: Transaction
  try {
    tx = Transaction.fromPSBT(psbt)
  } catch (cause) {
    throw new KeysError('INVALID_PSBT', 'psbt: not a valid PSBT', {
      cause,
      details: cause instanceof Error ? cause.message : undefined,
    })
  }
  const script = p2wpkhScript(publicKey)
  let signed = 0
  for (let i = 0; i < tx.inputsLength; i++) {
    const utxoScript = tx.getInput(i).witnessUtxo?.script
    if (!utxoScript || !equalBytes(utxoScript, script)) continue
    try {
      if (tx.signIdx(privateKey, i)) signed++
    } catch (cause) {
      throw new KeysError('INVALID_PSBT', `psbt: input ${i} cannot be signed`, {
        cause,
        details: cause instanceof Error ? cause.message : undefined,
      })
    }
  }
  if (signed === 0) throw new KeysError('NOTHING_TO_SIGN', 'psbt: no P2WPKH input belongs to this account')
  return tx.toPSBT()
}

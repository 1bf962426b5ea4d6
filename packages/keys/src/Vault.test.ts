import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js'
import { mnemonicToSeedSync } from '@scure/bip39'
import { NETWORK, OutScript, p2wpkh, SigHash, Transaction } from '@scure/btc-signer'
import { createKeyPairSignerFromPrivateKeyBytes, type SignatureBytes, verifySignature } from '@solana/kit'
import {
  Address,
  beginCell,
  Cell,
  contractAddress,
  internal,
  loadMessage,
  loadMessageRelaxed,
  SendMode,
} from '@ton/core'
import { keyPairFromSeed, signVerify } from '@ton/crypto'
import { WalletContractV5R1 } from '@ton/ton'
import { parseTransaction, recoverTransactionAddress, verifyMessage, verifyTypedData } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { afterEach, describe, expect, test, vi } from 'vitest'
import type { EvmTransaction } from './chains/evm.js'
import { derivationPath } from './derivationPath.js'
import { deriveWrapKey, entropyFromPrf } from './entropyFromPrf.js'
import { withEd25519Key, withSecp256k1Key } from './hdKey.js'
import { KeysError } from './KeysError.js'
import { Vault } from './Vault.js'
import { unwrapEntropy } from './wrapEntropy.js'

const ABANDON =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
const seed = mnemonicToSeedSync(ABANDON)
const vault = Vault.fromMnemonic(ABANDON)
const PRF = Uint8Array.from({ length: 32 }, (_, i) => i)

const edKey = (chain: 'solana' | 'ton' | 'canton', index = 0) =>
  withEd25519Key(seed, derivationPath(chain, index), (k) => ({
    priv: k.privateKey.slice(),
    pub: k.publicKey.slice(),
  }))

const tx: EvmTransaction = {
  chainId: 1,
  nonce: 7,
  to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  value: 10n ** 17n,
  gas: 21_000n,
  maxFeePerGas: 30_000_000_000n,
  maxPriorityFeePerGas: 1_000_000_000n,
}

const typedData = {
  domain: {
    name: 'Ether Mail',
    version: '1',
    chainId: 1,
    verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC',
  },
  types: {
    Person: [
      { name: 'name', type: 'string' },
      { name: 'wallet', type: 'address' },
    ],
    Mail: [
      { name: 'from', type: 'Person' },
      { name: 'to', type: 'Person' },
      { name: 'contents', type: 'string' },
    ],
  },
  primaryType: 'Mail',
  message: {
    from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
    to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
    contents: 'Hello, Bob!',
  },
} as const

describe('Vault.fromPrf', () => {
  test('behavior: equals fromEntropy(entropyFromPrf(prf)); pinned EVM address of the fixed PRF', () => {
    const fromPrf = Vault.fromPrf(PRF).addresses()
    expect(fromPrf).toEqual(Vault.fromEntropy(entropyFromPrf(PRF)).addresses())
    expect(fromPrf.evm).toBe('0x25Da4E30D907Cba52B7Aa589DE642c6dF3B5236C')
    expect(fromPrf.bitcoin).toBe('bc1qn7unxvm7au6z4zkcd3plzml4aldpxymsfm5x57')
  })

  test('error: wrong PRF length throws INVALID_PRF', () => {
    expect(() => Vault.fromPrf(new Uint8Array(31))).toThrow(expect.objectContaining({ code: 'INVALID_PRF' }))
  })
})

describe('Vault.fromEntropy', () => {
  test('behavior: 16 zero bytes is "abandon x11 about"', () => {
    expect(Vault.fromEntropy(new Uint8Array(16)).addresses()).toEqual(vault.addresses())
  })

  test('error: wrong length throws INVALID_ENTROPY', () => {
    expect(() => Vault.fromEntropy(new Uint8Array(12))).toThrow(
      expect.objectContaining({ code: 'INVALID_ENTROPY' }),
    )
  })
})

describe('Vault.wrapEntropy', () => {
  const backupPrf = Uint8Array.from({ length: 32 }, (_, i) => 200 - i)

  test('behavior: wrapped under a backup wrap key, unwrapped with the same key: the same addresses', async () => {
    const first = Vault.fromPrf(PRF)
    const wrapKey = deriveWrapKey(backupPrf)
    const wrapped = await first.wrapEntropy(wrapKey)
    expect(wrapped).toEqual({ iv: expect.any(String), ciphertext: expect.any(String) })
    const backup = await Vault.fromWrappedEntropy(wrapped, wrapKey)
    expect(backup.addresses()).toEqual(first.addresses())
    expect(backup.addresses({ index: 3 })).toEqual(first.addresses({ index: 3 }))
    // The plain entropy is the one the first passkey defines (docs/key-derivation.md, overview).
    expect(await unwrapEntropy(wrapped, wrapKey)).toEqual(entropyFromPrf(PRF))
    first.lock()
    backup.lock()
  })

  test('behavior: a vault opened by a backup passkey can wrap again (for yet another backup)', async () => {
    const keyB = deriveWrapKey(backupPrf)
    const keyC = deriveWrapKey(new Uint8Array(32).fill(5))
    const viaB = await Vault.fromWrappedEntropy(await Vault.fromPrf(PRF).wrapEntropy(keyB), keyB)
    const viaC = await Vault.fromWrappedEntropy(await viaB.wrapEntropy(keyC), keyC)
    expect(viaC.addresses().evm).toBe('0x25Da4E30D907Cba52B7Aa589DE642c6dF3B5236C')
  })

  test('behavior: fromMnemonic (no passphrase) and fromEntropy wrap the entropy of their seed', async () => {
    const wrapKey = deriveWrapKey(backupPrf)
    const fromMnemonic = await Vault.fromWrappedEntropy(await vault.wrapEntropy(wrapKey), wrapKey)
    expect(fromMnemonic.addresses()).toEqual(vault.addresses())
    const entropy = new Uint8Array(16)
    const fromEntropy = Vault.fromEntropy(entropy)
    entropy.fill(9)
    const again = await Vault.fromWrappedEntropy(await fromEntropy.wrapEntropy(wrapKey), wrapKey)
    expect(again.addresses()).toEqual(vault.addresses())
  })

  test('error: unwrapping with another wrap key throws UNWRAP_FAILED', async () => {
    const wrapped = await Vault.fromPrf(PRF).wrapEntropy(deriveWrapKey(backupPrf))
    await expect(Vault.fromWrappedEntropy(wrapped, deriveWrapKey(PRF))).rejects.toMatchObject({
      code: 'UNWRAP_FAILED',
    })
  })

  test('error: a lock() while wrapping does not make it wrap zeros', async () => {
    const v = Vault.fromPrf(PRF)
    const wrapKey = deriveWrapKey(backupPrf)
    const pending = v.wrapEntropy(wrapKey)
    v.lock()
    expect(await unwrapEntropy(await pending, wrapKey)).toEqual(entropyFromPrf(PRF))
  })

  test('error: a wrong key length throws INVALID_ARGUMENT; a passphrase vault cannot wrap', async () => {
    await expect(Vault.fromPrf(PRF).wrapEntropy(new Uint8Array(16))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    })
    await expect(
      Vault.fromMnemonic(ABANDON, 'TREZOR').wrapEntropy(deriveWrapKey(backupPrf)),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
  })
})

describe('Vault.fromMnemonic', () => {
  test('behavior: normalizes whitespace and case', () => {
    const messy = `  ${ABANDON.toUpperCase().replace(/ /g, '  \n')} `
    expect(Vault.fromMnemonic(messy).addresses().evm).toBe(vault.addresses().evm)
  })

  test('behavior: BIP-39 passphrase "TREZOR" gives the trezor vector seed (checked through the EVM account)', () => {
    const expected = mnemonicToAccount(ABANDON, { passphrase: 'TREZOR' }).address
    expect(Vault.fromMnemonic(ABANDON, 'TREZOR').addresses().evm).toBe(expected)
  })

  test('error: bad checksum, unknown word, wrong type throw INVALID_MNEMONIC', () => {
    for (const bad of [ABANDON.replace('about', 'abandon'), ABANDON.replace('about', 'bitcoin1'), '', 42])
      expect(() => Vault.fromMnemonic(bad as string)).toThrow(
        expect.objectContaining({ code: 'INVALID_MNEMONIC' }),
      )
  })
})

describe('Vault.lock', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  test('behavior: zeroes the 64-byte seed and the entropy, and every later call throws VAULT_LOCKED', async () => {
    const v = Vault.fromPrf(PRF)
    const filled: Uint8Array[] = []
    const fill = Uint8Array.prototype.fill
    vi.spyOn(Uint8Array.prototype, 'fill').mockImplementation(function (this: Uint8Array, ...args) {
      filled.push(this)
      return fill.apply(this, args)
    })
    expect(v.locked).toBe(false)
    v.lock()
    expect(v.locked).toBe(true)
    const seedArray = filled.find((a) => a.length === 64)
    expect(seedArray).toBeDefined()
    expect(seedArray!.every((b) => b === 0)).toBe(true)
    const entropyArray = filled.find((a) => a.length === 32)
    expect(entropyArray).toBeDefined()
    expect(entropyArray!.every((b) => b === 0)).toBe(true)
    vi.restoreAllMocks()
    const calls: (() => unknown)[] = [
      () => v.addresses(),
      () => v.signEvmTransaction(tx),
      () => v.signEvmMessage('hi'),
      () => v.signEvmTypedData(typedData),
      () => v.signSolanaMessage(new Uint8Array(8)),
      () => v.signBitcoinPsbt(new Uint8Array(8)),
      () => v.signTronTransaction('0a02'),
      () => v.signTonTransfer({ to: vault.addresses().ton, amount: 1n, seqno: 1, validUntil: 1 }),
      () => v.signCantonHash(new Uint8Array(32)),
      () => v.signCantonMessage('hello'),
    ]
    for (const call of calls) expect(call).toThrow(expect.objectContaining({ code: 'VAULT_LOCKED' }))
    await expect(v.wrapEntropy(deriveWrapKey(PRF))).rejects.toMatchObject({ code: 'VAULT_LOCKED' })
    v.lock()
    expect(v.locked).toBe(true)
  })
})

describe('Vault.signEvmTransaction', () => {
  test('behavior: recoverable to the account; byte-identical to viem signTransaction (RFC 6979)', async () => {
    for (const index of [0, 2]) {
      const signed = vault.signEvmTransaction({ ...tx, data: '0xdeadbeef' }, index)
      const account = mnemonicToAccount(ABANDON, { addressIndex: index })
      expect(await recoverTransactionAddress({ serializedTransaction: signed as `0x02${string}` })).toBe(
        account.address,
      )
      const parsed = parseTransaction(signed)
      expect(parsed).toMatchObject({
        type: 'eip1559',
        chainId: 1,
        nonce: 7,
        to: tx.to.toLowerCase(),
        value: tx.value,
        data: '0xdeadbeef',
      })
      expect(signed).toBe(await account.signTransaction({ ...tx, type: 'eip1559', data: '0xdeadbeef' }))
    }
  })

  test('error: malformed transactions throw INVALID_TRANSACTION', () => {
    const bad: Partial<Record<keyof EvmTransaction, unknown>>[] = [
      { chainId: 0 },
      { nonce: -1 },
      { to: '0x1234' },
      { value: 1 },
      { gas: -1n },
      { maxPriorityFeePerGas: 10n ** 12n },
      { data: '0xabc' },
    ]
    for (const patch of bad)
      expect(() => vault.signEvmTransaction({ ...tx, ...patch } as EvmTransaction)).toThrow(
        expect.objectContaining({ code: 'INVALID_TRANSACTION' }),
      )
  })
})

describe('Vault.signEvmMessage', () => {
  test('behavior: verifyMessage accepts it; identical to viem signMessage for strings and bytes', async () => {
    const account = mnemonicToAccount(ABANDON)
    for (const message of ['hello stratos', new Uint8Array([0, 1, 2, 255])]) {
      const signature = vault.signEvmMessage(message)
      const viemMessage = typeof message === 'string' ? message : { raw: message }
      expect(await verifyMessage({ address: account.address, message: viemMessage, signature })).toBe(true)
      expect(signature).toBe(await account.signMessage({ message: viemMessage }))
    }
  })

  test('error: a number throws INVALID_ARGUMENT', () => {
    expect(() => vault.signEvmMessage(5 as unknown as string)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})

describe('Vault.signEvmTypedData', () => {
  test('behavior: verifyTypedData accepts it; identical to viem signTypedData', async () => {
    const account = mnemonicToAccount(ABANDON, { addressIndex: 1 })
    const signature = vault.signEvmTypedData(typedData, 1)
    expect(await verifyTypedData({ address: account.address, ...typedData, signature })).toBe(true)
    expect(signature).toBe(await account.signTypedData(typedData))
  })

  test('error: invalid typed data throws INVALID_ARGUMENT', () => {
    expect(() => vault.signEvmTypedData({ ...typedData, primaryType: 'Nope' } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})

describe('Vault.signSolanaMessage', () => {
  test('behavior: @solana/kit verifySignature accepts it with the account key; same as a kit signer', async () => {
    const message = randomBytes(150)
    const signature = vault.signSolanaMessage(message, 3)
    expect(signature).toHaveLength(64)
    const signer = await createKeyPairSignerFromPrivateKeyBytes(edKey('solana', 3).priv)
    expect(signer.address).toBe(vault.addresses({ index: 3 }).solana)
    expect(await verifySignature(signer.keyPair.publicKey, signature as SignatureBytes, message)).toBe(true)
    const [kitSigned] = await signer.signMessages([{ content: message, signatures: {} }])
    expect(kitSigned![signer.address]).toEqual(signature)
  })

  test('error: a string throws INVALID_TRANSACTION', () => {
    expect(() => vault.signSolanaMessage('abc' as unknown as Uint8Array)).toThrow(KeysError)
  })
})

describe('Vault.signBitcoinPsbt', () => {
  const ours = withSecp256k1Key(seed, derivationPath('bitcoin', 0), (k) => k.publicKey.slice())
  const foreignKey = secp256k1.utils.randomSecretKey()
  const foreignPub = secp256k1.getPublicKey(foreignKey, true)

  function psbt(): Uint8Array {
    const t = new Transaction()
    t.addInput({
      txid: bytesToHex(sha256(new Uint8Array([1]))),
      index: 0,
      witnessUtxo: { script: p2wpkh(ours).script, amount: 100_000n },
    })
    t.addInput({
      txid: bytesToHex(sha256(new Uint8Array([2]))),
      index: 1,
      witnessUtxo: { script: p2wpkh(foreignPub).script, amount: 50_000n },
    })
    t.addOutputAddress('bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g', 140_000n, NETWORK)
    return t.toPSBT()
  }

  test('behavior: signs only its own P2WPKH input; the witness verifies under BIP-143 after btc-signer finalizes', () => {
    const signed = Transaction.fromPSBT(vault.signBitcoinPsbt(psbt()))
    expect(signed.getInput(0).partialSig).toHaveLength(1)
    expect(signed.getInput(1).partialSig).toBeUndefined()
    signed.signIdx(foreignKey, 1)
    signed.finalize()
    const [sig, pub] = signed.getInput(0).finalScriptWitness!
    expect(bytesToHex(pub!)).toBe(bytesToHex(ours))
    expect(sig!.at(-1)).toBe(SigHash.ALL)
    // BIP-143: P2WPKH scriptCode is the P2PKH script of the key hash.
    const scriptCode = OutScript.encode({ type: 'pkh', hash: p2wpkh(ours).hash })
    const sighash = signed.preimageWitnessV0(0, scriptCode, SigHash.ALL, 100_000n)
    expect(secp256k1.verify(sig!.subarray(0, -1), sighash, ours, { prehash: false, format: 'der' })).toBe(
      true,
    )
    expect(signed.extract().length).toBeGreaterThan(100)
  })

  test('behavior: the testnet path signs inputs of the tb1 address', () => {
    const testPub = withSecp256k1Key(seed, derivationPath('bitcoin', 0, 'testnet'), (k) =>
      k.publicKey.slice(),
    )
    const t = new Transaction()
    t.addInput({
      txid: bytesToHex(sha256(new Uint8Array([3]))),
      index: 0,
      witnessUtxo: { script: p2wpkh(testPub).script, amount: 10_000n },
    })
    t.addOutput({ script: p2wpkh(testPub).script, amount: 9_000n })
    const signed = Transaction.fromPSBT(vault.signBitcoinPsbt(t.toPSBT(), { network: 'testnet' }))
    signed.finalize()
    expect(signed.isFinal).toBe(true)
  })

  test('error: no matching input throws NOTHING_TO_SIGN; garbage throws INVALID_PSBT', () => {
    expect(() => vault.signBitcoinPsbt(psbt(), { index: 5 })).toThrow(
      expect.objectContaining({ code: 'NOTHING_TO_SIGN' }),
    )
    expect(() => vault.signBitcoinPsbt(new Uint8Array([1, 2, 3]))).toThrow(
      expect.objectContaining({ code: 'INVALID_PSBT' }),
    )
  })
})

describe('Vault.signTronTransaction', () => {
  test('behavior: 65-byte r||s||v over sha256(raw_data); the recovered key is the TRON address', () => {
    const rawDataHex =
      '0a02a1b022089c1d0e6b8a4f5b4040e8f3b6d9a5325a66080112620a2d747970652e676f6f676c65617069732e636f6d2f70726f746f636f6c2e5472616e73666572436f6e7472616374'
    const signature = vault.signTronTransaction(rawDataHex)
    expect(signature).toMatch(/^[0-9a-f]{128}(1b|1c)$/)
    const bytes = hexToBytes(signature)
    const recovered = secp256k1.Signature.fromBytes(bytes.subarray(0, 64), 'compact')
      .addRecoveryBit(bytes[64]! - 27)
      .recoverPublicKey(sha256(hexToBytes(rawDataHex)))
      .toBytes(true)
    const tronPub = withSecp256k1Key(seed, derivationPath('tron', 0), (k) => k.publicKey.slice())
    expect(bytesToHex(recovered)).toBe(bytesToHex(tronPub))
    expect(vault.signTronTransaction(`0x${rawDataHex}`)).toBe(signature)
  })

  test('error: non-hex raw data throws INVALID_TRANSACTION', () => {
    for (const bad of ['', 'abc', 'zz', 5])
      expect(() => vault.signTronTransaction(bad as string)).toThrow(
        expect.objectContaining({ code: 'INVALID_TRANSACTION' }),
      )
  })
})

describe('Vault.signTonTransfer', () => {
  const { priv, pub } = edKey('ton')
  const wallet = WalletContractV5R1.create({ workchain: 0, publicKey: Buffer.from(pub) })
  const to = 'EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrHF'

  function parse(boc: string) {
    const message = loadMessage(Cell.fromBoc(Buffer.from(boc, 'base64'))[0]!.beginParse())
    if (message.info.type !== 'external-in') throw new Error('expected an external message')
    const body = message.body.beginParse()
    const unsignedBits = body.loadBits(body.remainingBits - 512)
    const signature = body.loadBuffer(64)
    const unsigned = beginCell().storeBits(unsignedBits)
    for (const ref of message.body.refs) unsigned.storeRef(ref)
    return { message, info: message.info, signature, unsigned: unsigned.endCell() }
  }

  test('behavior: @ton/core parses the BOC; @ton/crypto signVerify accepts the signature over the body hash', () => {
    const signed = vault.signTonTransfer({
      to,
      amount: 1_500_000_000n,
      seqno: 4,
      validUntil: 1_900_000_000,
      comment: 'hi 👋',
    })
    const { message, info, signature, unsigned } = parse(signed.boc)
    expect(info.dest.equals(wallet.address)).toBe(true)
    expect(message.init).toBeFalsy()
    expect(signVerify(unsigned.hash(), signature, Buffer.from(pub))).toBe(true)
    expect(signed.hash).toBe(Cell.fromBoc(Buffer.from(signed.boc, 'base64'))[0]!.hash().toString('hex'))
    expect(signed.normalizedHash).toBe(signed.hash)
    expect(signed.from).toBe(vault.addresses().ton)
    const s = unsigned.beginParse()
    expect(s.loadUint(32)).toBe(0x7369676e)
    expect(s.loadUint(32)).toBe(2147483409)
    expect(s.loadUint(32)).toBe(1_900_000_000)
    expect(s.loadUint(32)).toBe(4)
    const outList = s.loadRef().beginParse()
    outList.loadRef()
    expect(outList.loadUint(32)).toBe(0x0ec3c86d)
    expect(outList.loadUint(8)).toBe(SendMode.PAY_GAS_SEPARATELY | SendMode.IGNORE_ERRORS)
    const out = loadMessageRelaxed(outList.loadRef().beginParse())
    if (out.info.type !== 'internal') throw new Error('expected an internal message')
    expect(out.info.dest.equals(Address.parse(to))).toBe(true)
    expect(out.info.value.coins).toBe(1_500_000_000n)
    expect(out.info.bounce).toBe(true)
    const comment = out.body.beginParse()
    expect(comment.loadUint(32)).toBe(0)
    expect(comment.loadStringTail()).toBe('hi 👋')
  })

  test('behavior: the signed body is identical to @ton/ton WalletContractV5R1.createTransfer', () => {
    const secretKey = keyPairFromSeed(Buffer.from(priv)).secretKey
    const params = { seqno: 9, validUntil: 1_800_000_000, amount: 123n }
    for (const bounce of [false, true]) {
      const ours = parse(vault.signTonTransfer({ to, ...params, bounce }).boc).message.body
      const theirs = wallet.createTransfer({
        seqno: params.seqno,
        secretKey,
        timeout: params.validUntil,
        sendMode: SendMode.PAY_GAS_SEPARATELY,
        messages: [internal({ to, value: params.amount, bounce })],
      })
      expect(ours.hash().toString('hex')).toBe(theirs.hash().toString('hex'))
    }
  })

  test('behavior: seqno 0 carries the StateInit that deploys the wallet (its hash is the wallet address)', () => {
    const signed = vault.signTonTransfer({ to, amount: 1n, seqno: 0, validUntil: 1_800_000_000 })
    const { message, info } = parse(signed.boc)
    expect(message.init).toBeTruthy()
    expect(contractAddress(0, message.init!).equals(info.dest)).toBe(true)
    expect(message.init!.code!.hash().equals(wallet.init.code.hash())).toBe(true)
    expect(signed.normalizedHash).not.toBe(signed.hash)
  })

  test('behavior: a payload BOC becomes the internal message body, as @ton/ton builds it', () => {
    const secretKey = keyPairFromSeed(Buffer.from(priv)).secretKey
    // TEP-74 jetton transfer body: op, query_id, amount, destination, response_destination,
    // custom_payload null, forward_ton_amount, forward_payload in place.
    const jettonTransfer = beginCell()
      .storeUint(0x0f8a7ea5, 32)
      .storeUint(7, 64)
      .storeCoins(2_000_000n)
      .storeAddress(Address.parse(to))
      .storeAddress(wallet.address)
      .storeBit(0)
      .storeCoins(1n)
      .storeBit(0)
      .endCell()
    const payload = jettonTransfer.toBoc().toString('base64')
    const params = { seqno: 3, validUntil: 1_800_000_000, amount: 50_000_000n }
    const signed = vault.signTonTransfer({ to, ...params, bounce: true, payload })
    const { message, unsigned } = parse(signed.boc)
    const outList = unsigned.beginParse().skip(128).loadRef().beginParse()
    outList.loadRef()
    outList.skip(40)
    const out = loadMessageRelaxed(outList.loadRef().beginParse())
    expect(out.body.hash().equals(jettonTransfer.hash())).toBe(true)
    const theirs = wallet.createTransfer({
      seqno: params.seqno,
      secretKey,
      timeout: params.validUntil,
      sendMode: SendMode.PAY_GAS_SEPARATELY,
      messages: [internal({ to, value: params.amount, bounce: true, body: jettonTransfer })],
    })
    expect(message.body.hash().toString('hex')).toBe(theirs.hash().toString('hex'))
  })

  test('error: a payload with a comment, or a payload that is not a BOC, throws INVALID_TRANSACTION', () => {
    const base = { to, amount: 1n, seqno: 1, validUntil: 1_800_000_000 }
    const payload = beginCell().storeUint(0, 32).endCell().toBoc().toString('base64')
    for (const bad of [
      { ...base, payload, comment: 'hi' },
      { ...base, payload: 'bm90IGEgYm9j' },
      { ...base, payload: 5 as unknown as string },
    ])
      expect(() => vault.signTonTransfer(bad)).toThrow(
        expect.objectContaining({ code: 'INVALID_TRANSACTION' }),
      )
  })

  test('behavior: testnet uses the testnet wallet_id and wallet', () => {
    const signed = vault.signTonTransfer({
      to,
      amount: 1n,
      seqno: 1,
      validUntil: 1_800_000_000,
      network: 'testnet',
    })
    const testWallet = WalletContractV5R1.create({
      workchain: 0,
      publicKey: Buffer.from(pub),
      walletId: { networkGlobalId: -3 },
    })
    expect(parse(signed.boc).info.dest.equals(testWallet.address)).toBe(true)
    expect(signed.from).toBe(vault.addresses({ tonNetwork: 'testnet' }).ton)
  })

  test('error: bad transfer fields throw KeysError', () => {
    const base = { to, amount: 1n, seqno: 1, validUntil: 1_800_000_000 }
    expect(() =>
      vault.signTonTransfer({ ...base, to: 'EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrHG' }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_ADDRESS' }))
    expect(() => vault.signTonTransfer({ ...base, amount: 1 as unknown as bigint })).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSACTION' }),
    )
    expect(() => vault.signTonTransfer({ ...base, seqno: -1 })).toThrow(KeysError)
    expect(() => vault.signTonTransfer({ ...base, comment: 'x'.repeat(124) })).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSACTION' }),
    )
  })
})

describe('Vault.signCantonHash', () => {
  test('behavior: noble ed25519 verifies it with cantonPublicKey, for a 32-byte hash and a 34-byte multihash', () => {
    const { cantonPublicKey } = vault.addresses({ index: 4 })
    for (const hash of [
      sha256(new Uint8Array([1])),
      new Uint8Array([0x12, 0x20, ...sha256(new Uint8Array([2]))]),
    ]) {
      const signature = vault.signCantonHash(hash, 4)
      expect(signature).toHaveLength(64)
      expect(ed25519.verify(signature, hash, hexToBytes(cantonPublicKey))).toBe(true)
      expect(ed25519.verify(signature, hash, hexToBytes(vault.addresses().cantonPublicKey))).toBe(false)
    }
  })

  test('error: a hash of another length throws INVALID_ARGUMENT', () => {
    expect(() => vault.signCantonHash(new Uint8Array(31))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})

describe('Vault: index checks', () => {
  test('error: negative, fractional or too-large indexes throw INVALID_INDEX', () => {
    for (const index of [-1, 0.5, 2 ** 31])
      for (const call of [
        () => vault.addresses({ index }),
        () => vault.signEvmMessage('x', index),
        () => vault.signSolanaMessage(new Uint8Array(1), index),
        () => vault.signCantonHash(new Uint8Array(32), index),
        () => vault.signBitcoinPsbt(new Uint8Array(1), { index }),
      ])
        expect(call).toThrow(expect.objectContaining({ code: 'INVALID_INDEX' }))
  })
})

describe('Vault.signCantonMessage', () => {
  test('behavior: Ed25519 over the UTF-8 bytes, no prefix; noble verifies it with cantonPublicKey', () => {
    const { cantonPublicKey } = vault.addresses({ index: 1 })
    const message = 'Sign in to example.com: nonce 8c2f, héllo ✓'
    const signature = vault.signCantonMessage(message, 1)
    expect(signature).toHaveLength(64)
    expect(ed25519.verify(signature, new TextEncoder().encode(message), hexToBytes(cantonPublicKey))).toBe(
      true,
    )
    expect(
      ed25519.verify(signature, new TextEncoder().encode(`${message}.`), hexToBytes(cantonPublicKey)),
    ).toBe(false)
  })

  test('error: a message of 32 or 34 UTF-8 bytes (the length of a hash Canton accepts) is INVALID_ARGUMENT', () => {
    for (const message of ['a'.repeat(32), 'é'.repeat(17), 'a'.repeat(34)])
      expect(() => vault.signCantonMessage(message)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      )
    expect(vault.signCantonMessage('a'.repeat(33))).toHaveLength(64)
  })
})

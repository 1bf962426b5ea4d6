import { KMSClient, NotFoundException } from '@aws-sdk/client-kms'
import { keccak256, recoverAddress, toHex } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { SignerError } from '../errors.js'
import { type MockKms, startMockKms } from '../testing/startMockKms.js'
import { createKmsSigner } from './createKmsSigner.js'
import { createLocalSigner } from './createLocalSigner.js'
import { SECP256K1_N } from './secp256k1.js'

// anvil's second dev key (public test key): the key behind the mock KMS key.
const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'

function kmsClient(endpoint: string) {
  return new KMSClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'AKIDMOCKKMS', secretAccessKey: 'mock-kms-secret' },
    maxAttempts: 1,
  })
}

describe('createKmsSigner against a mock KMS (AWS KMS cannot run here)', () => {
  let kms: MockKms
  let client: KMSClient
  beforeAll(async () => {
    kms = await startMockKms({ privateKey: KEY })
    client = kmsClient(kms.url)
  })
  afterAll(async () => {
    client?.destroy()
    await kms?.stop()
  })

  test('behavior: the address comes from GetPublicKey (SPKI -> point -> keccak), fetched once', async () => {
    kms.requests.length = 0
    const signer = createKmsSigner({ keyId: kms.keyId, client })
    expect(signer.kind).toBe('kms')
    expect(await signer.address()).toBe(privateKeyToAddress(KEY))
    expect(await signer.address()).toBe(privateKeyToAddress(KEY))
    await signer.signDigest(keccak256(toHex('x')))
    expect(kms.requests.map((r) => r.target)).toEqual(['GetPublicKey', 'Sign'])
  })

  test('behavior: Sign is asked for an ECDSA_SHA_256 signature of the digest as given (MessageType DIGEST)', async () => {
    kms.requests.length = 0
    const signer = createKmsSigner({ keyId: kms.keyId, client })
    const digest = keccak256(toHex('digest as given'))
    await signer.signDigest(digest)
    const sign = kms.requests.find((r) => r.target === 'Sign')
    expect(sign?.body).toEqual({
      KeyId: kms.keyId,
      Message: Buffer.from(digest.slice(2), 'hex').toString('base64'),
      MessageType: 'DIGEST',
      SigningAlgorithm: 'ECDSA_SHA_256',
    })
  })

  test('behavior: a high-s DER signature is normalised to low-s with the right y parity', async () => {
    kms.signatureMode = 'high-s'
    const signer = createKmsSigner({ keyId: kms.keyId, client })
    const local = createLocalSigner(KEY)
    const parities = new Set<number>()
    for (let i = 0; i < 12; i++) {
      const digest = keccak256(toHex(`high-s ${i}`))
      const signature = await signer.signDigest(digest)
      parities.add(signature.yParity)
      expect(BigInt(signature.s) <= SECP256K1_N / 2n).toBe(true)
      expect(await recoverAddress({ hash: digest, signature })).toBe(privateKeyToAddress(KEY))
      // Same key, same RFC 6979 nonce: after normalisation it is the local signer's signature.
      expect(signature).toEqual(await local.signDigest(digest))
    }
    // Both recovery bits were exercised.
    expect(parities).toEqual(new Set([0, 1]))
  })

  test('behavior: a low-s DER signature is kept as it is', async () => {
    kms.signatureMode = 'low-s'
    const signer = createKmsSigner({ keyId: kms.keyId, client })
    const digest = keccak256(toHex('low-s'))
    expect(await signer.signDigest(digest)).toEqual(await createLocalSigner(KEY).signDigest(digest))
    kms.signatureMode = 'high-s'
  })

  test('error: a malformed DER signature from KMS is refused with INVALID_DER_SIGNATURE', async () => {
    kms.signatureMode = 'malformed'
    try {
      const signer = createKmsSigner({ keyId: kms.keyId, client })
      await expect(signer.signDigest(keccak256(toHex('m')))).rejects.toMatchObject({
        name: 'SignerError',
        code: 'INVALID_DER_SIGNATURE',
      })
    } finally {
      kms.signatureMode = 'high-s'
    }
  })

  test('error: an unknown key fails with KMS_REQUEST_FAILED, keeping the KMS error as cause', async () => {
    const signer = createKmsSigner({ keyId: 'alias/missing', client })
    const error = await signer.address().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SignerError)
    expect(error).toMatchObject({ code: 'KMS_REQUEST_FAILED' })
    expect((error as SignerError).cause).toBeInstanceOf(NotFoundException)
    expect((error as SignerError).message).toContain('alias/missing')
  })

  test('error: KMS unreachable fails with KMS_REQUEST_FAILED, and a later call tries again', async () => {
    const down = await startMockKms({ privateKey: KEY })
    const downClient = kmsClient(down.url)
    await down.stop()
    try {
      const signer = createKmsSigner({ keyId: down.keyId, client: downClient })
      await expect(signer.address()).rejects.toMatchObject({ code: 'KMS_REQUEST_FAILED' })
      await expect(signer.signDigest(keccak256(toHex('x')))).rejects.toMatchObject({
        code: 'KMS_REQUEST_FAILED',
      })
    } finally {
      downClient.destroy()
    }
  })

  test('error: a signature by another key is refused (SIGNATURE_NOT_RECOVERABLE)', async () => {
    const other = await startMockKms({
      privateKey: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
      keyId: kms.keyId,
    })
    const otherClient = kmsClient(other.url)
    try {
      // Public key from one KMS endpoint, signatures from another key: the recovery check catches it.
      const signer = createKmsSigner({ keyId: kms.keyId, client })
      await signer.address()
      const mixed = createKmsSigner({
        keyId: kms.keyId,
        client: {
          send: (command: Parameters<KMSClient['send']>[0]) =>
            command.constructor.name === 'SignCommand' ? otherClient.send(command) : client.send(command),
        } as KMSClient,
      })
      await expect(mixed.signDigest(keccak256(toHex('x')))).rejects.toMatchObject({
        code: 'SIGNATURE_NOT_RECOVERABLE',
      })
    } finally {
      otherClient.destroy()
      await other.stop()
    }
  })

  test('error: a digest that is not 32 bytes is refused before calling KMS', async () => {
    kms.requests.length = 0
    const signer = createKmsSigner({ keyId: kms.keyId, client })
    await expect(signer.signDigest('0xabcd')).rejects.toMatchObject({ code: 'INVALID_DIGEST' })
    expect(kms.requests).toEqual([])
  })
})

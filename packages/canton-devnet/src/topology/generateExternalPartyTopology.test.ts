import { CryptoKeyFormat, SigningPublicKey, TopologyTransaction } from '@canton-network/core-ledger-proto'
import { computeMultiHashForTopology, computeSha256CantonHash } from '@canton-network/core-tx-visualizer'
import { ed25519 } from '@noble/curves/ed25519.js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CantonDevnet, startCantonDevnet } from '../startCantonDevnet.js'
import { DevnetTestClient } from '../testing/DevnetTestClient.js'
import { fingerprintOf } from './fingerprintOf.js'
import { getPartySigningKeys } from './partySigningKeys.js'
import { unwrapVersioned } from './versionedMessage.js'

/** The NamespaceDelegation target key of Splice's vector (see the test that uses it). */
const SPLICE_NAMESPACE_DELEGATION_KEY =
  '10041a2c302a300506032b6570032100fa8ba321f279863edd57e97a08f197d18760f77a8cddec782c63f69b85b44d7b2a03010504' +
  '3001'
const SPLICE_NAMESPACE = '1220123087e6bf66d225d047e6af8b0944bc50cc470cb46afd9515a558bf55605441'

let devnet: CantonDevnet
let client: DevnetTestClient
beforeAll(async () => {
  devnet = await startCantonDevnet()
  client = await new DevnetTestClient(devnet).init()
})
afterAll(() => devnet.stop())

const keyPair = () => {
  const secretKey = ed25519.utils.randomSecretKey()
  return { secretKey, publicKey: ed25519.getPublicKey(secretKey) }
}

async function generate(
  hint: string,
  publicKey: Uint8Array,
  format = 'CRYPTO_KEY_FORMAT_RAW',
  keyData = publicKey,
) {
  return client.ok('POST', '/v2/parties/external/generate-topology', {
    body: {
      synchronizer: devnet.synchronizerId,
      partyHint: hint,
      publicKey: {
        format,
        keyData: Buffer.from(keyData).toString('base64'),
        keySpec: 'SIGNING_KEY_SPEC_EC_CURVE25519',
      },
    },
  })
}

const signature = (bytes: Uint8Array, secretKey: Uint8Array, signedBy: string) => ({
  format: 'SIGNATURE_FORMAT_CONCAT',
  signature: Buffer.from(ed25519.sign(bytes, secretKey)).toString('base64'),
  signedBy,
  signingAlgorithmSpec: 'SIGNING_ALGORITHM_SPEC_ED25519',
})

describe('generateExternalPartyTopology', () => {
  test('behavior: party id is hint::fingerprint with fingerprint 1220 + sha256(u32be(12) || key), and the multiHash is what core-tx-visualizer computes', async () => {
    const { publicKey } = keyPair()
    const topology = await generate('carol', publicKey)
    const fingerprint = `1220${Buffer.from(await computeSha256CantonHash(12, publicKey))
      .toString('hex')
      .slice(4)}`
    expect(topology.publicKeyFingerprint).toBe(fingerprint)
    expect(fingerprintOf(publicKey)).toBe(fingerprint)
    expect(topology.partyId).toBe(`carol::${fingerprint}`)
    const txs = topology.topologyTransactions.map((t: string) => new Uint8Array(Buffer.from(t, 'base64')))
    const hashes = await Promise.all(txs.map((t: Uint8Array) => computeSha256CantonHash(11, t)))
    const multiHash = await computeSha256CantonHash(55, await computeMultiHashForTopology(hashes))
    expect(topology.multiHash).toBe(Buffer.from(multiHash).toString('base64'))
  })

  test('behavior: the topology is one versioned PartyToParticipant (Canton 3.5) hosting the party here with its signing key', async () => {
    const { publicKey } = keyPair()
    const topology = await generate('dave', publicKey)
    expect(topology.topologyTransactions).toHaveLength(1)
    const { data, version } = unwrapVersioned(
      new Uint8Array(Buffer.from(topology.topologyTransactions[0], 'base64')),
    )
    expect(version).toBe(30)
    const tx = TopologyTransaction.fromBinary(data)
    expect(tx.serial).toBe(1)
    const mapping = tx.mapping?.mapping
    if (mapping?.oneofKind !== 'partyToParticipant') throw new Error('expected PartyToParticipant')
    expect(mapping.partyToParticipant.party).toBe(topology.partyId)
    expect(mapping.partyToParticipant.participants.map((p) => p.participantUid)).toEqual([
      devnet.participantId,
    ])
    const keys = getPartySigningKeys(mapping.partyToParticipant)
    expect(keys?.threshold).toBe(1)
    // Canton migrates a RAW Ed25519 key to DER SubjectPublicKeyInfo before building the mapping.
    expect(keys!.keys[0]!.format).toBe(CryptoKeyFormat.DER_X509_SUBJECT_PUBLIC_KEY_INFO)
    expect(Buffer.from(keys!.keys[0]!.publicKey).toString('hex')).toBe(
      `302a300506032b6570032100${Buffer.from(publicKey).toString('hex')}`,
    )
  })

  test("behavior: the party's key is serialized byte for byte as in Splice's topology vectors (DER SPKI, usage namespace/proof-of-ownership/protocol)", async () => {
    // hyperledger-labs/splice-wallet-kernel core/tx-visualizer/src/index.test.ts, 'decode a base 64
    // encoded topology tx': the NamespaceDelegation's target_key, a SigningPublicKey as Canton
    // serializes it, and the namespace it delegates (the fingerprint of the raw key).
    const upstream = SPLICE_NAMESPACE_DELEGATION_KEY
    const raw = Buffer.from(upstream.slice(8 + 24, 8 + 88), 'hex')
    for (const [format, keyData] of [
      ['CRYPTO_KEY_FORMAT_RAW', raw],
      [
        'CRYPTO_KEY_FORMAT_DER_X509_SUBJECT_PUBLIC_KEY_INFO',
        Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]),
      ],
    ] as const) {
      const topology = await generate(`vector-${format.length}`, raw, format, keyData)
      expect(topology.publicKeyFingerprint).toBe(SPLICE_NAMESPACE)
      const { data } = unwrapVersioned(
        new Uint8Array(Buffer.from(topology.topologyTransactions[0], 'base64')),
      )
      const mapping = TopologyTransaction.fromBinary(data).mapping?.mapping
      if (mapping?.oneofKind !== 'partyToParticipant') throw new Error('expected PartyToParticipant')
      const [key] = getPartySigningKeys(mapping.partyToParticipant)?.keys ?? []
      expect(Buffer.from(SigningPublicKey.toBinary(key!)).toString('hex')).toBe(upstream)
    }
  })

  test("behavior: the party id's namespace is the fingerprint of the raw key, as in Splice's PartyToKeyMapping vector", async () => {
    // Same source: PartyToKeyMapping of alice::12205a50…d062 with its key (DER SPKI).
    const raw = Buffer.from('039b9f7948d2082adb615b38162a4944184940815828bfbea84dadf2511c720a', 'hex')
    const topology = await generate('alice', raw)
    expect(topology.partyId).toBe(
      'alice::12205a50eb9b9d64bb30ac4125afa1aeea7bcae51792ac2d174a6132ceec9290d062',
    )
  })

  test('error: an unknown synchronizer or an invalid key is INVALID_ARGUMENT', async () => {
    const { publicKey } = keyPair()
    const res = await client.call('POST', '/v2/parties/external/generate-topology', {
      body: {
        synchronizer: 'other::1220ab',
        partyHint: 'x',
        publicKey: {
          format: 'CRYPTO_KEY_FORMAT_RAW',
          keyData: Buffer.from(publicKey).toString('base64'),
          keySpec: 'SIGNING_KEY_SPEC_EC_CURVE25519',
        },
      },
    })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('INVALID_ARGUMENT')
    const bad = await client.call('POST', '/v2/parties/external/generate-topology', {
      body: {
        synchronizer: devnet.synchronizerId,
        partyHint: 'x',
        publicKey: {
          format: 'CRYPTO_KEY_FORMAT_RAW',
          keyData: 'AAAA',
          keySpec: 'SIGNING_KEY_SPEC_EC_CURVE25519',
        },
      },
    })
    expect(bad.status).toBe(400)
    // Canton validates Ed25519 public keys only as DER SPKI (after migrating RAW): the
    // deprecated plain DER format and a point that is not on the curve are refused.
    const der = await client.call('POST', '/v2/parties/external/generate-topology', {
      body: {
        synchronizer: devnet.synchronizerId,
        partyHint: 'x',
        publicKey: {
          format: 'CRYPTO_KEY_FORMAT_DER',
          keyData: Buffer.from(
            `302a300506032b6570032100${Buffer.from(publicKey).toString('hex')}`,
            'hex',
          ).toString('base64'),
          keySpec: 'SIGNING_KEY_SPEC_EC_CURVE25519',
        },
      },
    })
    expect(der.status).toBe(400)
    const offCurve = await client.call('POST', '/v2/parties/external/generate-topology', {
      body: {
        synchronizer: devnet.synchronizerId,
        partyHint: 'x',
        publicKey: {
          format: 'CRYPTO_KEY_FORMAT_RAW',
          // y = 2 does not decode to a point of Curve25519; the identity (y = 1) has small order.
          keyData: Buffer.from(`02${'00'.repeat(31)}`, 'hex').toString('base64'),
          keySpec: 'SIGNING_KEY_SPEC_EC_CURVE25519',
        },
      },
    })
    expect(offCurve.status).toBe(400)
    expect(offCurve.body.cause).toMatch(/not represent a valid point/)
  })
})

describe('allocate external party', () => {
  test('behavior: sign the multiHash, allocate, and the party is listed and readable', async () => {
    const party = await client.onboardExternalParty('erin')
    const list = await client.ok('GET', '/v2/parties')
    expect(list.partyDetails.map((p: { party: string }) => p.party)).toContain(party.partyId)
    const one = await client.ok('GET', '/v2/parties/{party}', { params: { party: party.partyId } })
    expect(one.partyDetails).toEqual([expect.objectContaining({ party: party.partyId, isLocal: true })])
  })

  test('behavior: a DER SubjectPublicKeyInfo key and per-transaction signatures also work', async () => {
    const { secretKey, publicKey } = keyPair()
    const der = new Uint8Array([...Buffer.from('302a300506032b6570032100', 'hex'), ...publicKey])
    const topology = await generate(
      'frank',
      publicKey,
      'CRYPTO_KEY_FORMAT_DER_X509_SUBJECT_PUBLIC_KEY_INFO',
      der,
    )
    const { computeSha256CantonHash: h } = await import('@canton-network/core-tx-visualizer')
    const res = await client.ok('POST', '/v2/parties/external/allocate', {
      body: {
        synchronizer: devnet.synchronizerId,
        onboardingTransactions: await Promise.all(
          topology.topologyTransactions.map(async (transaction: string) => ({
            transaction,
            signatures: [
              signature(
                await h(11, Buffer.from(transaction, 'base64')),
                secretKey,
                topology.publicKeyFingerprint,
              ),
            ],
          })),
        ),
      },
    })
    expect(res.partyId).toBe(topology.partyId)
  })

  test('error: a wrong signature, a signature by another key, no signature and a repeated allocation are refused', async () => {
    const { secretKey, publicKey } = keyPair()
    const other = keyPair()
    const topology = await generate('grace', publicKey)
    const multiHash = Buffer.from(topology.multiHash, 'base64')
    const allocate = (multiHashSignatures: unknown[]) =>
      client.call('POST', '/v2/parties/external/allocate', {
        body: {
          synchronizer: devnet.synchronizerId,
          onboardingTransactions: topology.topologyTransactions.map((transaction: string) => ({
            transaction,
          })),
          multiHashSignatures,
        },
      })
    const wrong = await allocate([signature(new Uint8Array(34), secretKey, topology.publicKeyFingerprint)])
    expect(wrong.status).toBe(400)
    expect(wrong.body.code).toBe('INVALID_ARGUMENT')
    expect(wrong.body.cause).toMatch(/does not verify/)
    const otherKey = await allocate([signature(multiHash, other.secretKey, fingerprintOf(other.publicKey))])
    expect(otherKey.status).toBe(400)
    expect((await allocate([])).status).toBe(400)
    const parties = await client.ok('GET', '/v2/parties')
    expect(parties.partyDetails.map((p: { party: string }) => p.party)).not.toContain(topology.partyId)
    expect((await allocate([signature(multiHash, secretKey, topology.publicKeyFingerprint)])).status).toBe(
      200,
    )
    const again = await allocate([signature(multiHash, secretKey, topology.publicKeyFingerprint)])
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('PARTY_ALREADY_EXISTS')
  })

  test('error: allocation needs ParticipantAdmin', async () => {
    const token = await devnet.tokenFor('no-rights-user')
    const res = await client.call('POST', '/v2/parties/external/allocate', {
      token,
      body: { synchronizer: devnet.synchronizerId, onboardingTransactions: [] },
    })
    expect(res.status).toBe(403)
    expect(res.body.code).toBe('PERMISSION_DENIED')
  })
})

import { Enums_ParticipantPermission, Enums_TopologyChangeOp } from '@canton-network/core-ledger-proto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { toBase64 } from './testing/buildPreparedTransfer.js'
import {
  fingerprint,
  multiHashOf,
  onboardingTopology,
  PARTICIPANT,
  response,
  serialize,
  signingKey,
} from './testing/buildTopology.js'
import { verifyTopologyMultiHash } from './verifyTopologyMultiHash.js'

const ours = ed25519.getPublicKey(new Uint8Array(32).fill(7))
const theirs = ed25519.getPublicKey(new Uint8Array(32).fill(8))
const publicKeyHex = bytesToHex(ours)
const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))

describe('verifyTopologyMultiHash', () => {
  test('behavior: Canton 3.5 layout for our key -> our recomputed 34-byte multiHash, party and host', async () => {
    const topology = onboardingTopology(ours)
    const verified = await verifyTopologyMultiHash({
      ...topology,
      publicKeyHex,
      partyId: topology.partyId,
      participantUids: [PARTICIPANT],
    })
    expect(verified.multiHash).toHaveLength(34)
    expect(verified.multiHash).toEqual(fromBase64(topology.multiHash))
    expect(verified.multiHashBase64).toBe(topology.multiHash)
    expect(verified.partyId).toBe(`alice::${fingerprint(ours)}`)
    expect(verified.fingerprint).toBe(fingerprint(ours))
    expect(verified.hostingParticipants).toEqual([
      { participantUid: PARTICIPANT, permission: 'CONFIRMATION' },
    ])
  })

  test('behavior: a bare TopologyTransaction (no versioned wrapper) is read too', async () => {
    const topology = onboardingTopology(ours, { wrap: false })
    await expect(verifyTopologyMultiHash({ ...topology, publicKeyHex })).resolves.toMatchObject({
      partyId: topology.partyId,
    })
  })

  test('behavior: the older layout (NamespaceDelegation + PartyToKeyMapping + PartyToParticipant) for our key', async () => {
    const partyId = `alice::${fingerprint(ours)}`
    const topology = response(
      [
        serialize({
          oneofKind: 'namespaceDelegation',
          namespaceDelegation: {
            namespace: fingerprint(ours),
            targetKey: signingKey(ours),
            isRootDelegation: true,
            restriction: { oneofKind: undefined },
          },
        }),
        serialize({
          oneofKind: 'partyToKeyMapping',
          partyToKeyMapping: { party: partyId, threshold: 1, signingKeys: [signingKey(ours)] },
        }),
        serialize({
          oneofKind: 'partyToParticipant',
          partyToParticipant: {
            party: partyId,
            threshold: 1,
            participants: [
              { participantUid: PARTICIPANT, permission: Enums_ParticipantPermission.CONFIRMATION },
            ],
          },
        }),
      ],
      partyId,
    )
    await expect(verifyTopologyMultiHash({ ...topology, publicKeyHex, partyId })).resolves.toMatchObject({
      partyId,
    })
  })

  test('error: a topology for another key (its own party, hash intact) -> TOPOLOGY_MISMATCH', async () => {
    const topology = onboardingTopology(theirs)
    await expect(verifyTopologyMultiHash({ ...topology, publicKeyHex })).rejects.toMatchObject({
      code: 'TOPOLOGY_MISMATCH',
      details: expect.stringContaining('signing key that is not yours'),
      shortMessage: 'The party setup the server prepared does not match your key; nothing was signed',
    })
  })

  test('error: our key but a party in a namespace someone else owns -> TOPOLOGY_MISMATCH', async () => {
    const foreign = onboardingTopology(theirs, { signingKeys: [ours] })
    await expect(verifyTopologyMultiHash({ ...foreign, publicKeyHex })).rejects.toMatchObject({
      code: 'TOPOLOGY_MISMATCH',
      details: expect.stringContaining('not in your namespace'),
      shortMessage: 'The party setup the server prepared does not match your key; nothing was signed',
    })
  })

  test('error: our party id but another key as its signing key -> TOPOLOGY_MISMATCH', async () => {
    const topology = onboardingTopology(ours, { signingKeys: [theirs] })
    await expect(
      verifyTopologyMultiHash({ ...topology, publicKeyHex, partyId: topology.partyId }),
    ).rejects.toMatchObject({
      code: 'TOPOLOGY_MISMATCH',
      details: expect.stringContaining('signing key that is not yours'),
    })
  })

  test('error: another key added beside ours -> TOPOLOGY_MISMATCH', async () => {
    const topology = onboardingTopology(ours, { signingKeys: [ours, theirs] })
    await expect(verifyTopologyMultiHash({ ...topology, publicKeyHex })).rejects.toMatchObject({
      code: 'TOPOLOGY_MISMATCH',
      details: expect.stringContaining('signing key that is not yours'),
    })
  })

  test('error: our namespace delegated to another key -> TOPOLOGY_MISMATCH', async () => {
    const partyId = `alice::${fingerprint(ours)}`
    const p2p = onboardingTopology(ours)
    const delegation = serialize({
      oneofKind: 'namespaceDelegation',
      namespaceDelegation: {
        namespace: fingerprint(ours),
        targetKey: signingKey(theirs),
        isRootDelegation: true,
        restriction: { oneofKind: undefined },
      },
    })
    const topology = response([delegation, fromBase64(p2p.topologyTransactions[0] as string)], partyId)
    await expect(verifyTopologyMultiHash({ ...topology, publicKeyHex })).rejects.toMatchObject({
      code: 'TOPOLOGY_MISMATCH',
      details: expect.stringContaining('NamespaceDelegation of your namespace'),
    })
  })

  test('error: a submission right for the participant (it could act without our signature) -> TOPOLOGY_MISMATCH', async () => {
    const topology = onboardingTopology(ours, { permission: Enums_ParticipantPermission.SUBMISSION })
    await expect(verifyTopologyMultiHash({ ...topology, publicKeyHex })).rejects.toMatchObject({
      code: 'TOPOLOGY_MISMATCH',
      details: expect.stringContaining('not confirmation/observation'),
    })
  })

  test('error: a hosting participant that is not the expected one -> TOPOLOGY_MISMATCH', async () => {
    const topology = onboardingTopology(ours, { participantUid: `other::1220${'00'.repeat(32)}` })
    await expect(
      verifyTopologyMultiHash({ ...topology, publicKeyHex, participantUids: [PARTICIPANT] }),
    ).rejects.toMatchObject({
      code: 'TOPOLOGY_MISMATCH',
      details: expect.stringContaining('expected hosting participants'),
    })
  })

  test('error: another party id than expected -> TOPOLOGY_MISMATCH', async () => {
    const topology = onboardingTopology(ours, { hint: 'bob' })
    await expect(
      verifyTopologyMultiHash({ ...topology, publicKeyHex, partyId: `alice::${fingerprint(ours)}` }),
    ).rejects.toMatchObject({ code: 'TOPOLOGY_MISMATCH', details: expect.stringContaining('not alice::') })
  })

  test('error: a REMOVE operation -> TOPOLOGY_MISMATCH', async () => {
    const partyId = `alice::${fingerprint(ours)}`
    const topology = response(
      [
        serialize(
          {
            oneofKind: 'partyToKeyMapping',
            partyToKeyMapping: { party: partyId, threshold: 1, signingKeys: [signingKey(ours)] },
          },
          { op: Enums_TopologyChangeOp.REMOVE },
        ),
      ],
      partyId,
    )
    await expect(verifyTopologyMultiHash({ ...topology, publicKeyHex })).rejects.toMatchObject({
      code: 'TOPOLOGY_MISMATCH',
      details: expect.stringContaining('ADD_REPLACE'),
    })
  })

  test('error: a multiHash that does not match the transactions -> TOPOLOGY_MISMATCH', async () => {
    const topology = onboardingTopology(ours)
    const other = onboardingTopology(ours, { hint: 'bob' })
    await expect(
      verifyTopologyMultiHash({ ...topology, multiHash: other.multiHash, publicKeyHex }),
    ).rejects.toMatchObject({ code: 'TOPOLOGY_MISMATCH', details: expect.stringContaining('recomputed') })
  })

  test('error: bytes that are not a topology transaction -> TOPOLOGY_MISMATCH; bad arguments -> INVALID_ARGUMENT', async () => {
    const junk = Uint8Array.from([0x0a, 0x05, 0xff, 0xff, 0xff, 0xff, 0xff])
    await expect(verifyTopologyMultiHash({ ...response([junk], 'x'), publicKeyHex })).rejects.toMatchObject({
      code: 'TOPOLOGY_MISMATCH',
    })
    const topology = onboardingTopology(ours)
    await expect(verifyTopologyMultiHash({ ...topology, publicKeyHex: 'abcd' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    })
    await expect(
      verifyTopologyMultiHash({ ...topology, topologyTransactions: [], publicKeyHex }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(
      verifyTopologyMultiHash({
        ...topology,
        multiHash: toBase64(new Uint8Array(34)).slice(1),
        publicKeyHex,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
  })

  test("behavior: Splice's onboarding transactions for alice (keys as DER SPKI, namespace = fingerprint of the raw key) verify", async () => {
    const partyId = 'alice::12205a50eb9b9d64bb30ac4125afa1aeea7bcae51792ac2d174a6132ceec9290d062'
    const txs = [SPLICE.partyToKeyMapping, SPLICE.partyToParticipant]
    const verified = await verifyTopologyMultiHash({
      topologyTransactions: txs,
      multiHash: toBase64(multiHashOf(txs.map(fromBase64))),
      publicKeyHex: SPLICE.alicePublicKeyHex,
      partyId,
      participantUids: [SPLICE.participant],
    })
    expect(verified.fingerprint).toBe('12205a50eb9b9d64bb30ac4125afa1aeea7bcae51792ac2d174a6132ceec9290d062')
    expect(verified.hostingParticipants).toEqual([
      { participantUid: SPLICE.participant, permission: 'CONFIRMATION' },
    ])
  })

  test("error: Splice's three transactions match Splice's multiHash, but delegate another namespace -> TOPOLOGY_MISMATCH", async () => {
    const error = await verifyTopologyMultiHash({
      topologyTransactions: [SPLICE.namespaceDelegation, SPLICE.partyToKeyMapping, SPLICE.partyToParticipant],
      multiHash: SPLICE.multiHash,
      publicKeyHex: SPLICE.alicePublicKeyHex,
    }).catch((e) => e)
    // The hash check passed (it comes first); the mapping check refused the foreign delegation.
    expect(error).toMatchObject({
      code: 'TOPOLOGY_MISMATCH',
      details: expect.stringContaining('NamespaceDelegation for another namespace'),
    })
  })

  test('behavior: a RAW key in a client-built mapping is still recognized as ours (Canton reads RAW and migrates it)', async () => {
    const partyId = `alice::${fingerprint(ours)}`
    const topology = response(
      [
        serialize({
          oneofKind: 'partyToKeyMapping',
          partyToKeyMapping: { party: partyId, threshold: 1, signingKeys: [signingKey(ours, 'raw')] },
        }),
        serialize({
          oneofKind: 'partyToParticipant',
          partyToParticipant: {
            party: partyId,
            threshold: 1,
            participants: [
              { participantUid: PARTICIPANT, permission: Enums_ParticipantPermission.CONFIRMATION },
            ],
          },
        }),
      ],
      partyId,
    )
    await expect(verifyTopologyMultiHash({ ...topology, publicKeyHex, partyId })).resolves.toMatchObject({
      partyId,
    })
  })
})

/**
 * Onboarding topology of alice from hyperledger-labs/splice-wallet-kernel
 * core/tx-visualizer/src/index.test.ts ('decode a base 64 encoded topology tx'), with its multiHash.
 * alice's key is the one its PartyToKeyMapping registers; the NamespaceDelegation is of another
 * namespace (1220123087…).
 */
const SPLICE = {
  namespaceDelegation:
    'CosBCAEQARqEAQqBAQpEMTIyMDEyMzA4N2U2YmY2NmQyMjVkMDQ3ZTZhZjhiMDk0NGJjNTBjYzQ3MGNiNDZhZmQ5NTE1YTU1OGJmNTU2MDU0NDESNxAEGiwwKjAFBgMrZXADIQD6i6Mh8nmGPt1X6XoI8ZfRh2D3eozd7HgsY/abhbRNeyoDAQUEMAEiABAe',
  partyToKeyMapping:
    'CpMBCAEQARqMAYIBiAEKS2FsaWNlOjoxMjIwNWE1MGViOWI5ZDY0YmIzMGFjNDEyNWFmYTFhZWVhN2JjYWU1MTc5MmFjMmQxNzRhNjEzMmNlZWM5MjkwZDA2MhgBIjcQBBosMCowBQYDK2VwAyEAA5ufeUjSCCrbYVs4FipJRBhJQIFYKL++qE2t8lEccgoqAwEFBDABEB4=',
  partyToParticipant:
    'CrABCAEQARqpAUqmAQpLYWxpY2U6OjEyMjA1YTUwZWI5YjlkNjRiYjMwYWM0MTI1YWZhMWFlZWE3YmNhZTUxNzkyYWMyZDE3NGE2MTMyY2VlYzkyOTBkMDYyEAEaVQpRcGFydGljaXBhbnQ6OjEyMjAyZTk1ZDJmNjFlZmU3YjIzMmI2ZDE2M2ZlMDA2MTg4YWYzYjZiMDU4ODViZDU5ZDQ3ZTUyZTE3NjUwMWI1NmNkEAIQHg==',
  multiHash: 'EiBefjKeCdX5CEnZ/m1dFoOggc1HUca747UYUDkbKjciDA==',
  alicePublicKeyHex: '039b9f7948d2082adb615b38162a4944184940815828bfbea84dadf2511c720a',
  participant: 'participant::12202e95d2f61efe7b232b6d163fe006188af3b6b05885bd59d47e52e176501b56cd',
}

import { describe, expect, test } from 'vitest'
import { topologyMultiHash } from './cantonHash.js'

/**
 * Splice's onboarding topology of alice (NamespaceDelegation, PartyToKeyMapping,
 * PartyToParticipant, each an UntypedVersionedMessage of protocol version 30) and their multiHash,
 * from hyperledger-labs/splice-wallet-kernel core/tx-visualizer/src/index.test.ts
 * ('decode a base 64 encoded topology tx').
 */
const SPLICE_TOPOLOGY = {
  namespaceDelegation:
    'CosBCAEQARqEAQqBAQpEMTIyMDEyMzA4N2U2YmY2NmQyMjVkMDQ3ZTZhZjhiMDk0NGJjNTBjYzQ3MGNiNDZhZmQ5NTE1YTU1OGJmNTU2MDU0NDESNxAEGiwwKjAFBgMrZXADIQD6i6Mh8nmGPt1X6XoI8ZfRh2D3eozd7HgsY/abhbRNeyoDAQUEMAEiABAe',
  partyToKeyMapping:
    'CpMBCAEQARqMAYIBiAEKS2FsaWNlOjoxMjIwNWE1MGViOWI5ZDY0YmIzMGFjNDEyNWFmYTFhZWVhN2JjYWU1MTc5MmFjMmQxNzRhNjEzMmNlZWM5MjkwZDA2MhgBIjcQBBosMCowBQYDK2VwAyEAA5ufeUjSCCrbYVs4FipJRBhJQIFYKL++qE2t8lEccgoqAwEFBDABEB4=',
  partyToParticipant:
    'CrABCAEQARqpAUqmAQpLYWxpY2U6OjEyMjA1YTUwZWI5YjlkNjRiYjMwYWM0MTI1YWZhMWFlZWE3YmNhZTUxNzkyYWMyZDE3NGE2MTMyY2VlYzkyOTBkMDYyEAEaVQpRcGFydGljaXBhbnQ6OjEyMjAyZTk1ZDJmNjFlZmU3YjIzMmI2ZDE2M2ZlMDA2MTg4YWYzYjZiMDU4ODViZDU5ZDQ3ZTUyZTE3NjUwMWI1NmNkEAIQHg==',
  multiHash: 'EiBefjKeCdX5CEnZ/m1dFoOggc1HUca747UYUDkbKjciDA==',
}

describe('topologyMultiHash', () => {
  test("behavior: Splice's three onboarding transactions give Splice's multiHash, in any order", () => {
    const txs = [
      SPLICE_TOPOLOGY.namespaceDelegation,
      SPLICE_TOPOLOGY.partyToKeyMapping,
      SPLICE_TOPOLOGY.partyToParticipant,
    ].map((t) => new Uint8Array(Buffer.from(t, 'base64')))
    expect(Buffer.from(topologyMultiHash(txs)).toString('base64')).toBe(SPLICE_TOPOLOGY.multiHash)
    expect(Buffer.from(topologyMultiHash([...txs].reverse())).toString('base64')).toBe(
      SPLICE_TOPOLOGY.multiHash,
    )
  })
})

import { StaleLeaderError } from '../errors.js'
import type { DigestSigner, Leadership } from '../types.js'

/**
 * The signer as only the leader may use it: each `signDigest` first confirms leadership with
 * etcd (`assertLeader`, a linearizable read) and is refused with `StaleLeaderError` otherwise.
 * A signature whose making outlived the lease (a slow KMS call) is discarded as well.
 */
export function createFencedSigner(
  signer: DigestSigner,
  leadership: Pick<Leadership, 'assertLeader' | 'isLeader'>,
): DigestSigner {
  return {
    kind: signer.kind,
    address: () => signer.address(),
    async signDigest(digest) {
      await leadership.assertLeader()
      const signature = await signer.signDigest(digest)
      if (!leadership.isLeader()) {
        throw new StaleLeaderError('Leadership was lost while signing; the signature is discarded')
      }
      return signature
    },
  }
}

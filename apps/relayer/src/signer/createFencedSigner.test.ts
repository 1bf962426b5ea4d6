import { keccak256, recoverAddress, toHex } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { StaleLeaderError } from '../errors.js'
import { createLeadership } from '../leader/createLeadership.js'
import { type EtcdServer, startEtcd } from '../testing/startEtcd.js'
import type { DigestSigner } from '../types.js'
import { createFencedSigner } from './createFencedSigner.js'
import { createLocalSigner } from './createLocalSigner.js'
import { toViemAccount } from './toViemAccount.js'

const KEY = '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba'

describe('createFencedSigner (real etcd 3.4)', () => {
  let etcd: EtcdServer
  beforeAll(async () => {
    etcd = await startEtcd()
  })
  afterAll(async () => {
    await etcd?.stop()
  })

  const leadershipFor = (election: string) =>
    createLeadership({ etcd: { hosts: etcd.url }, relayerId: 'relayer-a', election, ttlSeconds: 5 })

  test('behavior: the leader signs; the signature is the inner signer’s', async () => {
    const leadership = leadershipFor('fenced-1')
    try {
      await leadership.waitUntilLeader()
      const fenced = createFencedSigner(createLocalSigner(KEY), leadership)
      expect(fenced.kind).toBe('local')
      expect(await fenced.address()).toBe(privateKeyToAddress(KEY))
      const digest = keccak256(toHex('lead'))
      const signature = await fenced.signDigest(digest)
      expect(signature).toEqual(await createLocalSigner(KEY).signDigest(digest))
      expect(await recoverAddress({ hash: digest, signature })).toBe(privateKeyToAddress(KEY))
    } finally {
      await leadership.close()
    }
  })

  test('error: before election and after resigning, signing is refused with StaleLeaderError', async () => {
    const leadership = leadershipFor('fenced-2')
    const calls: string[] = []
    const inner: DigestSigner = {
      kind: 'local',
      address: () => createLocalSigner(KEY).address(),
      signDigest: async (digest) => {
        calls.push(digest)
        return createLocalSigner(KEY).signDigest(digest)
      },
    }
    try {
      const fenced = createFencedSigner(inner, leadership)
      await expect(fenced.signDigest(keccak256(toHex('early')))).rejects.toBeInstanceOf(StaleLeaderError)
      await leadership.waitUntilLeader()
      await fenced.signDigest(keccak256(toHex('leader')))
      await leadership.resign()
      await expect(fenced.signDigest(keccak256(toHex('late')))).rejects.toMatchObject({
        code: 'STALE_LEADER',
      })
      // Through a viem account too: the transaction is never signed.
      const account = await toViemAccount(fenced)
      await expect(account.signMessage({ message: 'late' })).rejects.toBeInstanceOf(StaleLeaderError)
      expect(calls).toEqual([keccak256(toHex('leader'))])
    } finally {
      await leadership.close()
    }
  })

  test('error: a signature finished after leadership was lost is discarded', async () => {
    const leadership = leadershipFor('fenced-3')
    const slow: DigestSigner = {
      kind: 'kms',
      address: () => createLocalSigner(KEY).address(),
      signDigest: async (digest) => {
        // Leadership ends while the (KMS-like) signer works.
        await leadership.resign()
        return createLocalSigner(KEY).signDigest(digest)
      },
    }
    try {
      await leadership.waitUntilLeader()
      await expect(createFencedSigner(slow, leadership).signDigest(keccak256(toHex('x')))).rejects.toThrow(
        /lost while signing/,
      )
    } finally {
      await leadership.close()
    }
  })
})

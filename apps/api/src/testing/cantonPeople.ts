import { verifyPreparedTransaction, verifyTopologyMultiHash } from '@stratos/canton'
import { Vault } from '@stratos/keys'
import { expect } from 'vitest'
import { register } from './ceremonies.js'
import { testAddresses } from './testAddresses.js'
import type { TestApp } from './testApp.js'
import type { TestClient } from './testClient.js'

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

/** A signed-in user whose stored Canton address is the fingerprint of a real derived key. */
export interface CantonPerson {
  client: TestClient
  vault: Vault
  publicKey: string
  fingerprint: string
}

/** Registers `name` with a fresh derived Canton key (what the web app does at sign-up). */
export async function cantonPerson(t: TestApp, name: string, seed: number): Promise<CantonPerson> {
  const vault = Vault.fromEntropy(crypto.getRandomValues(new Uint8Array(32)))
  const derived = vault.addresses()
  const { client, authenticator } = t.browser()
  const res = await register(client, authenticator, {
    displayName: name,
    addresses: { ...testAddresses(seed), canton: derived.canton },
  })
  expect(res.status).toBe(200)
  return { client, vault, publicKey: derived.cantonPublicKey, fingerprint: derived.canton }
}

/** Onboards the person's external party as the web app does: topology -> verify -> sign -> allocate. */
export async function onboardCantonPerson(p: CantonPerson): Promise<string> {
  const topology = await p.client.post('/api/canton/onboarding/topology', { publicKey: p.publicKey })
  expect(topology.status).toBe(200)
  const verified = await verifyTopologyMultiHash({
    topologyTransactions: topology.body.topologyTransactions,
    multiHash: topology.body.multiHash,
    publicKeyHex: p.publicKey,
    partyId: topology.body.partyId,
  })
  const allocated = await p.client.post('/api/canton/onboarding/allocate', {
    topologyTransactions: topology.body.topologyTransactions,
    multiHash: verified.multiHashBase64,
    signature: b64(p.vault.signCantonHash(verified.multiHash)),
  })
  expect(allocated.status).toBe(200)
  return allocated.body.partyId
}

/** A prepared transaction as the API returns it. */
export interface PreparedBody {
  preparedTransaction: string
  preparedTransactionHash: string
  hashingSchemeVersion: string
}

/** What the browser does with a prepared transaction: verify, sign the recomputed hash, execute. */
export async function signAndExecute(p: CantonPerson, partyId: string, prepared: PreparedBody) {
  const verified = await verifyPreparedTransaction({
    preparedTransaction: prepared.preparedTransaction,
    preparedTransactionHash: prepared.preparedTransactionHash,
    hashingSchemeVersion: prepared.hashingSchemeVersion,
    expectedSigner: partyId,
  })
  const res = await p.client.post('/api/canton/execute', {
    preparedTransaction: prepared.preparedTransaction,
    hashingSchemeVersion: prepared.hashingSchemeVersion,
    signature: b64(p.vault.signCantonHash(verified.hash)),
    submissionId: crypto.randomUUID(),
  })
  return { res, verified }
}

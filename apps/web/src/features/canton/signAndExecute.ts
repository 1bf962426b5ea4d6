import type { Vault } from '@stratos/keys'
import { api } from '../../lib/api'
import { bytesToBase64 } from './encoding'

/** A prepared transaction the browser verified: the server's bytes and the hash the browser computed. */
export interface SignableTransaction {
  prepared: { preparedTransaction: string }
  verified: { hash: Uint8Array }
}

/** Signs the hash the browser computed (never the server's) and has the server execute it. */
export async function signAndExecute(vault: Vault, reviewed: SignableTransaction): Promise<string> {
  const signature = vault.signCantonHash(reviewed.verified.hash)
  const { updateId } = await api.canton.execute({
    preparedTransaction: reviewed.prepared.preparedTransaction,
    hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2',
    signature: bytesToBase64(signature),
    submissionId: crypto.randomUUID(),
  })
  return updateId
}

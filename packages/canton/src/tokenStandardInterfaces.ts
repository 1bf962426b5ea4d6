import type { Identifier } from '@canton-network/core-ledger-proto'

/**
 * The CIP-0056 token-standard interface packages and their package ids: the published 1.0.0 DARs
 * (hyperledger-labs/splice `daml/dars/splice-api-token-{metadata,holding,transfer-instruction}-v1-1.0.0.dar`),
 * the ids participants of the Canton Network have vetted. An interface package is never upgraded in
 * place (a new version of the standard is a new package name, `…-v2`), so these ids are fixed.
 */
export const TOKEN_STANDARD_PACKAGE_IDS = {
  'splice-api-token-metadata-v1': '4ded6b668cb3b64f7a88a30874cd41c75829f5e064b3fbbadf41ec7e8363354f',
  'splice-api-token-holding-v1': '718a0f77e505a8de22f188bd4c87fe74101274e9d4cb1bfac7d09aec7158d35b',
  'splice-api-token-transfer-instruction-v1':
    '55ba4deb0ad4662c4168b39859738a0e91388d252286480c7331b3f71a517281',
} as const

/**
 * The interfaces a wallet exercises, by package-name reference exactly as the official
 * `@canton-network/core-token-standard` spells them (`interface-ids.const`; a test holds them equal).
 */
export const TOKEN_STANDARD_INTERFACE_IDS = {
  transferFactory:
    '#splice-api-token-transfer-instruction-v1:Splice.Api.Token.TransferInstructionV1:TransferFactory',
  transferInstruction:
    '#splice-api-token-transfer-instruction-v1:Splice.Api.Token.TransferInstructionV1:TransferInstruction',
  holding: '#splice-api-token-holding-v1:Splice.Api.Token.HoldingV1:Holding',
} as const

export type TokenStandardInterface = keyof typeof TOKEN_STANDARD_INTERFACE_IDS

/**
 * Whether `id` (an exercise node's `interface_id`, which a prepared transaction carries with its
 * package id) is the token standard's `which` interface: the same module and entity AND the
 * package id of the package the official interface id names. A look-alike interface of another
 * package, even one that copies the module and entity names, is not.
 */
export function isTokenStandardInterface(id: Identifier | undefined, which: TokenStandardInterface): boolean {
  if (!id) return false
  const [packageRef, moduleName, entityName] = TOKEN_STANDARD_INTERFACE_IDS[which].split(':') as [
    string,
    string,
    string,
  ]
  const packageName = packageRef.slice(1) as keyof typeof TOKEN_STANDARD_PACKAGE_IDS
  return (
    id.packageId === TOKEN_STANDARD_PACKAGE_IDS[packageName] &&
    id.moduleName === moduleName &&
    id.entityName === entityName
  )
}

import { MetadataService, type MetadataStatement } from '@simplewebauthn/server'
import { decodeAttestationObject, getCertificateInfo } from '@simplewebauthn/server/helpers'
import { z } from 'zod'

/**
 * The hardware security keys admins may hold under the admin key policy: FIDO metadata statements
 * (FIDO Metadata Statement v3.0, §4) that the operator puts in `ADMIN_KEY_METADATA_DIR`. A passkey
 * qualifies when its attestation chains to the `attestationRootCertificates` of the statement of
 * its AAGUID. Nothing is fetched: the FIDO Metadata Service is never asked.
 */

/**
 * Attestation formats whose certificate path @simplewebauthn/server checks against the metadata
 * statement of the AAGUID (`verifyAttestationWithMetadata`). "none" proves nothing, "packed"
 * without x5c is self attestation (signed by the credential's own key), "apple" and
 * "android-safetynet" chain to platform roots rather than to the statement's, "fido-u2f" has no
 * AAGUID to look a statement up by.
 */
const METADATA_CHECKED_FORMATS: ReadonlySet<string> = new Set(['packed', 'tpm', 'android-key'])

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The statement fields the verification reads; the others are kept as they are. */
const Statement = z.looseObject({
  aaguid: z
    .string('aaguid: expected the AAGUID of a FIDO2 authenticator')
    .transform((value) => value.toLowerCase())
    .refine((value) => UUID.test(value), 'aaguid: expected a UUID like cb69481e-8ff7-4039-93ec-0a2729a154a8'),
  description: z.string('description: expected text').trim().min(1, 'description: empty').max(200),
  protocolFamily: z.literal('fido2', 'protocolFamily: expected "fido2"'),
  attestationTypes: z.array(z.string()).min(1, 'attestationTypes: empty'),
  authenticationAlgorithms: z.array(z.string()).min(1, 'authenticationAlgorithms: empty'),
  // FIDO Metadata Statement §4: base64 (not base64url) DER certificates.
  attestationRootCertificates: z
    .array(z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'attestationRootCertificates: expected base64 DER'))
    .min(1, 'attestationRootCertificates: at least one root certificate'),
})

/** A metadata statement that cannot be used: names the file and what is wrong in it. */
export class MetadataStatementError extends Error {
  override name = 'MetadataStatementError'
}

/**
 * Checks one metadata statement (parsed JSON) from `source` (its file name, for the message):
 * a FIDO2 AAGUID, a description, attestation types, algorithms, and root certificates that parse
 * as X.509. Throws {@link MetadataStatementError} naming the first problem.
 */
export function parseMetadataStatement(value: unknown, source: string): MetadataStatement {
  const parsed = Statement.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new MetadataStatementError(`${source}: ${issue.message}`)
  }
  for (const [index, root] of parsed.data.attestationRootCertificates.entries()) {
    try {
      getCertificateInfo(Uint8Array.from(atob(root), (c) => c.charCodeAt(0)))
    } catch {
      throw new MetadataStatementError(
        `${source}: attestationRootCertificates[${index}] is not an X.509 certificate`,
      )
    }
  }
  return parsed.data as unknown as MetadataStatement
}

/** The statement of each AAGUID, lowercase; two statements for one AAGUID are refused. */
export function indexStatements(statements: readonly MetadataStatement[]): Map<string, MetadataStatement> {
  const byAaguid = new Map<string, MetadataStatement>()
  for (const statement of statements) {
    const aaguid = statement.aaguid!.toLowerCase()
    if (byAaguid.has(aaguid))
      throw new MetadataStatementError(`two metadata statements are for the AAGUID ${aaguid}`)
    byAaguid.set(aaguid, statement)
  }
  return byAaguid
}

const indexed = new WeakMap<readonly MetadataStatement[], Map<string, MetadataStatement>>()

/** {@link indexStatements} of the configured list, computed once per list. */
export function trustedStatements(statements: readonly MetadataStatement[]): Map<string, MetadataStatement> {
  let byAaguid = indexed.get(statements)
  if (!byAaguid) {
    byAaguid = indexStatements(statements)
    indexed.set(statements, byAaguid)
  }
  return byAaguid
}

let registered: readonly MetadataStatement[] | undefined

/**
 * Hands the statements to SimpleWebAuthn's `MetadataService` (a process-wide singleton that its
 * packed, tpm and android-key verifiers consult) before a registration is verified. No MDS server
 * is listed, so nothing is downloaded. `permissive`: an AAGUID without a statement is verified as
 * before (its chain is not checked against anything) and simply does not qualify here;
 * `strict` would refuse every such attestation process-wide, the passkeys of ordinary users too.
 * For an AAGUID that has a statement the two modes are the same: the chain must reach its roots.
 */
export async function registerMetadataStatements(statements: readonly MetadataStatement[]): Promise<void> {
  if (registered === statements) return
  await MetadataService.initialize({
    mdsServers: [],
    statements: [...statements],
    verificationMode: 'permissive',
  })
  registered = statements
}

/**
 * The authenticator model a verified registration's attestation proved, or null: the format is
 * one whose chain SimpleWebAuthn checks against metadata, it carries a certificate path (x5c), the
 * AAGUID has a trusted statement, and that very statement is the one the verification used.
 */
export async function attestedModel(
  statements: ReadonlyMap<string, MetadataStatement>,
  info: { fmt: string; aaguid: string; attestationObject: Parameters<typeof decodeAttestationObject>[0] },
): Promise<string | null> {
  if (!METADATA_CHECKED_FORMATS.has(info.fmt)) return null
  const x5c = decodeAttestationObject(info.attestationObject).get('attStmt').get('x5c')
  if (!x5c || x5c.length === 0) return null
  const statement = statements.get(info.aaguid.toLowerCase())
  if (!statement) return null
  if ((await MetadataService.getStatement(info.aaguid)) !== statement) return null
  return statement.description
}

/** True when the passkey's stored attestation still names a model the operator trusts. */
export function isAdminKey(
  statements: ReadonlyMap<string, MetadataStatement>,
  credential: { aaguid: string | null; attested_model: string | null },
): boolean {
  return (
    credential.attested_model !== null &&
    credential.aaguid !== null &&
    statements.has(credential.aaguid.toLowerCase())
  )
}

import * as x509 from '@peculiar/x509'
import type { MetadataStatement } from '@simplewebauthn/server'
import type { SoftAttestation } from './softAuthenticator.js'

/** The AAGUID of the test security key model (random, owned by no maker). */
export const TEST_KEY_AAGUID = '5e1f0a7b-3c2d-4e8f-9a6b-7c0d1e2f3a4b'

/** A made-up security key model: its maker's root, an attestation key, and its metadata statement. */
export interface TestSecurityKeyModel {
  aaguid: string
  /** The FIDO metadata statement an operator would put in ADMIN_KEY_METADATA_DIR. */
  statement: MetadataStatement
  /** What every key of the model carries: the attestation key and certificate. */
  attestation: SoftAttestation
}

const ES256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const

/** FIDO: id-fido-gen-ce-aaguid, the AAGUID in an attestation certificate. */
const ID_FIDO_GEN_CE_AAGUID = '1.3.6.1.4.1.45724.1.1.4'

/**
 * A test security key model, made fresh (valid from a day ago for a year): a self-signed root CA,
 * an attestation certificate it issues with the subject WebAuthn §8.2.1 asks of packed attestation
 * (OU "Authenticator Attestation", not a CA, the AAGUID extension), and a FIDO metadata statement
 * (Metadata Statement v3.0) whose attestationRootCertificates holds the root.
 */
export async function createTestSecurityKeyModel(
  options: { aaguid?: string; description?: string } = {},
): Promise<TestSecurityKeyModel> {
  x509.cryptoProvider.set(crypto)
  const aaguid = options.aaguid ?? TEST_KEY_AAGUID
  const notBefore = new Date(Date.now() - 86_400_000)
  const notAfter = new Date(Date.now() + 365 * 86_400_000)
  const rootKeys = (await crypto.subtle.generateKey(ES256, true, ['sign', 'verify'])) as CryptoKeyPair
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Stratos Test Security Key Root, O=Stratos Vault Tests, C=US',
    notBefore,
    notAfter,
    signingAlgorithm: ES256,
    keys: rootKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  })
  const attestationKeys = (await crypto.subtle.generateKey(ES256, true, ['sign', 'verify'])) as CryptoKeyPair
  const aaguidBytes = Uint8Array.from(aaguid.replaceAll('-', '').match(/../g)!, (h) => Number.parseInt(h, 16))
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: 'CN=Stratos Test Security Key, OU=Authenticator Attestation, O=Stratos Vault Tests, C=US',
    issuer: root.subject,
    notBefore,
    notAfter,
    signingAlgorithm: ES256,
    publicKey: attestationKeys.publicKey,
    signingKey: rootKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
      // DER OCTET STRING (0x04, length 16) holding the AAGUID.
      new x509.Extension(ID_FIDO_GEN_CE_AAGUID, false, new Uint8Array([0x04, 0x10, ...aaguidBytes])),
    ],
  })
  const statement = {
    legalHeader: 'Test data of Stratos Vault: trusts nothing outside its tests.',
    aaguid,
    description: options.description ?? 'Stratos Test Security Key',
    authenticatorVersion: 1,
    protocolFamily: 'fido2',
    schema: 3,
    upv: [{ major: 1, minor: 1 }],
    authenticationAlgorithms: ['secp256r1_ecdsa_sha256_raw'],
    publicKeyAlgAndEncodings: ['cose'],
    attestationTypes: ['basic_full'],
    userVerificationDetails: [[{ userVerificationMethod: 'passcode_external' }]],
    keyProtection: ['hardware', 'secure_element'],
    matcherProtection: ['on_chip'],
    attachmentHint: ['external', 'wired'],
    tcDisplay: [],
    attestationRootCertificates: [Buffer.from(root.rawData).toString('base64')],
  } satisfies MetadataStatement
  return {
    aaguid,
    statement,
    attestation: {
      privateKey: attestationKeys.privateKey,
      certificates: [new Uint8Array(certificate.rawData)],
    },
  }
}

/** Signers over a secp256k1 key (local or AWS KMS), fenced by leadership, usable as a viem account. */
export { createFencedSigner } from './createFencedSigner.js'
export { type CreateKmsSignerParameters, createKmsSigner } from './createKmsSigner.js'
export { createLocalSigner } from './createLocalSigner.js'
export { type ParseDerSignatureReturnType, parseDerSignature } from './parseDerSignature.js'
export { parseSpkiPublicKey } from './parseSpkiPublicKey.js'
export { type ToViemAccountReturnType, toViemAccount } from './toViemAccount.js'

import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import type { Hex } from 'viem'

/**
 * How the mock shapes its DER signatures:
 * - `low-s`: s in the lower half, as a careful signer would;
 * - `high-s`: s always in the upper half (n - s), which AWS KMS returns for about half of all
 *   signatures; the signer must normalise it;
 * - `malformed`: bytes that are not DER, to test the error path.
 */
export type MockKmsSignatureMode = 'low-s' | 'high-s' | 'malformed'

export type MockKmsRequest = { target: string; body: Record<string, unknown> }

export type MockKms = {
  /** Endpoint for `new KMSClient({ endpoint })`. */
  url: string
  keyId: string
  /** Uncompressed public key of the key the mock signs with. */
  publicKey: Uint8Array
  /** Every request received, in order (`target` is the `X-Amz-Target` action, e.g. `Sign`). */
  requests: MockKmsRequest[]
  signatureMode: MockKmsSignatureMode
  stop(): Promise<void>
}

export type StartMockKmsParameters = {
  /** The secp256k1 key behind the mock's one KMS key. */
  privateKey: Hex
  keyId?: string
  signatureMode?: MockKmsSignatureMode
}

const SPKI_PREFIX = Buffer.from('3056301006072a8648ce3d020106052b8104000a034200', 'hex')

/**
 * Mock KMS (AWS KMS cannot run here): a local HTTP server speaking the KMS JSON protocol
 * (`POST /`, `Content-Type: application/x-amz-json-1.1`, `X-Amz-Target: TrentService.<Action>`)
 * for `GetPublicKey` and `Sign`, backed by a real secp256k1 key. Errors come back the way KMS
 * sends them (`400 {"__type": "NotFoundException", "message": ...}`). Request signatures
 * (SigV4) are not checked.
 */
export async function startMockKms(parameters: StartMockKmsParameters): Promise<MockKms> {
  const secret = Uint8Array.from(Buffer.from(parameters.privateKey.slice(2), 'hex'))
  const keyId = parameters.keyId ?? randomUUID()
  const publicKey = secp256k1.getPublicKey(secret, false)
  const requests: MockKmsRequest[] = []

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const target = String(req.headers['x-amz-target'] ?? '')
    const fail = (status: number, type: string, message: string) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
      res.end(JSON.stringify({ __type: type, message }))
    }
    let body: Record<string, unknown>
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
    } catch {
      return fail(400, 'SerializationException', 'body is not JSON')
    }
    const action = target.replace(/^TrentService\./, '')
    requests.push({ target: action, body })
    if (req.method !== 'POST' || !target.startsWith('TrentService.')) {
      return fail(400, 'UnknownOperationException', `unknown target ${target}`)
    }
    if (!String(req.headers['content-type']).startsWith('application/x-amz-json-1.1')) {
      return fail(400, 'SerializationException', 'content type must be application/x-amz-json-1.1')
    }
    if (body.KeyId !== keyId)
      return fail(400, 'NotFoundException', `Key '${String(body.KeyId)}' does not exist`)
    const ok = (payload: object) => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
      res.end(JSON.stringify(payload))
    }
    if (action === 'GetPublicKey') {
      return ok({
        KeyId: keyId,
        KeySpec: 'ECC_SECG_P256K1',
        KeyUsage: 'SIGN_VERIFY',
        SigningAlgorithms: ['ECDSA_SHA_256'],
        PublicKey: Buffer.concat([SPKI_PREFIX, publicKey]).toString('base64'),
      })
    }
    if (action === 'Sign') {
      if (body.SigningAlgorithm !== 'ECDSA_SHA_256') {
        return fail(
          400,
          'InvalidKeyUsageException',
          `algorithm ${String(body.SigningAlgorithm)} not supported`,
        )
      }
      if (body.MessageType !== 'DIGEST') {
        return fail(400, 'ValidationException', 'this mock signs digests only (MessageType DIGEST)')
      }
      const message = Buffer.from(String(body.Message ?? ''), 'base64')
      if (message.length !== 32) return fail(400, 'ValidationException', 'a DIGEST message must be 32 bytes')
      let signature: Uint8Array
      if (mock.signatureMode === 'malformed') {
        signature = Uint8Array.from([0x30, 0x45, 0x02, 0x20, 0xde, 0xad])
      } else {
        const low = secp256k1.Signature.fromBytes(
          secp256k1.sign(message, secret, { prehash: false, lowS: true }),
          'compact',
        )
        const s = mock.signatureMode === 'high-s' ? secp256k1.Point.Fn.ORDER - low.s : low.s
        signature = new secp256k1.Signature(low.r, s).toBytes('der')
      }
      return ok({
        KeyId: keyId,
        Signature: Buffer.from(signature).toString('base64'),
        SigningAlgorithm: 'ECDSA_SHA_256',
      })
    }
    return fail(400, 'UnknownOperationException', `this mock does not implement ${action}`)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' })
      res.end(JSON.stringify({ __type: 'KMSInternalException', message: String(error) }))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  const mock: MockKms = {
    url: `http://127.0.0.1:${port}`,
    keyId,
    publicKey,
    requests,
    signatureMode: parameters.signatureMode ?? 'high-s',
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  return mock
}

/**
 * Worker thread of canton.bench.ts: the wallet's side of an external-party transfer, on its own
 * thread so that client work (HTTP, protobuf decoding, SHA-256, Ed25519) does not share the
 * devnet's event loop. Two phases, both with `clients` concurrent clients and bounded in time:
 * 1. bare: the local work alone (decode, recompute the hash, compare, sign) on pre-made prepared
 *    transactions, repeated;
 * 2. round trips: prepare TransferFactory_Transfer -> the same local work -> executeAndWait, one
 *    unlocked input holding per round trip (so clients never contend), until time or holdings
 *    run out.
 */
import { randomUUID } from 'node:crypto'
import { parentPort, workerData } from 'node:worker_threads'
import { decodePreparedTransaction, hashPreparedTransaction } from '@canton-network/core-tx-visualizer'
import { ed25519 } from '@noble/curves/ed25519.js'
import { TokenStandard } from '@stratos/canton-devnet'
import { createPostJson } from './createPostJson.js'

export interface PreparedSample {
  preparedTransaction: string
  preparedTransactionHash: string
}

export interface TransferClientsInput {
  url: string
  /** Operator token (reads and executes as any party), as the wallet backend holds. */
  token: string
  synchronizerId: string
  admin: string
  instrumentId: string
  /** The registry's transfer factory and the contracts to disclose with it. */
  factoryId: string
  disclosedContracts: unknown[]
  sender: { partyId: string; fingerprint: string; secretKey: Uint8Array }
  receiver: string
  /** Unlocked holdings of the sender; each round trip spends one. */
  inputs: string[]
  amount: string
  /** Prepared transfers for the bare phase (never executed). */
  samples: PreparedSample[]
  clients: number
  bareSeconds: number
  seconds: number
}

/** Sent when the round-trip phase starts, so the caller can measure the server from then on. */
export interface RoundTripsStarted {
  kind: 'roundTripsStarted'
}

export interface TransferClientsResult {
  kind: 'done'
  bare: { count: number; elapsedMs: number }
  roundTrips: {
    count: number
    failures: string[]
    elapsedMs: number
    latenciesMs: number[]
    /** Summed over successful round trips. */
    stageMs: { prepare: number; verifySign: number; execute: number }
  }
}

const input = workerData as TransferClientsInput
const V2 = 'HASHING_SCHEME_VERSION_V2'

/** What the wallet does before it signs: recompute the hash from the transaction, never trust the server's. */
async function verifyAndSign(prepared: PreparedSample) {
  const decoded = decodePreparedTransaction(prepared.preparedTransaction)
  if (!decoded.metadata?.submitterInfo?.actAs.includes(input.sender.partyId))
    throw new Error('prepared transaction does not act as the sender')
  const hash = await hashPreparedTransaction(decoded, 'base64')
  if (hash !== prepared.preparedTransactionHash) throw new Error('recomputed hash differs from the server’s')
  const signature = ed25519.sign(Buffer.from(hash, 'base64'), input.sender.secretKey)
  return {
    party: input.sender.partyId,
    signatures: [
      {
        format: 'SIGNATURE_FORMAT_CONCAT',
        signature: Buffer.from(signature).toString('base64'),
        signedBy: input.sender.fingerprint,
        signingAlgorithmSpec: 'SIGNING_ALGORITHM_SPEC_ED25519',
      },
    ],
  }
}

async function bare() {
  let count = 0
  const started = performance.now()
  const deadline = started + input.bareSeconds * 1000
  async function client(index: number) {
    let turn = index
    while (performance.now() < deadline) {
      await verifyAndSign(input.samples[turn++ % input.samples.length]!)
      count++
    }
  }
  await Promise.all(Array.from({ length: input.clients }, (_, i) => client(i)))
  return { count, elapsedMs: performance.now() - started }
}

async function roundTrips(): Promise<TransferClientsResult['roundTrips']> {
  const http = createPostJson(input.url, input.token, input.clients)
  const latenciesMs: number[] = []
  const failures: string[] = []
  const stageMs = { prepare: 0, verifySign: 0, execute: 0 }
  let next = 0
  const started = performance.now()
  const deadline = started + input.seconds * 1000

  async function client() {
    while (performance.now() < deadline && next < input.inputs.length) {
      const inputHolding = input.inputs[next++]!
      const now = Date.now()
      const t0 = performance.now()
      const prepareRes = await http.post('/v2/interactive-submission/prepare', {
        commandId: randomUUID(),
        actAs: [input.sender.partyId],
        synchronizerId: input.synchronizerId,
        commands: [
          {
            ExerciseCommand: {
              templateId: TokenStandard.transferFactoryInterfaceId,
              contractId: input.factoryId,
              choice: 'TransferFactory_Transfer',
              choiceArgument: {
                expectedAdmin: input.admin,
                transfer: {
                  sender: input.sender.partyId,
                  receiver: input.receiver,
                  amount: input.amount,
                  instrumentId: { admin: input.admin, id: input.instrumentId },
                  requestedAt: new Date(now - 1000).toISOString(),
                  executeBefore: new Date(now + 3600_000).toISOString(),
                  inputHoldingCids: [inputHolding],
                  meta: { values: {} },
                },
                extraArgs: { context: { values: {} }, meta: { values: {} } },
              },
            },
          },
        ],
        disclosedContracts: input.disclosedContracts,
      })
      if (prepareRes.status !== 200) {
        failures.push(`prepare ${prepareRes.status} ${prepareRes.body.slice(0, 200)}`)
        continue
      }
      const prepared = JSON.parse(prepareRes.body) as PreparedSample
      const t1 = performance.now()
      const partySignature = await verifyAndSign(prepared)
      const t2 = performance.now()
      const executeRes = await http.post('/v2/interactive-submission/executeAndWait', {
        preparedTransaction: prepared.preparedTransaction,
        partySignatures: { signatures: [partySignature] },
        submissionId: randomUUID(),
        hashingSchemeVersion: V2,
        deduplicationPeriod: { Empty: {} },
      })
      const t3 = performance.now()
      if (executeRes.status !== 200) {
        failures.push(`executeAndWait ${executeRes.status} ${executeRes.body.slice(0, 200)}`)
        continue
      }
      latenciesMs.push(t3 - t0)
      stageMs.prepare += t1 - t0
      stageMs.verifySign += t2 - t1
      stageMs.execute += t3 - t2
    }
  }

  await Promise.all(Array.from({ length: input.clients }, client))
  const elapsedMs = performance.now() - started
  http.close()
  return { count: latenciesMs.length, failures, elapsedMs, latenciesMs, stageMs }
}

async function run(): Promise<TransferClientsResult> {
  const bareResult = await bare()
  parentPort!.postMessage({ kind: 'roundTripsStarted' } satisfies RoundTripsStarted)
  const roundTripsResult = await roundTrips()
  return { kind: 'done', bare: bareResult, roundTrips: roundTripsResult }
}

run()
  .then(
    (result) => parentPort!.postMessage(result),
    (error: unknown) =>
      parentPort!.postMessage({
        kind: 'done',
        bare: { count: 0, elapsedMs: 0 },
        roundTrips: {
          count: 0,
          failures: [String(error)],
          elapsedMs: 0,
          latenciesMs: [],
          stageMs: { prepare: 0, verifySign: 0, execute: 0 },
        },
      } satisfies TransferClientsResult),
  )
  .finally(() => input.sender.secretKey.fill(0))

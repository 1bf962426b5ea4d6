import { readFileSync } from 'node:fs'
import { KMSClient } from '@aws-sdk/client-kms'
import { evmChain } from '@stratos/chains'
import { Etcd3 } from 'etcd3'
import pino, { type Logger } from 'pino'
import { createPublicClient, type Hex, http, type PublicClient } from 'viem'
import { createAuditLog } from './auditLog.js'
import { createCantonGateway } from './canton/createCantonGateway.js'
import { ledgerApiCredentialsOf } from './canton/ledgerApiCredentialsOf.js'
import type { RelayerConfig } from './config.js'
import { createRelayer, type Relayer } from './createRelayer.js'
import { type HttpServer, startHttpServer } from './http.js'
import { openJournal } from './journal/index.js'
import { createLeadership } from './leader/index.js'
import { createRelayerMetrics, type RelayerMetrics } from './metrics.js'
import { createFencedSigner, createKmsSigner, createLocalSigner, toViemAccount } from './signer/index.js'
import type { DigestSigner, Journal, Leadership, RelayerChain } from './types.js'

export interface StartRelayerServiceOptions {
  logger?: Logger
  /** Chain head poll interval (default the Canton poll interval). */
  chainPollIntervalMs?: number
}

export interface RelayerService {
  relayer: Relayer
  http: HttpServer
  metrics: RelayerMetrics
  leadership: Leadership
  journal: Journal
  /** The relayer's EVM address (fund it; register nothing: the vault checks the intent signer). */
  address: Hex
  /** Stops work at once, resigns leadership, closes the server, etcd and the database. */
  stop(): Promise<void>
}

/**
 * Wires a relayer from its configuration: journal (SQLite or PostgreSQL), etcd leadership, the
 * fenced signer (local key file or AWS KMS), Canton, chains, metrics, audit log and HTTP server,
 * then starts campaigning.
 */
export async function startRelayerService(
  config: RelayerConfig,
  options: StartRelayerServiceOptions = {},
): Promise<RelayerService> {
  const logger = options.logger ?? pino({ level: config.logLevel, base: { relayerId: config.relayerId } })
  const journal = await openJournal(config.database)
  const etcd = new Etcd3({ hosts: config.etcdEndpoints })
  const leadership = createLeadership({
    etcd,
    relayerId: config.relayerId,
    ttlSeconds: config.leaseTtlSeconds,
    onCampaignError: (error) => logger.warn({ err: error.message }, 'campaign attempt failed'),
  })

  let signer: DigestSigner
  if (config.signer.kind === 'local') {
    const key = readFileSync(config.signer.privateKeyFile, 'utf8').trim() as Hex
    signer = createLocalSigner(key)
  } else {
    const client = new KMSClient({
      region: config.signer.region,
      ...(config.signer.endpoint ? { endpoint: config.signer.endpoint } : {}),
    })
    signer = createKmsSigner({ keyId: config.signer.keyId, client })
  }
  const account = await toViemAccount(createFencedSigner(signer, leadership))

  const { auth } = config.canton
  const canton = createCantonGateway({
    url: config.canton.url,
    operatorParty: config.canton.operatorParty,
    regulatorParty: config.canton.regulatorParty,
    // A static token is read before every request (`stratos dev` re-mints its token behind the Secret).
    ...(auth?.kind === 'token' ? { getToken: () => auth.token.reveal() } : {}),
    ...(auth?.kind === 'oauth2' ? { credentials: ledgerApiCredentialsOf(auth) } : {}),
    ...(config.canton.userId === undefined ? {} : { userId: config.canton.userId }),
  })

  const chains = new Map<number, RelayerChain>()
  for (const [chainId, url] of config.chains) {
    const chain = evmChain({ id: chainId, rpcUrl: url })
    const client = createPublicClient({ chain, transport: http(url, { retryCount: 1 }) }) as PublicClient
    chains.set(chainId, { client, confirmations: config.confirmations.get(chainId) ?? 1 })
  }

  const metrics = createRelayerMetrics()
  const audit = createAuditLog({ logger, relayerId: config.relayerId })
  const relayer = createRelayer({
    relayerId: config.relayerId,
    leadership,
    journal,
    account,
    canton,
    chains,
    vaults: config.vaults,
    metrics,
    audit,
    logger,
    pollIntervalMs: config.pollIntervalMs,
    ...(options.chainPollIntervalMs === undefined
      ? {}
      : { chainPollIntervalMs: options.chainPollIntervalMs }),
    feeBumpAfterMs: config.feeBumpAfterMs,
    maxInFlight: config.maxInFlight,
  })

  const readiness: Record<string, () => Promise<void>> = {
    database: async () => {
      await journal.countByState()
    },
    etcd: async () => {
      await etcd.maintenance.status()
    },
    canton: async () => {
      await canton.ledgerEnd()
    },
  }
  for (const [chainId, { client }] of chains)
    readiness[`chain:${chainId}`] = async () => {
      await client.getBlockNumber({ cacheTime: 0 })
    }
  const server = await startHttpServer({
    host: config.http.host,
    port: config.http.port,
    registry: metrics.registry,
    readiness,
  })

  const running = relayer
    .run()
    .catch((error) => logger.error({ err: String(error) }, 'relayer stopped on an error'))
  let stopping: Promise<void> | undefined
  return {
    relayer,
    http: server,
    metrics,
    leadership,
    journal,
    address: account.address,
    stop() {
      stopping ??= (async () => {
        await relayer.stop()
        await running
        await server.close()
        await leadership.close().catch(() => undefined)
        etcd.close()
        await journal.close()
      })()
      return stopping
    },
  }
}

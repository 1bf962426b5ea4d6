import { randomBytes } from 'node:crypto'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type DevVaultDeployed, type StoredVault, setUpDefiDevOperator } from '@stratos/api/dev'
import type { CantonDevnet } from '@stratos/canton-devnet'
import type { AnvilNode } from '@stratos/chains/anvil'
import { type RelayerService, Secret, startRelayerService, type VaultConfig } from '@stratos/relayer'
import { type EtcdServer, hasEtcd, startEtcd } from '@stratos/relayer/testing'

/** The dev relayer's id, Ledger API user and how it runs (short lease and poll: quick local feedback). */
const RELAYER_ID = 'stratos-dev-relayer'
const RELAYER_USER = 'stratos-relayer'
const LEASE_TTL_SECONDS = 3
const POLL_INTERVAL_MS = 500
/** canton-devnet tokens live 24 hours; the relayer's is re-minted well before. */
const TOKEN_REFRESH_MS = 3600_000
/** 1,000 ETH for the relayer's gas on anvil. */
const RELAYER_FUNDS = 10n ** 21n

export interface DevRelayer {
  relayerId: string
  operatorParty: string
  address: string
  metricsUrl: string
  leader: boolean
  /** Adds a vault the relayer serves at once (its vault map is read on every intent). */
  addVault(vault: DevVaultDeployed): void
  stop(): Promise<void>
}

/** A Canton token re-minted on a timer: the relayer reads it before every request. */
class RefreshedToken extends Secret {
  #current: string
  constructor(initial: string) {
    super(initial)
    this.#current = initial
  }
  set(token: string) {
    this.#current = token
  }
  override reveal(): string {
    return this.#current
  }
}

/** `stratos dev` without etcd runs no relayer: why, for the status line. */
export function devRelayerUnavailable(): string | undefined {
  return hasEtcd() ? undefined : 'install etcd-server to run the relayer'
}

/**
 * Runs one Canton DeFi relayer in process for the local stack: a throwaway etcd, the hosted
 * operator party and its Ledger API user on the devnet, a key kept in `<data>/relayer.key` (0600)
 * and funded on anvil, a SQLite journal `<data>/relayer.sqlite`, and `vaults` (every stored vault
 * of the chain; more arrive through `addVault`). Waits up to a few seconds to be elected.
 */
export async function startDevRelayer(parameters: {
  dataDir: string
  devnet: CantonDevnet
  anvil: AnvilNode
  vaults: StoredVault[]
  /** The regulator every intent must name (the API's DEFI_REGULATOR_PARTY), or none. */
  regulatorParty?: string | null
}): Promise<DevRelayer> {
  const { dataDir, devnet, anvil } = parameters
  const stoppers: (() => Promise<void>)[] = []
  const stopAll = async () => {
    for (const stop of stoppers.reverse()) await stop().catch(() => {})
  }
  try {
    const etcd: EtcdServer = await startEtcd()
    stoppers.push(etcd.stop)
    const { operatorParty } = await setUpDefiDevOperator({
      url: devnet.url,
      adminToken: await devnet.adminToken(),
      userId: RELAYER_USER,
    })
    const token = new RefreshedToken(await devnet.tokenFor(RELAYER_USER))
    const refresh = setInterval(() => {
      devnet.tokenFor(RELAYER_USER).then(
        (t) => token.set(t),
        () => {},
      )
    }, TOKEN_REFRESH_MS)
    refresh.unref()
    stoppers.push(async () => clearInterval(refresh))

    const keyFile = join(dataDir, 'relayer.key')
    if (!existsSync(keyFile))
      writeFileSync(keyFile, `0x${randomBytes(32).toString('hex')}\n`, { mode: 0o600 })

    const vaults = new Map<`0x${string}`, VaultConfig>()
    const addVault = (v: Pick<StoredVault, 'vaultId' | 'chainId' | 'address'>) => {
      if (v.chainId !== anvil.chainId) return
      const vaultId = v.vaultId.toLowerCase() as `0x${string}`
      vaults.set(vaultId, { vaultId, chainId: v.chainId, address: v.address })
    }
    for (const v of parameters.vaults) addVault(v)

    const service: RelayerService = await startRelayerService({
      relayerId: RELAYER_ID,
      etcdEndpoints: [etcd.url],
      database: { kind: 'sqlite', file: join(dataDir, 'relayer.sqlite') },
      canton: {
        url: devnet.url,
        auth: { kind: 'token', token },
        userId: undefined,
        operatorParty,
        regulatorParty: parameters.regulatorParty ?? null,
      },
      chains: new Map([[anvil.chainId, anvil.rpcUrl]]),
      vaults,
      confirmations: new Map([[anvil.chainId, 1]]),
      signer: { kind: 'local', privateKeyFile: keyFile },
      http: { host: '127.0.0.1', port: 0 },
      leaseTtlSeconds: LEASE_TTL_SECONDS,
      pollIntervalMs: POLL_INTERVAL_MS,
      feeBumpAfterMs: 30_000,
      maxInFlight: 8,
      logLevel: 'warn',
    })
    stoppers.push(service.stop)
    await rpc(anvil.rpcUrl, 'anvil_setBalance', [service.address, `0x${RELAYER_FUNDS.toString(16)}`])
    // Polled, not waitUntilLeader: aborting a wait would cancel the relayer's own campaign.
    const deadline = Date.now() + LEASE_TTL_SECONDS * 3000
    while (!service.leadership.isLeader() && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100))
    const leader = service.leadership.isLeader()
    return {
      relayerId: RELAYER_ID,
      operatorParty,
      address: service.address,
      metricsUrl: `${service.http.url}/metrics`,
      leader,
      addVault,
      stop: stopAll,
    }
  } catch (error) {
    await stopAll()
    throw error
  }
}

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await res.json()) as { result?: unknown; error?: { message?: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message ?? 'failed'}`)
  return body.result
}

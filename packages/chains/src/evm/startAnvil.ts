import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'

/**
 * Anvil's first well-known development key (from the public "test test … junk" mnemonic). It is
 * public test material, funded with 10 000 ETH on every fresh anvil, and must never hold real value.
 */
export const ANVIL_DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as const

export interface StartAnvilOptions {
  /** Port on 127.0.0.1; a free one when omitted. */
  port?: number
  /** Chain id; anvil's default 31337 when omitted. */
  chainId?: number
  /** File that keeps the chain across restarts (anvil `--state`, dumped every few seconds and on exit). */
  statePath?: string
  /** Milliseconds to wait for the node to answer. */
  timeoutMs?: number
}

export interface AnvilNode {
  /** JSON-RPC URL, `http://127.0.0.1:<port>`. */
  rpcUrl: string
  port: number
  chainId: number
  stop(): Promise<void>
}

/**
 * Path of the anvil binary shipped by the npm package `@foundry-rs/anvil` (through its
 * platform package), so nothing is downloaded at run time. That package is a devDependency of
 * whoever starts anvil (tests, `stratos dev`): a production install does not carry it.
 */
export function anvilBinary(): string {
  const require = createRequire(import.meta.url)
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`
  try {
    return join(dirname(require.resolve(`${platformPackage}/package.json`)), 'bin', 'anvil')
  } catch (cause) {
    throw new Error(`anvil binary not found: install @foundry-rs/anvil (needs ${platformPackage})`, { cause })
  }
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()))
    })
  })
}

/** Starts a local anvil on 127.0.0.1 and waits until it answers `eth_chainId`. */
export async function startAnvil(options: StartAnvilOptions = {}): Promise<AnvilNode> {
  const port = options.port ?? (await freeLoopbackPort())
  const chainId = options.chainId ?? 31337
  const args = ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(chainId), '--silent']
  if (options.statePath) args.push('--state', options.statePath, '--state-interval', '5')
  const child: ChildProcess = spawn(anvilBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const rpcUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + (options.timeoutMs ?? 20_000)
  for (;;) {
    if (child.exitCode !== null) throw new Error(`anvil exited with code ${child.exitCode}: ${stderr.trim()}`)
    try {
      const res = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      })
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`anvil did not answer on ${rpcUrl} within ${options.timeoutMs ?? 20_000} ms`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    rpcUrl,
    port,
    chainId,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      // SIGTERM lets anvil dump its state file before exiting.
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    },
  }
}

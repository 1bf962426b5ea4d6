import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The Foundry project root (`contracts/`). */
export const contractsRoot = join(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Path of the forge binary shipped by `@foundry-rs/forge` (through its platform package), so nothing is
 * downloaded at run time.
 */
export function forgeBinary(): string {
  const require = createRequire(import.meta.url)
  const platformPackage = `@foundry-rs/forge-${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`
  try {
    return join(dirname(require.resolve(`${platformPackage}/package.json`)), 'bin', 'forge')
  } catch (cause) {
    throw new Error(`forge binary not found: install @foundry-rs/forge (needs ${platformPackage})`, { cause })
  }
}

export interface RunForgeResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a command to its end, collecting its output; `input` is written to its stdin. */
export function runCollecting(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string },
): Promise<RunForgeResult> {
  return new Promise<RunForgeResult>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    if (options.input !== undefined) child.stdin?.end(options.input)
  })
}

/**
 * Runs forge in `contracts/` offline: `FOUNDRY_OFFLINE=true`, solc from `bin/solc` (foundry.toml),
 * HOME pointed at a throwaway folder so nothing is read from or written to the user's ~/.foundry.
 */
export async function runForge(args: readonly string[]): Promise<RunForgeResult> {
  const home = await mkdtemp(join(tmpdir(), 'stratos-forge-home-'))
  try {
    return await runCollecting(forgeBinary(), args, {
      cwd: contractsRoot,
      env: { ...process.env, HOME: home, FOUNDRY_OFFLINE: 'true', NO_COLOR: '1' },
    })
  } finally {
    await rm(home, { recursive: true, force: true })
  }
}

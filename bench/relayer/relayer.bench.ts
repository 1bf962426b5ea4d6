/**
 * Canton DeFi relayer throughput (`npm run bench:relayer`), against a baseline measured in the same
 * run on the same anvil with the same signer; traffic stays on 127.0.0.1, bounded in count.
 *
 * 1. Baseline: the relayer's signer (local key, through the same DigestSigner -> viem account path
 *    the relayer signs with) pushes BENCH_INTENTS plain ETH transfers into anvil, pipelined with
 *    sequential nonces as the relayer pipelines intents; timed from the first signature until the
 *    chain has mined the last nonce.
 * 2. End to end: BENCH_INTENTS intents are made active on Canton first (prepare -> the
 *    institution's signature -> execute), then one relayer process (etcd leader, SQLite journal)
 *    runs them: read from Canton, journal, EIP-712 signature, vault.execute through an adapter,
 *    confirmation, DeFiIntent_MarkExecuted on Canton. Timed from the moment it is elected leader to
 *    the moment the last outcome is on Canton.
 *
 * The ratio (intents/s over transfers/s) is what the relayer's journal, Canton round trips and
 * the adapters' gas cost on top of what the chain and the signer allow anyway.
 *
 * Knobs: BENCH_INTENTS (200), BENCH_IN_FLIGHT (32), BENCH_CPU_PROF_DIR (write a CPU profile of the
 * relayer process there).
 */

import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { outcomesOf } from '@stratos/canton-devnet/testing'
import { createLocalSigner, spawnRelayer, startDeFiStack, toViemAccount } from '@stratos/relayer/testing'
import type { Hex } from 'viem'

const INTENTS = Number(process.env.BENCH_INTENTS ?? 200)
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 32)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function main() {
  const stack = await startDeFiStack()
  try {
    const { publicClient, anvil } = stack
    const env = stack.relayerEnv('bench-relayer', {
      RELAYER_MAX_IN_FLIGHT: String(IN_FLIGHT),
      RELAYER_POLL_INTERVAL_MS: '100',
      RELAYER_LOG_LEVEL: 'warn',
    })
    const privateKey = readFileSync(env.RELAYER_PRIVATE_KEY_FILE as string, 'utf8').trim() as Hex

    // 1. Plain transfers from the same signer.
    const account = await toViemAccount(createLocalSigner(privateKey))
    const fees = await publicClient.estimateFeesPerGas()
    let nonce = await publicClient.getTransactionCount({ address: account.address, blockTag: 'pending' })
    const t0 = performance.now()
    const hashes: Hex[] = []
    for (let sent = 0; sent < INTENTS; sent += IN_FLIGHT) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(IN_FLIGHT, INTENTS - sent) }, async () => {
          const raw = await account.signTransaction({
            chainId: anvil.chainId,
            type: 'eip1559',
            to: '0x000000000000000000000000000000000000dEaD',
            value: 1n,
            gas: 21_000n,
            nonce: nonce++,
            maxFeePerGas: fees.maxFeePerGas,
            maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
          })
          return publicClient.sendRawTransaction({ serializedTransaction: raw })
        }),
      )
      hashes.push(...batch)
    }
    // anvil mines each transaction as it arrives: done when the chain has counted the last nonce
    // (polled tightly, so the baseline is not stretched by a client's receipt polling interval).
    while ((await publicClient.getTransactionCount({ address: account.address, blockTag: 'latest' })) < nonce)
      await sleep(5)
    const transferSeconds = (performance.now() - t0) / 1_000
    const receipts = await Promise.all(hashes.map((hash) => publicClient.getTransactionReceipt({ hash })))
    if (receipts.some((r) => r.status !== 'success')) throw new Error('a plain transfer failed')
    const transfersPerSecond = INTENTS / transferSeconds

    // 2. Intents end to end through one relayer process.
    await stack.createIntents(INTENTS)
    const relayer = await spawnRelayer('bench-relayer', env, {
      logDir: stack.dir,
      // BENCH_CPU_PROF_DIR: a CPU profile of the relayer process, written when it exits.
      ...(process.env.BENCH_CPU_PROF_DIR
        ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] }
        : {}),
    })
    try {
      while (!(await relayer.isLeader())) await sleep(20)
      const t1 = performance.now()
      const { client, operator, operatorToken } = stack.scenario
      const deadline = Date.now() + 10 * 60_000
      for (;;) {
        const outcomes = await outcomesOf(client, operatorToken, operator)
        if (outcomes.length >= INTENTS) {
          const failed = outcomes.filter((o) => o.args.status !== 'Executed')
          if (failed.length > 0) throw new Error(`${failed.length} intents failed: ${failed[0]?.args.reason}`)
          break
        }
        if (Date.now() > deadline)
          throw new Error(`only ${outcomes.length}/${INTENTS} intents done in 10 min`)
        await sleep(25)
      }
      const intentSeconds = (performance.now() - t1) / 1_000
      const intentsPerSecond = INTENTS / intentSeconds

      console.log(
        [
          `relayer bench (${INTENTS} each, ${IN_FLIGHT} in flight, anvil automine, confirmations 1):`,
          `  plain transfers, same signer:      ${transfersPerSecond.toFixed(1)}/s (${transferSeconds.toFixed(2)} s)`,
          `  intents end to end (Canton->EVM->Canton): ${intentsPerSecond.toFixed(1)}/s (${intentSeconds.toFixed(2)} s)`,
          `  ratio intents/transfers: ${(intentsPerSecond / transfersPerSecond).toFixed(3)}`,
        ].join('\n'),
      )
    } finally {
      relayer.kill('SIGTERM')
      await Promise.race([relayer.exited, sleep(5_000)])
      relayer.kill('SIGKILL')
    }
  } finally {
    await stack.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})

import { setMaxListeners } from 'node:events'
import type { CreateRelayerParameters } from './CreateRelayerParameters.js'
import { StaleLeaderError } from './errors.js'
import { createIntentValidator } from './term/createIntentValidator.js'
import { runLeaderTerm } from './term/runLeaderTerm.js'
import { messageOf } from './utils/messageOf.js'
import { sleep } from './utils/sleep.js'

export interface Relayer {
  /** Campaigns and works while leader, until `stop()`. Resolves when stopped. */
  run(): Promise<void>
  /** Stops at once (aborts in-flight work), resigns leadership. */
  stop(): Promise<void>
}

/**
 * The relayer service. While leader it polls Canton for `DeFiIntent`s, journals each
 * (`received -> validated -> signed -> broadcast -> confirmed | failed`), signs the EIP-712
 * intent, executes it on the vault, waits for the confirmation depth and reports the outcome to
 * Canton. On election it first resumes the journal's unfinished entries. Losing leadership
 * aborts everything in flight at once.
 *
 * This function is the campaign loop; one term's work is `runLeaderTerm` (the poll loop) with its
 * parts in `term/`: intake (`receiveIntents`, `receiveInvalidIntent`), the journal state machine
 * (`processEntry`, `failEntry`) and Canton reporting (`reportOutcome`).
 */
export function createRelayer(parameters: CreateRelayerParameters): Relayer {
  const { leadership, metrics } = parameters
  const log = parameters.logger
  const pollIntervalMs = parameters.pollIntervalMs ?? 1_000
  const maxInFlight = Math.max(1, parameters.maxInFlight ?? 32)
  const validate = createIntentValidator({ chains: parameters.chains, vaults: parameters.vaults })
  const stopController = new AbortController()
  let running: Promise<void> | undefined

  async function run(): Promise<void> {
    const stop = stopController.signal
    while (!stop.aborted) {
      let token: bigint
      try {
        token = await leadership.waitUntilLeader(stop)
      } catch (error) {
        if (stop.aborted) break
        log.warn({ err: messageOf(error) }, 'campaign failed; retrying')
        await sleep(pollIntervalMs, stop).catch(() => undefined)
        continue
      }
      const term = new AbortController()
      // Every intent in flight waits on the term's signal (sleeps, receipts): more than Node's default 10.
      setMaxListeners(maxInFlight * 4 + 16, term.signal)
      const onStop = () => term.abort(new StaleLeaderError('stopping'))
      stop.addEventListener('abort', onStop, { once: true })
      const unsubscribe = leadership.onLost((reason) => {
        log.warn({ reason }, 'leadership lost: stopping at once')
        term.abort(new StaleLeaderError(`leadership lost: ${reason}`))
      })
      if (!leadership.isLeader()) term.abort(new StaleLeaderError('leadership lost before the term started'))
      metrics.setLeader(true)
      log.info({ relayerId: parameters.relayerId, fencingToken: token.toString() }, 'became leader')
      try {
        await runLeaderTerm({ relayer: parameters, signal: term.signal, validate })
      } catch (error) {
        if (!term.signal.aborted) log.error({ err: messageOf(error) }, 'leader term failed')
      } finally {
        unsubscribe()
        stop.removeEventListener('abort', onStop)
        metrics.setLeader(false)
      }
      if (!stop.aborted && !term.signal.aborted) {
        // The term ended on an error while still leader: hand over rather than spin.
        await leadership.resign().catch(() => undefined)
        await sleep(pollIntervalMs, stop).catch(() => undefined)
      }
    }
  }

  return {
    run() {
      running ??= run()
      return running
    },
    async stop() {
      stopController.abort(new StaleLeaderError('stopping'))
      await running?.catch(() => undefined)
      await leadership.resign().catch((error) => log.warn({ err: messageOf(error) }, 'resign failed'))
    },
  }
}

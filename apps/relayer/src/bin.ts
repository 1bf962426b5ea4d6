/**
 * The relayer process: `node --import tsx apps/relayer/src/bin.ts`, configured by environment
 * variables (see README.md). SIGTERM / SIGINT resign leadership and exit.
 */
import pino from 'pino'
import { ConfigError, loadConfig } from './config.js'
import { startRelayerService } from './startRelayerService.js'

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`relayer: configuration error: ${error.message}\n`)
      process.exit(2)
    }
    throw error
  }
  const logger = pino({ level: config.logLevel, base: { relayerId: config.relayerId } })
  const service = await startRelayerService(config, { logger })
  process.stdout.write(`relayer ${config.relayerId} listening on ${service.http.url}\n`)
  logger.info(
    { address: service.address, url: service.http.url },
    'relayer started; campaigning for leadership',
  )

  let exiting = false
  const shutdown = (signal: string) => {
    if (exiting) return
    exiting = true
    logger.info({ signal }, 'shutting down: resigning leadership')
    const force = setTimeout(() => process.exit(1), 15_000)
    force.unref()
    service.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: String(error) }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
}

main().catch((error) => {
  process.stderr.write(`relayer: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})

import pino from 'pino'
import { ConfigError, loadConfig } from './config.js'
import { startRelayerService } from './startRelayerService.js'

/**
 * Runs one relayer configured by `env` (see README.md) until SIGTERM / SIGINT, which abort
 * in-flight work, resign leadership and resolve with exit code 0. A configuration error resolves
 * with 2 after naming the variable; secrets are never printed.
 */
export async function runRelayer(env: Record<string, string | undefined>): Promise<number> {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`relayer: configuration error: ${error.message}\n`)
      return 2
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

  return new Promise<number>((resolve) => {
    let exiting = false
    const shutdown = (signal: string) => {
      if (exiting) return
      exiting = true
      logger.info({ signal }, 'shutting down: resigning leadership')
      const force = setTimeout(() => resolve(1), 15_000)
      force.unref()
      service.stop().then(
        () => resolve(0),
        (error) => {
          logger.error({ err: String(error) }, 'shutdown failed')
          resolve(1)
        },
      )
    }
    process.once('SIGTERM', () => shutdown('SIGTERM'))
    process.once('SIGINT', () => shutdown('SIGINT'))
  })
}

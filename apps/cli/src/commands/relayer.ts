import { runRelayer } from '@stratos/relayer'

const help = `usage: stratos relayer

Runs one Canton DeFi relayer: it campaigns for leadership in etcd and, while leader, executes the
DeFi intents authorized on Canton through the vault on their EVM chain and reports each outcome
back to Canton. Run several for high availability. Configured by environment variables only
(ETCD_ENDPOINTS, DATABASE_URL(_FILE) or RELAYER_DB_PATH, CANTON_URL, CANTON_OAUTH_* +
CANTON_USER_ID or CANTON_TOKEN(_FILE), OPERATOR_PARTY, RELAYER_CHAINS(_FILE), RELAYER_VAULTS, RELAYER_SIGNER, RELAYER_PRIVATE_KEY_FILE or
KMS_KEY_ID, …; NAME_FILE is a file holding NAME's value):
see apps/relayer/README.md. Metrics on http://127.0.0.1:9464/metrics.`

/** `stratos relayer`: one relayer process, until SIGTERM / SIGINT. */
export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(help)
    return 0
  }
  if (argv.length > 0) {
    console.error(`stratos relayer: takes no arguments (configure it with environment variables)\n\n${help}`)
    return 2
  }
  return runRelayer(process.env)
}

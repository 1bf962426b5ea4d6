import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { expect, type Page, test } from '@playwright/test'
import { type CantonDevnet, startCantonDevnet } from '@stratos/canton-devnet'
import {
  DevnetTestClient,
  executeSigned,
  INSTRUMENT,
  setupDirectTokenScenario,
  type TokenScenario,
} from '@stratos/canton-devnet/testing'
import { ANVIL_DEV_KEY, type AnvilNode, startAnvil } from '@stratos/chains/anvil'
import { type DockExampleServer, serveDockExample } from '@stratos/dock-example'
import { createPublicClient, createWalletClient, type Hex, http, numberToHex, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { watchCspViolations } from './cspViolations.js'

/**
 * The sample dock app (apps/dock-example, built as shipped) in Chromium, framed by a STAND-IN
 * wallet page on another origin: the page's bridge checks the frame and origin and hands each
 * request to this test (`page.exposeFunction`), which answers as the wallet would after the user's
 * decision (`decision`): EVM reads from anvil, signatures by anvil's first dev key; Canton on
 * canton-devnet, the transfer prepared, signed with the sender's key and executed. It proves the
 * app and @stratos/dock-sdk in a browser (EIP-6963 through mipd, viem, the CSP, the sandbox); the
 * real wallet's dock and reviews are apps/web's.
 */

const RECEIVER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const

let anvil: AnvilNode
let devnet: CantonDevnet
let client: DevnetTestClient
let s: TokenScenario
let app: DockExampleServer
let walletPage: Server
let walletOrigin: string
let decision: 'approve' | 'reject' = 'approve'

test.beforeAll(async () => {
  execFileSync('npm', ['run', 'build', '-w', '@stratos/dock-example'], { stdio: 'ignore' })
  anvil = await startAnvil()
  devnet = await startCantonDevnet()
  client = await new DevnetTestClient(devnet).init()
  s = await setupDirectTokenScenario(client, '100')
  walletPage = createServer()
  await new Promise<void>((resolve) => walletPage.listen(0, '127.0.0.1', resolve))
  walletOrigin = `http://127.0.0.1:${(walletPage.address() as { port: number }).port}`
  app = await serveDockExample({
    walletOrigin,
    registryUrl: `${devnet.url}/registries/${encodeURIComponent(s.admin)}`,
    instrument: { admin: s.admin, id: INSTRUMENT },
  })
  walletPage.on('request', (_request, response) => {
    response.setHeader('Content-Type', 'text/html; charset=utf-8')
    response.end(standInWalletPage(app.url))
  })
})

test.afterAll(async () => {
  await app?.close()
  walletPage?.close()
  await anvil?.stop()
  await devnet?.stop()
})

/** The stand-in wallet page: the dock bridge's checks, answers from the test. */
function standInWalletPage(appUrl: string): string {
  const appOrigin = new URL(appUrl).origin
  return `<!doctype html><title>Stand-in wallet</title>
<iframe id="app" title="Dock app" src="${appUrl}/" sandbox="allow-scripts allow-same-origin allow-forms"
  style="width: 1200px; height: 1100px; border: 0"></iframe>
<script>
  const APP_ORIGIN = ${JSON.stringify(appOrigin)}
  const CHANNEL = 'stratos-dock/1'
  const frame = document.getElementById('app')
  const post = (message) => frame.contentWindow.postMessage(message, APP_ORIGIN)
  window.emitToApp = (api, event, data) => post({ channel: CHANNEL, kind: 'event', api, event, data })
  addEventListener('message', async (event) => {
    if (event.source !== frame.contentWindow || event.origin !== APP_ORIGIN) return
    const m = event.data
    if (!m || m.channel !== CHANNEL) return
    if (m.kind === 'hello')
      return post({ channel: CHANNEL, kind: 'welcome', wallet: { name: 'Stand-in Vault',
        icon: 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E', rdns: 'com.example.standin' } })
    if (m.kind !== 'request') return
    const answer = await window.walletRpc(m.api, m.method, m.params ?? null)
    post({ channel: CHANNEL, kind: 'response', id: m.id, ...answer })
  })
</script>`
}

type Answer = { result: unknown } | { error: { code: number; message: string } }

/** The test's side of the stand-in wallet. */
async function installWallet(page: Page) {
  const account = privateKeyToAccount(ANVIL_DEV_KEY)
  const signer = createWalletClient({ account, transport: http(anvil.rpcUrl) })
  const reject = (): Answer => ({ error: { code: 4001, message: 'User rejected the request.' } })
  const emit = (api: string, event: string, data: unknown) =>
    page.evaluate(
      ([a, e, d]) => (window as never as { emitToApp(...args: unknown[]): void }).emitToApp(a, e, d),
      [api, event, data],
    )

  async function anvilRpc(method: string, params: unknown): Promise<Answer> {
    const response = await fetch(anvil.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: params ?? [] }),
    })
    const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string } }
    return body.error ? { error: body.error } : { result: body.result }
  }

  async function eip1193(method: string, params: unknown[]): Promise<Answer> {
    switch (method) {
      case 'eth_requestAccounts':
      case 'eth_accounts':
        return { result: [account.address] }
      case 'eth_chainId':
        return { result: numberToHex(anvil.chainId) }
      case 'eth_signTypedData_v4':
        if (decision === 'reject') return reject()
        return { result: await account.signTypedData(JSON.parse(params[1] as string)) }
      case 'eth_sendTransaction': {
        if (decision === 'reject') return reject()
        const tx = params[0] as { to: Hex; value?: Hex }
        const hash = await signer.sendTransaction({
          to: tx.to,
          value: BigInt(tx.value ?? '0x0'),
          chain: null,
        })
        return { result: hash }
      }
      default:
        return anvilRpc(method, params)
    }
  }

  async function cip0103(method: string, params: Record<string, unknown> | null): Promise<Answer> {
    const connection = { isConnected: true, isNetworkConnected: true }
    switch (method) {
      case 'connect':
      case 'isConnected':
        return { result: connection }
      case 'status':
        return {
          result: {
            provider: { id: 'stand-in', providerType: 'browser' },
            connection,
            network: { networkId: 'canton:devnet' },
          },
        }
      case 'listAccounts':
        return {
          result: [
            {
              primary: true,
              partyId: s.alice.partyId,
              status: 'allocated',
              hint: 'alice',
              publicKey: Buffer.from(s.alice.publicKey).toString('hex'),
              namespace: s.alice.fingerprint,
              networkId: 'canton:devnet',
              signingProviderId: 'stand-in',
            },
          ],
        }
      case 'ledgerApi': {
        const { requestMethod, resource, body } = params as {
          requestMethod: string
          resource: string
          body?: unknown
        }
        const response = await fetch(`${devnet.url}${resource}`, {
          method: requestMethod.toUpperCase(),
          headers: { Authorization: `Bearer ${s.operatorToken}`, 'Content-Type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        })
        return { result: await response.json() }
      }
      case 'prepareExecuteAndWait': {
        const commandId = (params?.commandId as string | undefined) ?? randomUUID()
        await emit('cip0103', 'txChanged', { status: 'pending', commandId })
        if (decision === 'reject') {
          await emit('cip0103', 'txChanged', { status: 'failed', commandId })
          return reject()
        }
        const prepared = await client.ok('POST', '/v2/interactive-submission/prepare', {
          token: s.operatorToken,
          body: {
            userId: '',
            readAs: [],
            packageIdSelectionPreference: [],
            verboseHashing: false,
            synchronizerId: devnet.synchronizerId,
            ...params,
            commandId,
          },
        })
        const executed = await executeSigned(client, s, prepared, s.alice)
        if (executed.status !== 200)
          return { error: { code: -32603, message: JSON.stringify(executed.body) } }
        const tx = {
          status: 'executed',
          commandId,
          payload: { updateId: executed.body.updateId, completionOffset: executed.body.completionOffset },
        }
        await emit('cip0103', 'txChanged', tx)
        return { result: { tx } }
      }
      default:
        return { error: { code: 4200, message: `${method} is not supported` } }
    }
  }

  await page.exposeFunction('walletRpc', (api: string, method: string, params: unknown) =>
    api === 'eip1193'
      ? eip1193(method, (params as unknown[] | null) ?? [])
      : cip0103(method, params as Record<string, unknown> | null),
  )
}

test('the sample dock app: EIP-6963 discovery, 0.1 ETH, 4001, typed data, a Canton transfer', async ({
  page,
}) => {
  const violations = watchCspViolations(page)
  await installWallet(page)
  await page.goto(walletOrigin)
  const dock = page.frameLocator('#app')

  await expect(
    dock.getByText('Wallet: Stand-in Vault (found by EIP-6963, com.example.standin)'),
  ).toBeVisible()
  await dock.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(dock.getByTestId('evm-account')).toHaveText(privateKeyToAccount(ANVIL_DEV_KEY).address)
  await expect(dock.getByTestId('evm-chain')).toHaveText('31337')
  await expect(dock.getByTestId('evm-balance')).toContainText('ETH')

  const onAnvil = createPublicClient({ transport: http(anvil.rpcUrl) })
  const before = await onAnvil.getBalance({ address: RECEIVER })
  await dock.getByLabel('Recipient address').fill(RECEIVER)
  await dock.getByLabel('Amount (ETH)').fill('0.1')
  await dock.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(dock.getByTestId('evm-tx-status')).toContainText('confirmed in block')
  expect(await onAnvil.getBalance({ address: RECEIVER })).toBe(before + parseEther('0.1'))

  decision = 'reject'
  await dock.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(dock.getByRole('alert').first()).toHaveText('4001 User rejected the request.')
  await expect(dock.getByTestId('evm-tx-status')).toHaveText('not sent')
  expect(await onAnvil.getBalance({ address: RECEIVER })).toBe(before + parseEther('0.1'))

  decision = 'approve'
  await dock.getByRole('button', { name: 'Sign typed data' }).click()
  await expect(dock.getByTestId('evm-verified')).toHaveText('yes')
  await expect(dock.getByTestId('evm-signature')).toHaveText(/^0x[0-9a-f]{130}$/)

  await dock.getByRole('button', { name: 'Connect Canton' }).click()
  await expect(dock.getByTestId('canton-party')).toHaveText(s.alice.partyId)
  await expect(dock.getByTestId('canton-network')).toHaveText('canton:devnet')
  await expect(dock.getByTestId('canton-total')).toHaveText(`100 ${INSTRUMENT}`)

  await dock.getByLabel('Receiver party').fill(s.bob.partyId)
  await dock.getByLabel('Amount', { exact: true }).fill('12.5')
  await dock.getByRole('button', { name: 'Send on Canton' }).click()
  await expect(dock.getByTestId('canton-tx')).toHaveText('executed (direct)')
  await expect(dock.getByTestId('canton-update')).not.toHaveText('—')
  await expect(dock.getByTestId('canton-total')).toHaveText(`87.5 ${INSTRUMENT}`)

  decision = 'reject'
  await dock.getByLabel('Amount', { exact: true }).fill('1')
  await dock.getByRole('button', { name: 'Send on Canton' }).click()
  await expect(dock.getByTestId('canton-error')).toHaveText('4001 User rejected the request.')
  await expect(dock.getByTestId('canton-tx')).toHaveText('failed')
  await expect(dock.getByTestId('canton-total')).toHaveText(`87.5 ${INSTRUMENT}`)

  expect(violations).toEqual([])
})

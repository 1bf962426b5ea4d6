import { type DockApi, RPC_ERROR } from '@stratos/dock-sdk'
import type { DockPermission } from '@stratos/schemas'
import { DockRpcFailure } from '../../lib/dockRpcFailure'

/**
 * What a method needs before the wallet acts on it: the app permission an admin must have given
 * (`null`: none, public chain data or the wallet's own state), and whether the user must have
 * granted the app their account on that standard first:
 * - `none`: no grant needed;
 * - `optional`: answered either way (e.g. `eth_accounts` is `[]` without one);
 * - `connect`: without one, the wallet asks the user (the connect approval);
 * - `required`: without one, refused with 4100.
 */
export interface DockMethodRule {
  permission: DockPermission | null
  grant: 'none' | 'optional' | 'connect' | 'required'
}

/** EVM reads the wallet forwards to the app's current chain through the API's proxy. */
export const DOCK_EVM_READ_METHODS = [
  'eth_blockNumber',
  'eth_call',
  'eth_estimateGas',
  'eth_feeHistory',
  'eth_gasPrice',
  'eth_getBalance',
  'eth_getBlockByNumber',
  'eth_getCode',
  'eth_getLogs',
  'eth_getTransactionByHash',
  'eth_getTransactionCount',
  'eth_getTransactionReceipt',
  'eth_maxPriorityFeePerGas',
] as const

const read: DockMethodRule = { permission: null, grant: 'none' }

const EIP1193_RULES: Record<string, DockMethodRule> = {
  ...Object.fromEntries(DOCK_EVM_READ_METHODS.map((m) => [m, read])),
  eth_chainId: read,
  net_version: read,
  wallet_switchEthereumChain: read,
  eth_accounts: { permission: 'accounts', grant: 'optional' },
  eth_requestAccounts: { permission: 'accounts', grant: 'connect' },
  eth_sendTransaction: { permission: 'evm-transactions', grant: 'required' },
  personal_sign: { permission: 'message-signing', grant: 'required' },
  eth_signTypedData_v4: { permission: 'message-signing', grant: 'required' },
}

// CIP-0103 (the dApp API's OpenRPC document): the session methods need the `accounts` permission
// and answer before a grant ("not connected"); reading the account needs the grant.
const CIP0103_RULES: Record<string, DockMethodRule> = {
  connect: { permission: 'accounts', grant: 'connect' },
  status: { permission: 'accounts', grant: 'optional' },
  isConnected: { permission: 'accounts', grant: 'optional' },
  disconnect: { permission: 'accounts', grant: 'optional' },
  getActiveNetwork: { permission: 'accounts', grant: 'optional' },
  listAccounts: { permission: 'accounts', grant: 'required' },
  getPrimaryAccount: { permission: 'accounts', grant: 'required' },
  signMessage: { permission: 'message-signing', grant: 'required' },
  ledgerApi: { permission: 'canton-read', grant: 'required' },
  prepareExecute: { permission: 'canton-submit', grant: 'required' },
  prepareExecuteAndWait: { permission: 'canton-submit', grant: 'required' },
}

/** The rule of `method` on `api`, or undefined when the wallet does not offer that method. */
export function dockMethodRule(api: DockApi, method: string): DockMethodRule | undefined {
  const rules = api === 'eip1193' ? EIP1193_RULES : CIP0103_RULES
  return Object.hasOwn(rules, method) ? rules[method] : undefined
}

/**
 * Checks `method` against the app's permissions and the user's grant, in this order: a method the
 * wallet does not offer is 4200, one outside the app's permissions 4100, one that needs the user's
 * grant before they gave it 4100. Returns the rule (a `connect` method without a grant still needs
 * the user's approval).
 */
export function checkDockMethod(
  app: { name: string; permissions: readonly DockPermission[] },
  api: DockApi,
  method: string,
  granted: boolean,
): DockMethodRule {
  const rule = dockMethodRule(api, method)
  if (!rule) throw new DockRpcFailure(RPC_ERROR.unsupportedMethod, `The wallet does not support ${method}.`)
  if (rule.permission !== null && !app.permissions.includes(rule.permission))
    throw new DockRpcFailure(
      RPC_ERROR.unauthorized,
      `${app.name} is not allowed ${method}: it needs the '${rule.permission}' permission, which the wallet's admin did not give it.`,
    )
  if (rule.grant === 'required' && !granted)
    throw new DockRpcFailure(
      RPC_ERROR.unauthorized,
      `${method} needs your account: connect first (${api === 'eip1193' ? 'eth_requestAccounts' : 'connect'}).`,
    )
  return rule
}

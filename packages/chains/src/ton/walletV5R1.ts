import type { TonAddress } from './tonAddress.js'
import { TonBuilder, type TonCell } from './tonCell.js'

/** TON networks by global id (config param 19). */
export type TonNetwork = 'mainnet' | 'testnet'
export const TON_GLOBAL_ID: Record<TonNetwork, number> = { mainnet: -239, testnet: -3 }

/**
 * v5r1 `wallet_id` for workchain 0, subwallet 0: global id XOR the client context
 * `1 | workchain:int8 | version:uint8 | subwallet:uint15` (wallet-contract-v5 README, "wallet_id");
 * the same value `@stratos/keys` signs with.
 */
export function walletV5R1Id(network: TonNetwork): number {
  return TON_GLOBAL_ID[network] ^ (1 << 31)
}

/** wallet-contract-v5 `auth_signed` (external), "sign" in ASCII. */
const OP_AUTH_SIGNED_EXTERNAL = 0x7369676e
/** block.tlb `action_send_msg#0ec3c86d`. */
const ACTION_SEND_MSG = 0x0ec3c86d

export interface WalletV5R1Transfer {
  to: TonAddress
  amount: bigint
  bounce: boolean
  seqno: number
  validUntil: number
  sendMode: number
  body?: TonCell | undefined
}

/** `int_msg_info$0` MessageRelaxed with src addr_none, the layout `@stratos/keys` signs. */
function internalMessage(t: WalletV5R1Transfer): TonCell {
  const b = new TonBuilder()
    .bit(0)
    .bit(1) // ihr_disabled
    .bit(t.bounce)
    .bit(0) // bounced
    .address(null)
    .address(t.to)
    .coins(t.amount)
    .bit(0) // no extra currencies
    .coins(0n)
    .coins(0n)
    .uint(0, 64)
    .uint(0, 32)
    .bit(0) // no StateInit
  return t.body ? b.bit(1).ref(t.body).cell() : b.bit(0).cell()
}

/**
 * The body of the wallet's external message with an all-zero signature, for `/estimateFee` with
 * `ignore_chksig` (the signature's size counts toward the import fee, its value does not).
 */
export function unsignedTransferBody(t: WalletV5R1Transfer, network: TonNetwork): TonCell {
  const outList = new TonBuilder()
    .ref(new TonBuilder().cell())
    .uint(ACTION_SEND_MSG, 32)
    .uint(t.sendMode | 2, 8)
    .ref(internalMessage(t))
    .cell()
  return new TonBuilder()
    .uint(OP_AUTH_SIGNED_EXTERNAL, 32)
    .int(walletV5R1Id(network), 32)
    .uint(t.validUntil, 32)
    .uint(t.seqno, 32)
    .bit(1)
    .ref(outList)
    .bit(0)
    .bytes(new Uint8Array(64))
    .cell()
}

import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { base64, base64urlnopad } from '@scure/base'
import { abytes, auint } from '../assert.js'
import { KeysError } from '../KeysError.js'
import { parseBoc, serializeBoc, TonBuilder, type TonCell } from './tonCell.js'

/** TON networks by global id: mainnet -239, testnet -3 (config param 19). */
export type TonNetwork = 'mainnet' | 'testnet'
const GLOBAL_ID: Record<TonNetwork, number> = { mainnet: -239, testnet: -3 }

/** Wallet v5r1 code, https://github.com/ton-blockchain/wallet-contract-v5/blob/4fab977f4fae3a37c1aac216ed2b7e611a9bc2af/build/wallet_v5.compiled.json (code hash 20834b7b…b72f). */
const WALLET_V5R1_CODE =
  'b5ee9c7241021401000281000114ff00f4a413f4bcf2c80b01020120020d020148030402dcd020d749c120915b8f6320d70b1f2082106578746ebd21821073696e74bdb0925f03e082106578746eba8eb48020d72101d074d721fa4030fa44f828fa443058bd915be0ed44d0810141d721f4058307f40e6fa1319130e18040d721707fdb3ce03120d749810280b99130e070e2100f020120050c020120060902016e07080019adce76a2684020eb90eb85ffc00019af1df6a2684010eb90eb858fc00201480a0b0017b325fb51341c75c875c2c7e00011b262fb513435c280200019be5f0f6a2684080a0eb90fa02c0102f20e011e20d70b1f82107369676ebaf2e08a7f0f01e68ef0eda2edfb218308d722028308d723208020d721d31fd31fd31fed44d0d200d31f20d31fd3ffd70a000af90140ccf9109a28945f0adb31e1f2c087df02b35007b0f2d0845125baf2e0855036baf2e086f823bbf2d0882292f800de01a47fc8ca00cb1f01cf16c9ed542092f80fde70db3cd81003f6eda2edfb02f404216e926c218e4c0221d73930709421c700b38e2d01d72820761e436c20d749c008f2e09320d74ac002f2e09320d71d06c712c2005230b0f2d089d74cd7393001a4e86c128407bbf2e093d74ac000f2e093ed55e2d20001c000915be0ebd72c08142091709601d72c081c12e25210b1e30f20d74a111213009601fa4001fa44f828fa443058baf2e091ed44d0810141d718f405049d7fc8ca0040048307f453f2e08b8e14038307f45bf2e08c22d70a00216e01b3b0f2d090e2c85003cf1612f400c9ed54007230d72c08248e2d21f2e092d200ed44d0d2005113baf2d08f54503091319c01810140d721d70a00f2e08ee2c8ca0058cf16c9ed5493f2c08de20010935bdb31e1d74cd0b4d6c35e'

/** Wallet v4r2 code, https://github.com/ton-blockchain/wallet-contract/blob/main/func/wallet-v4-code.fc as shipped by @ton/ton WalletContractV4 (code hash feb5ff68…d5c0). */
const WALLET_V4R2_CODE =
  'te6ccgECFAEAAtQAART/APSkE/S88sgLAQIBIAIDAgFIBAUE+PKDCNcYINMf0x/THwL4I7vyZO1E0NMf0x/T//QE0VFDuvKhUVG68qIF+QFUEGT5EPKj+AAkpMjLH1JAyx9SMMv/UhD0AMntVPgPAdMHIcAAn2xRkyDXSpbTB9QC+wDoMOAhwAHjACHAAuMAAcADkTDjDQOkyMsfEssfy/8QERITAubQAdDTAyFxsJJfBOAi10nBIJJfBOAC0x8hghBwbHVnvSKCEGRzdHK9sJJfBeAD+kAwIPpEAcjKB8v/ydDtRNCBAUDXIfQEMFyBAQj0Cm+hMbOSXwfgBdM/yCWCEHBsdWe6kjgw4w0DghBkc3RyupJfBuMNBgcCASAICQB4AfoA9AQw+CdvIjBQCqEhvvLgUIIQcGx1Z4MesXCAGFAEywUmzxZY+gIZ9ADLaRfLH1Jgyz8gyYBA+wAGAIpQBIEBCPRZMO1E0IEBQNcgyAHPFvQAye1UAXKwjiOCEGRzdHKDHrFwgBhQBcsFUAPPFiP6AhPLassfyz/JgED7AJJfA+ICASAKCwBZvSQrb2omhAgKBrkPoCGEcNQICEekk30pkQzmkD6f+YN4EoAbeBAUiYcVnzGEAgFYDA0AEbjJftRNDXCx+AA9sp37UTQgQFA1yH0BDACyMoHy//J0AGBAQj0Cm+hMYAIBIA4PABmtznaiaEAga5Drhf/AABmvHfaiaEAQa5DrhY/AAG7SB/oA1NQi+QAFyMoHFcv/ydB3dIAYyMsFywIizxZQBfoCFMtrEszMyXP7AMhAFIEBCPRR8qcCAHCBAQjXGPoA0z/IVCBHgQEI9FHyp4IQbm90ZXB0gBjIywXLAlAGzxZQBPoCFMtqEssfyz/Jc/sAAgBsgQEI1xj6ANM/MFIkgQEI9Fnyp4IQZHN0cnB0gBjIywXLAlAFzxZQA/oCE8tqyx8Syz/Jc/sAAAr0AMntVA=='

let codeCells: { v5r1: TonCell; v4r2: TonCell } | undefined
function code() {
  codeCells ??= {
    v5r1: parseBoc(hexToBytes(WALLET_V5R1_CODE)),
    v4r2: parseBoc(base64.decode(WALLET_V4R2_CODE)),
  }
  return codeCells
}

/** The basechain, where user wallets live. */
const WORKCHAIN = 0

/**
 * v5r1 `wallet_id`: network global id XOR the client context
 * `1 | workchain:int8 | wallet_version:uint8 (0 = v5r1) | subwallet_number:uint15` read as int32
 * (wallet-contract-v5 README, "wallet_id"). Mainnet workchain 0 gives 2147483409.
 */
export function tonWalletV5R1Id(network: TonNetwork = 'mainnet', subwallet = 0): number {
  const globalId = GLOBAL_ID[network]
  if (globalId === undefined)
    throw new KeysError('INVALID_ARGUMENT', `network: unknown TON network '${String(network)}'`)
  auint(subwallet, 'subwallet', 15)
  const context = (1 << 31) | ((WORKCHAIN & 0xff) << 23) | (0 << 15) | subwallet
  return globalId ^ context
}

/** v4r2 default `subwallet_id` (698983191 + workchain, as @ton/ton and Tonkeeper use). */
const V4R2_SUBWALLET_ID = 698983191 + WORKCHAIN

/** `_ split_depth:(Maybe (## 5)) special:(Maybe TickTock) code:(Maybe ^Cell) data:(Maybe ^Cell) library:(HashmapE 256 SimpleLib) = StateInit;` */
function stateInit(codeCell: TonCell, dataCell: TonCell): TonCell {
  return new TonBuilder().bit(0).bit(0).bit(1).ref(codeCell).bit(1).ref(dataCell).bit(0).cell()
}

function v5r1StateInit(publicKey: Uint8Array, network: TonNetwork): TonCell {
  // wallet-contract-v5 storage: is_signature_allowed:bool seqno:uint32 wallet_id:int32 public_key:bits256 extensions:(HashmapE 256 int1)
  const data = new TonBuilder()
    .bit(1)
    .uint(0, 32)
    .int(tonWalletV5R1Id(network), 32)
    .bytes(publicKey)
    .bit(0)
    .cell()
  return stateInit(code().v5r1, data)
}

function v4r2StateInit(publicKey: Uint8Array): TonCell {
  // wallet v4 storage: seqno:uint32 subwallet_id:uint32 public_key:bits256 plugins:(HashmapE 256 …)
  const data = new TonBuilder().uint(0, 32).uint(V4R2_SUBWALLET_ID, 32).bytes(publicKey).bit(0).cell()
  return stateInit(code().v4r2, data)
}

/** CRC-16/XMODEM (poly 0x1021, init 0), the checksum of user-friendly addresses. */
function crc16(bytes: Uint8Array): number {
  let crc = 0
  for (const byte of bytes) {
    crc ^= byte << 8
    for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  }
  return crc
}

export interface TonFriendlyOptions {
  bounceable?: boolean
  testOnly?: boolean
}

/**
 * User-friendly address (TEP-2 / TON docs "Smart contract addresses"): 36 bytes
 * `flags | workchain | hash | crc16`, base64url. flags 0x11 bounceable, 0x51 non-bounceable,
 * +0x80 test-only.
 */
export function tonFriendlyAddress(
  workchain: number,
  hash: Uint8Array,
  options: TonFriendlyOptions = {},
): string {
  abytes(hash, 'hash', [32])
  const raw = new Uint8Array(36)
  raw[0] = (options.bounceable ? 0x11 : 0x51) | (options.testOnly ? 0x80 : 0)
  raw[1] = workchain & 0xff
  raw.set(hash, 2)
  const crc = crc16(raw.subarray(0, 34))
  raw[34] = crc >> 8
  raw[35] = crc & 0xff
  return base64urlnopad.encode(raw)
}

export interface ParsedTonAddress {
  workchain: number
  hash: Uint8Array
  /** From the user-friendly flags; undefined for raw `wc:hex` addresses. */
  bounceable: boolean | undefined
  testOnly: boolean
}

/** Parses a user-friendly (base64 or base64url) or raw (`0:<64 hex>`) TON address. */
export function parseTonAddress(address: string): ParsedTonAddress {
  const bad = (why: string) => new KeysError('INVALID_ADDRESS', `TON address '${String(address)}': ${why}`)
  if (typeof address !== 'string') throw bad('expected a string')
  const rawForm = /^(-?\d+):([0-9a-fA-F]{64})$/.exec(address)
  if (rawForm) {
    const workchain = Number(rawForm[1])
    if (workchain < -128 || workchain > 127) throw bad('workchain out of range')
    return { workchain, hash: hexToBytes(rawForm[2]!.toLowerCase()), bounceable: undefined, testOnly: false }
  }
  if (!/^[A-Za-z0-9_\-+/]{48}$/.test(address)) throw bad('expected 48 base64 characters or wc:hex')
  const raw = base64urlnopad.decode(address.replace(/\+/g, '-').replace(/\//g, '_'))
  const crc = crc16(raw.subarray(0, 34))
  if (raw[34] !== crc >> 8 || raw[35] !== (crc & 0xff)) throw bad('checksum mismatch')
  const tag = raw[0]! & 0x7f
  if (tag !== 0x11 && tag !== 0x51) throw bad('unknown flags')
  return {
    workchain: (raw[1]! << 24) >> 24,
    hash: raw.slice(2, 34),
    bounceable: tag === 0x11,
    testOnly: (raw[0]! & 0x80) !== 0,
  }
}

export interface TonWalletAddresses {
  /** Wallet v5r1, non-bounceable user-friendly form (UQ… on mainnet, 0Q… on testnet). */
  v5r1: string
  /** Wallet v4r2, same form. */
  v4r2: string
  /** Wallet v5r1 raw form `0:<hex>`. */
  v5r1Raw: string
}

/**
 * Wallet addresses of an Ed25519 public key on the basechain: the hash of the wallet's initial
 * StateInit. Shown non-bounceable, as TEP-2 recommends for wallets (sending to an uninitialized
 * wallet must not bounce), with the test-only flag on testnet. v5r1 depends on the network
 * (its wallet_id embeds the global id); v4r2 does not.
 */
export function tonAddressesFromPublicKey(
  publicKey: Uint8Array,
  network: TonNetwork = 'mainnet',
): TonWalletAddresses {
  abytes(publicKey, 'publicKey', [32])
  const testOnly = network === 'testnet'
  const v5 = v5r1StateInit(publicKey, network).hash()
  return {
    v5r1: tonFriendlyAddress(WORKCHAIN, v5, { bounceable: false, testOnly }),
    v4r2: tonFriendlyAddress(WORKCHAIN, v4r2StateInit(publicKey).hash(), { bounceable: false, testOnly }),
    v5r1Raw: `${WORKCHAIN}:${bytesToHex(v5)}`,
  }
}

/** A simple TON transfer from the account's wallet v5r1. */
export interface TonTransfer {
  /** Destination, user-friendly or raw. */
  to: string
  /** Amount in nanotons. */
  amount: bigint
  /** The wallet's current seqno (get-method `seqno`; 0 for a wallet not yet deployed). */
  seqno: number
  /** Unix time (seconds) after which the wallet rejects the message. */
  validUntil: number
  /** Default 'mainnet'; must match the wallet (v5r1 wallet_id embeds the network). */
  network?: TonNetwork
  /** Default: the destination's user-friendly flag; raw addresses default to true, as @ton/ton does. */
  bounce?: boolean
  /** Optional text comment (op 0, TEP "text comments"), up to 123 bytes of UTF-8. */
  comment?: string
  /**
   * Optional message body, a single-root BOC in standard base64 (a TEP-74 jetton `transfer`, for
   * one); carried as a reference. Excludes `comment`.
   */
  payload?: string
  /** Send mode; default 3 (pay fees separately + ignore errors). External v5r1 requests always add +2. */
  sendMode?: number
}

/** A signed external message ready for `sendBoc` / toncenter `/api/v2/sendBoc`. */
export interface SignedTonTransfer {
  /** The external message BOC, standard base64. */
  boc: string
  /** Hex representation hash of the external message cell. */
  hash: string
  /** Hex TEP-467 normalized hash (what explorers and toncenter v3 index the message by). */
  normalizedHash: string
  /** Sender wallet (v5r1) address, non-bounceable user-friendly form. */
  from: string
}

/** wallet-contract-v5 `auth_signed` opcode, "sign" in ASCII. */
const OP_AUTH_SIGNED_EXTERNAL = 0x7369676e
/** block.tlb `action_send_msg#0ec3c86d`. */
const ACTION_SEND_MSG = 0x0ec3c86d
/** External requests must not fail the action phase (wallet-contract-v5 requires IGNORE_ERRORS). */
const SEND_MODE_IGNORE_ERRORS = 2

function assertTransfer(t: TonTransfer): void {
  if (typeof t !== 'object' || t === null)
    throw new KeysError('INVALID_TRANSACTION', 'transfer: expected an object')
  if (typeof t.amount !== 'bigint' || t.amount < 0n)
    throw new KeysError('INVALID_TRANSACTION', 'transfer.amount: expected nanotons as a non-negative bigint')
  auint(t.seqno, 'transfer.seqno', 32)
  auint(t.validUntil, 'transfer.validUntil', 32)
  if (t.sendMode !== undefined) auint(t.sendMode, 'transfer.sendMode', 8)
  if (t.bounce !== undefined && typeof t.bounce !== 'boolean')
    throw new KeysError('INVALID_TRANSACTION', 'transfer.bounce: expected a boolean')
  if (t.comment !== undefined && typeof t.comment !== 'string')
    throw new KeysError('INVALID_TRANSACTION', 'transfer.comment: expected a string')
  if (t.payload !== undefined && typeof t.payload !== 'string')
    throw new KeysError('INVALID_TRANSACTION', 'transfer.payload: expected a BOC in base64')
  if (t.payload !== undefined && t.comment !== undefined)
    throw new KeysError('INVALID_TRANSACTION', 'transfer: give either a comment or a payload, not both')
}

/** The body cell of `payload`; a malformed BOC is the caller's transaction at fault. */
function payloadCell(payload: string): TonCell {
  try {
    return parseBoc(base64.decode(payload))
  } catch (cause) {
    throw new KeysError('INVALID_TRANSACTION', 'transfer.payload: not a single-root BOC in base64', {
      cause,
    })
  }
}

/** `int_msg_info$0` MessageRelaxed carrying `amount` to `to` (block.tlb), body inline or in a ref. */
function internalMessage(t: TonTransfer): TonCell {
  const to = parseTonAddress(t.to)
  const b = new TonBuilder()
    .bit(0) // int_msg_info$0
    .bit(1) // ihr_disabled
    .bit(t.bounce ?? to.bounceable ?? true)
    .bit(0) // bounced
    .uint(0, 2) // src: addr_none (the wallet fills it in)
    .address(to.workchain, to.hash)
    .coins(t.amount)
    .bit(0) // no extra currencies
    .coins(0n) // ihr_fee / extra_flags
    .coins(0n) // fwd_fee
    .uint(0, 64) // created_lt
    .uint(0, 32) // created_at
    .bit(0) // no init
  if (t.payload !== undefined) return b.bit(1).ref(payloadCell(t.payload)).cell()
  if (t.comment === undefined || t.comment === '') return b.bit(0).cell()
  const text = utf8ToBytes(t.comment)
  if (text.length > 123)
    throw new KeysError('INVALID_TRANSACTION', 'transfer.comment: at most 123 bytes of UTF-8')
  return b.bit(1).ref(new TonBuilder().uint(0, 32).bytes(text).cell()).cell()
}

/** `ext_in_msg_info$10 src:addr_none dest import_fee:0`, optional StateInit and body, both as refs. */
function externalMessage(dest: Uint8Array, body: TonCell, init: TonCell | undefined): TonCell {
  const b = new TonBuilder().uint(0b10, 2).uint(0, 2).address(WORKCHAIN, dest).coins(0n)
  if (init) b.bit(1).bit(1).ref(init)
  else b.bit(0)
  return b.bit(1).ref(body).cell()
}

/**
 * Builds and signs a wallet v5r1 external message for one transfer (wallet-contract-v5
 * `recv_external`): body = `0x7369676e wallet_id valid_until seqno (Maybe ^OutList) 0 signature`,
 * the Ed25519 signature covering the hash of the body cell without it. With seqno 0 the wallet's
 * StateInit rides along so the first transfer deploys the wallet.
 */
export function signTonTransferWithKey(
  transfer: TonTransfer,
  privateKey: Uint8Array,
  publicKey: Uint8Array,
): SignedTonTransfer {
  assertTransfer(transfer)
  const network = transfer.network ?? 'mainnet'
  const walletId = tonWalletV5R1Id(network)
  const init = v5r1StateInit(publicKey, network)
  const wallet = init.hash()
  const mode = (transfer.sendMode ?? 3) | SEND_MODE_IGNORE_ERRORS
  // out_list$_ prev:^(OutList n) action:OutAction, with out_list_empty$_ as prev.
  const outList = new TonBuilder()
    .ref(new TonBuilder().cell())
    .uint(ACTION_SEND_MSG, 32)
    .uint(mode, 8)
    .ref(internalMessage(transfer))
    .cell()
  const unsigned = new TonBuilder()
    .uint(OP_AUTH_SIGNED_EXTERNAL, 32)
    .int(walletId, 32)
    .uint(transfer.validUntil, 32)
    .uint(transfer.seqno, 32)
    .bit(1)
    .ref(outList)
    .bit(0) // no extended actions
    .cell()
  const signature = ed25519.sign(unsigned.hash(), privateKey)
  const body = new TonBuilder().append(unsigned).bytes(signature).cell()
  const message = externalMessage(wallet, body, transfer.seqno === 0 ? init : undefined)
  return {
    boc: base64.encode(serializeBoc(message)),
    hash: bytesToHex(message.hash()),
    // TEP-467: src addr_none, import_fee 0, no init, body in a ref.
    normalizedHash: bytesToHex(externalMessage(wallet, body, undefined).hash()),
    from: tonFriendlyAddress(WORKCHAIN, wallet, { bounceable: false, testOnly: network === 'testnet' }),
  }
}

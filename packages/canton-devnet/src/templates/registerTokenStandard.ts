import { type DamlType, T } from '../daml/DamlType.js'
import { Numeric } from '../daml/Numeric.js'
import type { ContractHandle, TemplateRegistry } from '../engine/TemplateRegistry.js'
import { TemplateRegistry as Registry } from '../engine/TemplateRegistry.js'
import type { UpdateContext } from '../engine/UpdateContext.js'

// CIP-0056 token standard, as the Splice packages define it (splice-api-token-*-v1, Daml source:
// github.com/hyperledger-labs/splice, token-standard/). The interface packages carry the package ids
// of the published 1.0.0 DARs (hyperledger-labs/splice daml/dars/splice-api-token-*-1.0.0.dar), so a
// prepared transaction names the same interfaces as on the Canton Network; the test instrument's
// package id is the devnet's own. Reference the interfaces by package name
// (`#splice-api-token-holding-v1:...`) as clients should.
const META = 'splice-api-token-metadata-v1'
const HOLDING = 'splice-api-token-holding-v1'
const TI = 'splice-api-token-transfer-instruction-v1'
const TOKEN = 'stratos-devnet-token'
const TOKEN_VERSION = '0.1.0'

/** Package ids of the token-standard interface packages, version 1.0.0, as vetted on the Canton Network. */
export const TOKEN_STANDARD_PACKAGE_IDS = {
  [META]: '4ded6b668cb3b64f7a88a30874cd41c75829f5e064b3fbbadf41ec7e8363354f',
  [HOLDING]: '718a0f77e505a8de22f188bd4c87fe74101274e9d4cb1bfac7d09aec7158d35b',
  [TI]: '55ba4deb0ad4662c4168b39859738a0e91388d252286480c7331b3f71a517281',
} as const

const typeIn = (
  packageName: keyof typeof TOKEN_STANDARD_PACKAGE_IDS,
  moduleName: string,
  entityName: string,
) => ({
  packageId: TOKEN_STANDARD_PACKAGE_IDS[packageName],
  moduleName,
  entityName,
})
const metaId = (e: string) => typeIn(META, 'Splice.Api.Token.MetadataV1', e)
const holdingId = (e: string) => typeIn(HOLDING, 'Splice.Api.Token.HoldingV1', e)
const tiId = (e: string) => typeIn(TI, 'Splice.Api.Token.TransferInstructionV1', e)
const tokenId = (e: string) => Registry.typeId(TOKEN, 'Stratos.Devnet.Token', e, TOKEN_VERSION)

const Metadata = T.record(metaId('Metadata'), [['values', T.textMap(T.text)]])
// daml-stdlib's DA.Time.Types, as the token-standard packages reference it.
const RelTime = T.record(
  {
    packageId: 'b70db8369e1c461d5c70f1c86f526a29e9776c655e6ffc2560f95b05ccb8b946',
    moduleName: 'DA.Time.Types',
    entityName: 'RelTime',
  },
  [['microseconds', T.int64]],
)
const AnyValue: DamlType = T.variant(metaId('AnyValue'), {
  AV_Text: T.text,
  AV_Int: T.int64,
  AV_Decimal: T.numeric(),
  AV_Bool: T.bool,
  AV_Date: T.date,
  AV_Time: T.time,
  AV_RelTime: RelTime,
  AV_Party: T.party,
  AV_ContractId: T.contractId,
  AV_List: T.list(T.lazy(() => AnyValue)),
  AV_Map: T.textMap(T.lazy(() => AnyValue)),
})
const ChoiceContext = T.record(metaId('ChoiceContext'), [['values', T.textMap(AnyValue)]])
const ExtraArgs = T.record(metaId('ExtraArgs'), [
  ['context', ChoiceContext],
  ['meta', Metadata],
])

const InstrumentId = T.record(holdingId('InstrumentId'), [
  ['admin', T.party],
  ['id', T.text],
])
const Lock = T.record(holdingId('Lock'), [
  ['holders', T.list(T.party)],
  ['expiresAt', T.optional(T.time)],
  ['expiresAfter', T.optional(RelTime)],
  ['context', T.optional(T.text)],
])
const HoldingView = T.record(holdingId('HoldingView'), [
  ['owner', T.party],
  ['instrumentId', InstrumentId],
  ['amount', T.numeric()],
  ['lock', T.optional(Lock)],
  ['meta', Metadata],
])

const Transfer = T.record(tiId('Transfer'), [
  ['sender', T.party],
  ['receiver', T.party],
  ['amount', T.numeric()],
  ['instrumentId', InstrumentId],
  ['requestedAt', T.time],
  ['executeBefore', T.time],
  ['inputHoldingCids', T.list(T.contractId)],
  ['meta', Metadata],
])
const Output = T.variant(tiId('TransferInstructionResult_Output'), {
  TransferInstructionResult_Pending: T.record(
    tiId('TransferInstructionResult_Output.TransferInstructionResult_Pending'),
    [['transferInstructionCid', T.contractId]],
  ),
  TransferInstructionResult_Completed: T.record(
    tiId('TransferInstructionResult_Output.TransferInstructionResult_Completed'),
    [['receiverHoldingCids', T.list(T.contractId)]],
  ),
  TransferInstructionResult_Failed: T.unit,
})
const TransferInstructionResult = T.record(tiId('TransferInstructionResult'), [
  ['output', Output],
  ['senderChangeCids', T.list(T.contractId)],
  ['meta', Metadata],
])
const TransferInstructionStatus = T.variant(tiId('TransferInstructionStatus'), {
  TransferPendingReceiverAcceptance: T.unit,
  TransferPendingInternalWorkflow: T.record(
    tiId('TransferInstructionStatus.TransferPendingInternalWorkflow'),
    [['pendingActions', T.genMap(T.party, T.text)]],
  ),
})
const TransferInstructionView = T.record(tiId('TransferInstructionView'), [
  ['originalInstructionCid', T.optional(T.contractId)],
  ['transfer', Transfer],
  ['status', TransferInstructionStatus],
  ['meta', Metadata],
])
const TransferFactoryView = T.record(tiId('TransferFactoryView'), [
  ['admin', T.party],
  ['meta', Metadata],
])

/** Template and interface ids of the token standard and the devnet's test instrument. */
export const TokenStandard = {
  holdingInterfaceId: `#${HOLDING}:Splice.Api.Token.HoldingV1:Holding`,
  transferFactoryInterfaceId: `#${TI}:Splice.Api.Token.TransferInstructionV1:TransferFactory`,
  transferInstructionInterfaceId: `#${TI}:Splice.Api.Token.TransferInstructionV1:TransferInstruction`,
  holdingTemplateId: `#${TOKEN}:Stratos.Devnet.Token:TestHolding`,
  transferFactoryTemplateId: `#${TOKEN}:Stratos.Devnet.Token:TestTransferFactory`,
  transferInstructionTemplateId: `#${TOKEN}:Stratos.Devnet.Token:TestTransferInstruction`,
  /** A factory that transfers at once (transferKind `direct`), given the instrument's rules. */
  directTransferFactoryTemplateId: `#${TOKEN}:Stratos.Devnet.Token:TestDirectTransferFactory`,
  /** The instrument rules a direct transfer needs: registry-only, passed as a disclosed contract. */
  instrumentRulesTemplateId: `#${TOKEN}:Stratos.Devnet.Token:TestInstrumentRules`,
  /** The choice-context key under which the registry passes the rules contract (AV_ContractId). */
  rulesContextKey: 'stratos-devnet/instrument-rules',
} as const

interface InstrumentIdArg {
  admin: string
  id: string
}
interface LockArg {
  holders: string[]
  expiresAt: string | null
  expiresAfter: { microseconds: string } | null
  context: string | null
}
interface HoldingArg {
  admin: string
  owner: string
  instrumentId: InstrumentIdArg
  amount: string
  lock: LockArg | null
  meta: { values: Record<string, string> }
}
interface TransferArg {
  sender: string
  receiver: string
  amount: string
  instrumentId: InstrumentIdArg
  requestedAt: string
  executeBefore: string
  inputHoldingCids: string[]
  meta: { values: Record<string, string> }
}
interface FactoryArg {
  admin: string
  meta: { values: Record<string, string> }
}
interface RulesArg {
  admin: string
  meta: { values: Record<string, string> }
}
interface AnyValueArg {
  tag: string
  value: unknown
}
interface TransferFactoryTransferArg {
  expectedAdmin: string
  transfer: TransferArg
  extraArgs: { context: { values: Record<string, AnyValueArg> }; meta: { values: Record<string, string> } }
}
interface InstructionArg {
  admin: string
  transfer: TransferArg
  lockedHoldingCid: string
  meta: { values: Record<string, string> }
}

const noMeta = { values: {} }

function newHolding(
  ctx: UpdateContext,
  admin: string,
  owner: string,
  instrumentId: InstrumentIdArg,
  amount: bigint,
  lock: LockArg | null = null,
): string {
  return ctx.create(TokenStandard.holdingTemplateId, {
    admin,
    owner,
    instrumentId,
    amount: Numeric.format(amount),
    lock,
    meta: noMeta,
  })
}

/** Archives the locked holding of a pending instruction and returns it to the sender, unlocked. */
function returnToSender(ctx: UpdateContext, self: ContractHandle<InstructionArg>) {
  const { admin, transfer, lockedHoldingCid } = self.arg
  ctx.fetch(lockedHoldingCid, { templateId: TokenStandard.holdingTemplateId })
  ctx.archive(lockedHoldingCid)
  const cid = newHolding(ctx, admin, transfer.sender, transfer.instrumentId, Numeric.parse(transfer.amount))
  return {
    output: { tag: 'TransferInstructionResult_Failed', value: {} },
    senderChangeCids: [cid],
    meta: noMeta,
  }
}

/**
 * The checks every transfer of the test instrument makes, then archives the sender's input
 * holdings and returns the change to the sender. Returns the amount to deliver and the change.
 */
function takeInputs(ctx: UpdateContext, admin: string, arg: TransferFactoryTransferArg) {
  const { transfer } = arg
  const now = ctx.now()
  ctx.require(arg.expectedAdmin === admin, 'expectedAdmin does not match the factory admin')
  ctx.require(transfer.instrumentId.admin === admin, 'instrumentId.admin does not match the factory admin')
  const amount = Numeric.parse(transfer.amount)
  ctx.require(amount > 0n, 'transfer amount must be positive')
  ctx.require(transfer.requestedAt <= now, 'requestedAt is in the future')
  ctx.require(now < transfer.executeBefore, 'executeBefore has passed')
  ctx.require(transfer.inputHoldingCids.length > 0, 'no input holdings')
  let total = 0n
  for (const cid of transfer.inputHoldingCids) {
    const h = ctx.fetch<HoldingArg>(cid, { templateId: TokenStandard.holdingTemplateId })
    ctx.require(h.owner === transfer.sender, `input holding ${cid} is not owned by the sender`)
    ctx.require(
      h.instrumentId.admin === admin && h.instrumentId.id === transfer.instrumentId.id,
      `input holding ${cid} is of another instrument`,
    )
    const locked = h.lock !== null && (h.lock.expiresAt === null || h.lock.expiresAt > now)
    ctx.require(!locked, `input holding ${cid} is locked`)
    ctx.archive(cid)
    total += Numeric.parse(h.amount)
  }
  ctx.require(total >= amount, `insufficient funds: inputs hold ${Numeric.format(total)}`)
  const senderChangeCids =
    total > amount ? [newHolding(ctx, admin, transfer.sender, transfer.instrumentId, total - amount)] : []
  return { amount, senderChangeCids }
}

/** The receiver's new holding, as the standard reports a transfer that completed at once. */
function completed(
  ctx: UpdateContext,
  admin: string,
  transfer: TransferArg,
  amount: bigint,
  senderChangeCids: string[],
) {
  const cid = newHolding(ctx, admin, transfer.receiver, transfer.instrumentId, amount)
  return {
    output: { tag: 'TransferInstructionResult_Completed', value: { receiverHoldingCids: [cid] } },
    senderChangeCids,
    meta: noMeta,
  }
}

/** `Mint`: the admin creates a holding of `instrumentId` for `owner` (the dev faucet's source). */
const mintChoice = {
  argType: T.record(tokenId('Mint'), [
    ['owner', T.party],
    ['instrumentId', T.text],
    ['amount', T.numeric()],
  ]),
  resultType: T.contractId,
  consuming: false,
  controllers: (a: FactoryArg) => [a.admin],
  body: (
    ctx: UpdateContext,
    self: ContractHandle<FactoryArg>,
    arg: { owner: string; instrumentId: string; amount: string },
  ) =>
    newHolding(
      ctx,
      self.arg.admin,
      arg.owner,
      { admin: self.arg.admin, id: arg.instrumentId },
      Numeric.parse(arg.amount),
    ),
}

/**
 * Registers the CIP-0056 interfaces (Holding, TransferFactory, TransferInstruction) and the
 * devnet's test instrument implementing them: `TestHolding` (signed by the instrument admin,
 * observed by the owner), `TestTransferFactory` (with a `Mint` choice for the admin) and
 * `TestTransferInstruction` (a two-step transfer: the sender's input holdings are locked until the
 * receiver accepts or rejects, the sender withdraws, or `executeBefore` passes).
 */
export function registerTokenStandard(registry: TemplateRegistry): typeof TokenStandard {
  registry.registerInterface({
    packageName: META,
    packageId: TOKEN_STANDARD_PACKAGE_IDS[META],
    moduleName: 'Splice.Api.Token.MetadataV1',
    entityName: 'AnyContract',
    viewType: T.record(metaId('AnyContractView'), []),
    choices: {},
  })
  registry.registerInterface({
    packageName: HOLDING,
    packageId: TOKEN_STANDARD_PACKAGE_IDS[HOLDING],
    moduleName: 'Splice.Api.Token.HoldingV1',
    entityName: 'Holding',
    viewType: HoldingView,
    choices: {},
  })
  registry.registerInterface({
    packageName: TI,
    packageId: TOKEN_STANDARD_PACKAGE_IDS[TI],
    moduleName: 'Splice.Api.Token.TransferInstructionV1',
    entityName: 'TransferFactory',
    viewType: TransferFactoryView,
    choices: {
      TransferFactory_Transfer: {
        argType: T.record(tiId('TransferFactory_Transfer'), [
          ['expectedAdmin', T.party],
          ['transfer', Transfer],
          ['extraArgs', ExtraArgs],
        ]),
        resultType: TransferInstructionResult,
        consuming: false,
        controllers: (_view, arg: { transfer: TransferArg }) => [arg.transfer.sender],
      },
      TransferFactory_PublicFetch: {
        argType: T.record(tiId('TransferFactory_PublicFetch'), [
          ['expectedAdmin', T.party],
          ['actor', T.party],
        ]),
        resultType: TransferFactoryView,
        consuming: false,
        controllers: (_view, arg: { actor: string }) => [arg.actor],
      },
    },
  })
  const instructionChoice = (name: string, controller: (view: { transfer: TransferArg }) => string) => ({
    argType: T.record(tiId(name), [['extraArgs', ExtraArgs]]),
    resultType: TransferInstructionResult,
    consuming: true,
    controllers: (view: { transfer: TransferArg }) => [controller(view)],
  })
  registry.registerInterface({
    packageName: TI,
    packageId: TOKEN_STANDARD_PACKAGE_IDS[TI],
    moduleName: 'Splice.Api.Token.TransferInstructionV1',
    entityName: 'TransferInstruction',
    viewType: TransferInstructionView,
    choices: {
      TransferInstruction_Accept: instructionChoice('TransferInstruction_Accept', (v) => v.transfer.receiver),
      TransferInstruction_Reject: instructionChoice('TransferInstruction_Reject', (v) => v.transfer.receiver),
      TransferInstruction_Withdraw: instructionChoice(
        'TransferInstruction_Withdraw',
        (v) => v.transfer.sender,
      ),
      TransferInstruction_Update: {
        argType: T.record(tiId('TransferInstruction_Update'), [
          ['extraActors', T.list(T.party)],
          ['extraArgs', ExtraArgs],
        ]),
        resultType: TransferInstructionResult,
        consuming: true,
        controllers: (view: { transfer: TransferArg }, arg: { extraActors: string[] }) => [
          view.transfer.instrumentId.admin,
          ...arg.extraActors,
        ],
      },
    },
  })

  registry.registerTemplate<HoldingArg>({
    packageName: TOKEN,
    packageVersion: TOKEN_VERSION,
    moduleName: 'Stratos.Devnet.Token',
    entityName: 'TestHolding',
    argType: T.record(tokenId('TestHolding'), [
      ['admin', T.party],
      ['owner', T.party],
      ['instrumentId', InstrumentId],
      ['amount', T.numeric()],
      ['lock', T.optional(Lock)],
      ['meta', Metadata],
    ]),
    signatories: (a) => [a.admin],
    observers: (a) => [a.owner, ...(a.lock?.holders ?? [])],
    ensure: (a) => (Numeric.parse(a.amount) > 0n ? undefined : 'amount must be positive'),
    implements: {
      [TokenStandard.holdingInterfaceId]: {
        view: (a) => ({
          owner: a.owner,
          instrumentId: a.instrumentId,
          amount: a.amount,
          lock: a.lock,
          meta: a.meta,
        }),
        choices: {},
      },
    },
  })

  registry.registerTemplate<InstructionArg>({
    packageName: TOKEN,
    packageVersion: TOKEN_VERSION,
    moduleName: 'Stratos.Devnet.Token',
    entityName: 'TestTransferInstruction',
    argType: T.record(tokenId('TestTransferInstruction'), [
      ['admin', T.party],
      ['transfer', Transfer],
      ['lockedHoldingCid', T.contractId],
      ['meta', Metadata],
    ]),
    signatories: (a) => [a.admin, a.transfer.sender],
    observers: (a) => [a.transfer.receiver],
    implements: {
      [TokenStandard.transferInstructionInterfaceId]: {
        view: (a) => ({
          originalInstructionCid: null,
          transfer: a.transfer,
          status: { tag: 'TransferPendingReceiverAcceptance', value: {} },
          meta: a.meta,
        }),
        choices: {
          TransferInstruction_Accept: (ctx, self) => {
            const { admin, transfer, lockedHoldingCid } = self.arg
            ctx.require(
              ctx.now() < transfer.executeBefore,
              'TransferInstruction expired: executeBefore has passed',
            )
            ctx.fetch(lockedHoldingCid, { templateId: TokenStandard.holdingTemplateId })
            ctx.archive(lockedHoldingCid)
            const cid = newHolding(
              ctx,
              admin,
              transfer.receiver,
              transfer.instrumentId,
              Numeric.parse(transfer.amount),
            )
            return {
              output: { tag: 'TransferInstructionResult_Completed', value: { receiverHoldingCids: [cid] } },
              senderChangeCids: [],
              meta: noMeta,
            }
          },
          TransferInstruction_Reject: (ctx, self) => returnToSender(ctx, self),
          TransferInstruction_Withdraw: (ctx, self) => returnToSender(ctx, self),
          TransferInstruction_Update: (ctx) =>
            ctx.fail('TransferInstruction_Update is not used by this instrument'),
        },
      },
    },
  })

  /** `TransferFactory_PublicFetch` of every devnet factory: its view, for the admin it expects. */
  const publicFetch = (
    ctx: UpdateContext,
    self: ContractHandle<FactoryArg>,
    arg: { expectedAdmin: string },
  ) => {
    ctx.require(arg.expectedAdmin === self.arg.admin, 'expectedAdmin does not match the factory admin')
    return { admin: self.arg.admin, meta: self.arg.meta }
  }

  registry.registerTemplate<FactoryArg>({
    packageName: TOKEN,
    packageVersion: TOKEN_VERSION,
    moduleName: 'Stratos.Devnet.Token',
    entityName: 'TestTransferFactory',
    argType: T.record(tokenId('TestTransferFactory'), [
      ['admin', T.party],
      ['meta', Metadata],
    ]),
    signatories: (a) => [a.admin],
    observers: () => [],
    choices: { Mint: mintChoice },
    implements: {
      [TokenStandard.transferFactoryInterfaceId]: {
        view: (a) => ({ admin: a.admin, meta: a.meta }),
        choices: {
          TransferFactory_PublicFetch: publicFetch,
          TransferFactory_Transfer: (ctx, self, arg: TransferFactoryTransferArg) => {
            const { admin } = self.arg
            const { transfer } = arg
            const { amount, senderChangeCids } = takeInputs(ctx, admin, arg)
            if (transfer.receiver === transfer.sender)
              return completed(ctx, admin, transfer, amount, senderChangeCids)
            const lockedHoldingCid = newHolding(ctx, admin, transfer.sender, transfer.instrumentId, amount, {
              holders: [admin],
              expiresAt: transfer.executeBefore,
              expiresAfter: null,
              context: `transfer to ${transfer.receiver}`,
            })
            const transferInstructionCid = ctx.create(TokenStandard.transferInstructionTemplateId, {
              admin,
              transfer,
              lockedHoldingCid,
              meta: noMeta,
            })
            return {
              output: { tag: 'TransferInstructionResult_Pending', value: { transferInstructionCid } },
              senderChangeCids,
              meta: noMeta,
            }
          },
        },
      },
    },
  })

  registry.registerTemplate<RulesArg>({
    packageName: TOKEN,
    packageVersion: TOKEN_VERSION,
    moduleName: 'Stratos.Devnet.Token',
    entityName: 'TestInstrumentRules',
    argType: T.record(tokenId('TestInstrumentRules'), [
      ['admin', T.party],
      ['meta', Metadata],
    ]),
    signatories: (a) => [a.admin],
    observers: () => [],
    registryOnly: true,
  })

  registry.registerTemplate<FactoryArg>({
    packageName: TOKEN,
    packageVersion: TOKEN_VERSION,
    moduleName: 'Stratos.Devnet.Token',
    entityName: 'TestDirectTransferFactory',
    argType: T.record(tokenId('TestDirectTransferFactory'), [
      ['admin', T.party],
      ['meta', Metadata],
    ]),
    signatories: (a) => [a.admin],
    observers: () => [],
    registryOnly: true,
    choices: { Mint: mintChoice },
    implements: {
      [TokenStandard.transferFactoryInterfaceId]: {
        view: (a) => ({ admin: a.admin, meta: a.meta }),
        choices: {
          TransferFactory_PublicFetch: publicFetch,
          // Like Amulet's factory: the registry's choice context names the rules contract, which
          // the submission discloses; without it (or with another admin's rules) nothing moves.
          TransferFactory_Transfer: (ctx, self, arg: TransferFactoryTransferArg) => {
            const { admin } = self.arg
            const rules = arg.extraArgs.context.values[TokenStandard.rulesContextKey]
            if (rules?.tag !== 'AV_ContractId')
              return ctx.fail(
                `Missing context entry for: ${TokenStandard.rulesContextKey} (pass the registry's choice context in extraArgs.context)`,
              )
            const rulesArg = ctx.fetch<RulesArg>(rules.value as string, {
              templateId: TokenStandard.instrumentRulesTemplateId,
            })
            ctx.require(rulesArg.admin === admin, 'the instrument rules are of another admin')
            const { amount, senderChangeCids } = takeInputs(ctx, admin, arg)
            return completed(ctx, admin, arg.transfer, amount, senderChangeCids)
          },
        },
      },
    },
  })
  return TokenStandard
}

import type {
  DamlTransaction_Node,
  Identifier,
  Metadata_InputContract,
  PreparedTransaction,
  RecordField,
  Value,
} from '@canton-network/core-ledger-proto'
import { base64 } from '@scure/base'
import { TOKEN_STANDARD_PACKAGE_IDS } from '../tokenStandardInterfaces.js'

/**
 * Builds REAL `PreparedTransaction` protobuf messages (core-ledger-proto types) shaped like what a
 * participant prepares for the CIP-0056 token standard: a `TransferFactory_Transfer` exercised
 * through the TransferFactory interface, with the standard's argument record, and its consequences
 * (fetch + archive of the input holding, a locked holding, a transfer instruction). Test-only.
 */

export const PARTIES = {
  alice: `alice::1220${'a1'.repeat(32)}`,
  bob: `bob::1220${'b0'.repeat(32)}`,
  admin: `registry::1220${'ad'.repeat(32)}`,
  mallory: `mallory::1220${'ee'.repeat(32)}`,
}

// The token standard's interface packages, as on the Canton Network (the summary pins them).
const TI_PACKAGE = TOKEN_STANDARD_PACKAGE_IDS['splice-api-token-transfer-instruction-v1']
const METADATA_PACKAGE = TOKEN_STANDARD_PACKAGE_IDS['splice-api-token-metadata-v1']
const HOLDING_PACKAGE = TOKEN_STANDARD_PACKAGE_IDS['splice-api-token-holding-v1']
const TOKEN_PACKAGE = '70ce11'.padEnd(64, '4')
const TI_MODULE = 'Splice.Api.Token.TransferInstructionV1'

/** Contract ids are hex in prepared transactions (the hash encodes them as bytes). */
export const CIDS = {
  factory: `00${'fa'.repeat(32)}`,
  holding: `00${'11'.repeat(32)}`,
  lockedHolding: `00${'22'.repeat(32)}`,
  instruction: `00${'33'.repeat(32)}`,
}

export const id = (packageId: string, moduleName: string, entityName: string): Identifier => ({
  packageId,
  moduleName,
  entityName,
})
export const IDS = {
  transferFactoryInterface: id(TI_PACKAGE, TI_MODULE, 'TransferFactory'),
  transferInstructionInterface: id(TI_PACKAGE, TI_MODULE, 'TransferInstruction'),
  factoryTemplate: id(TOKEN_PACKAGE, 'Stratos.Devnet.Token', 'TestTransferFactory'),
  holdingTemplate: id(TOKEN_PACKAGE, 'Stratos.Devnet.Token', 'TestHolding'),
  instructionTemplate: id(TOKEN_PACKAGE, 'Stratos.Devnet.Token', 'TestTransferInstruction'),
}

export const v = {
  party: (party: string): Value => ({ sum: { oneofKind: 'party', party } }),
  text: (text: string): Value => ({ sum: { oneofKind: 'text', text } }),
  numeric: (numeric: string): Value => ({ sum: { oneofKind: 'numeric', numeric } }),
  cid: (contractId: string): Value => ({ sum: { oneofKind: 'contractId', contractId } }),
  time: (iso: string): Value => ({
    sum: { oneofKind: 'timestamp', timestamp: (BigInt(Date.parse(iso)) * 1000n).toString() },
  }),
  list: (elements: Value[]): Value => ({ sum: { oneofKind: 'list', list: { elements } } }),
  none: (): Value => ({ sum: { oneofKind: 'optional', optional: {} } }),
  emptyMap: (): Value => ({ sum: { oneofKind: 'textMap', textMap: { entries: [] } } }),
  unit: (): Value => ({ sum: { oneofKind: 'unit', unit: {} } }),
  record: (recordId: Identifier, fields: [string, Value][]): Value => ({
    sum: {
      oneofKind: 'record',
      record: { recordId, fields: fields.map(([label, value]): RecordField => ({ label, value })) },
    },
  }),
}

const meta = () =>
  v.record(id(METADATA_PACKAGE, 'Splice.Api.Token.MetadataV1', 'Metadata'), [['values', v.emptyMap()]])

export interface TransferFields {
  sender: string
  receiver: string
  amount: string
  instrumentId: { admin: string; id: string }
  requestedAt: string
  executeBefore: string
  inputHoldingCids: string[]
}

export const TRANSFER: TransferFields = {
  sender: PARTIES.alice,
  receiver: PARTIES.bob,
  amount: '10.0000000000',
  instrumentId: { admin: PARTIES.admin, id: 'USDX' },
  requestedAt: '2026-11-23T10:00:00.000Z',
  executeBefore: '2026-11-24T10:00:00.000Z',
  inputHoldingCids: [CIDS.holding],
}

/** The standard's `Transfer` record (fields in declaration order). */
export function transferValue(t: TransferFields = TRANSFER): Value {
  return v.record(id(TI_PACKAGE, TI_MODULE, 'Transfer'), [
    ['sender', v.party(t.sender)],
    ['receiver', v.party(t.receiver)],
    ['amount', v.numeric(t.amount)],
    [
      'instrumentId',
      v.record(id(HOLDING_PACKAGE, 'Splice.Api.Token.HoldingV1', 'InstrumentId'), [
        ['admin', v.party(t.instrumentId.admin)],
        ['id', v.text(t.instrumentId.id)],
      ]),
    ],
    ['requestedAt', v.time(t.requestedAt)],
    ['executeBefore', v.time(t.executeBefore)],
    ['inputHoldingCids', v.list(t.inputHoldingCids.map(v.cid))],
    ['meta', meta()],
  ])
}

/** `TransferFactory_Transfer { expectedAdmin, transfer, extraArgs }`. */
export function transferChoiceArgument(t: TransferFields = TRANSFER): Value {
  return v.record(id(TI_PACKAGE, TI_MODULE, 'TransferFactory_Transfer'), [
    ['expectedAdmin', v.party(PARTIES.admin)],
    ['transfer', transferValue(t)],
    ['extraArgs', extraArgs()],
  ])
}

/** The standard's empty `ExtraArgs { context, meta }`. */
export function extraArgs(): Value {
  return v.record(id(METADATA_PACKAGE, 'Splice.Api.Token.MetadataV1', 'ExtraArgs'), [
    [
      'context',
      v.record(id(METADATA_PACKAGE, 'Splice.Api.Token.MetadataV1', 'ChoiceContext'), [
        ['values', v.emptyMap()],
      ]),
    ],
    ['meta', meta()],
  ])
}

/** Removes every record field label, recursively (an encoder that leaves labels out). */
export function withoutLabels(value: Value): Value {
  const s = value.sum
  if (s.oneofKind === 'record')
    return {
      sum: {
        oneofKind: 'record',
        record: {
          ...s.record,
          fields: s.record.fields.map((f) =>
            f.value ? { label: '', value: withoutLabels(f.value) } : { label: '' },
          ),
        },
      },
    }
  if (s.oneofKind === 'list')
    return { sum: { oneofKind: 'list', list: { elements: s.list.elements.map(withoutLabels) } } }
  return value
}

type NodeType = Extract<DamlTransaction_Node['versionedNode'], { oneofKind: 'v1' }>['v1']['nodeType']

const node = (nodeId: string, n: NodeType): DamlTransaction_Node => ({
  nodeId,
  versionedNode: { oneofKind: 'v1', v1: { nodeType: n } },
})

export const seed = (byte: number) => new Uint8Array(32).fill(byte)

function holdingArgument(owner: string, amount: string): Value {
  return v.record(IDS.holdingTemplate, [
    ['admin', v.party(PARTIES.admin)],
    ['owner', v.party(owner)],
    [
      'instrumentId',
      v.record(id(HOLDING_PACKAGE, 'Splice.Api.Token.HoldingV1', 'InstrumentId'), [
        ['admin', v.party(PARTIES.admin)],
        ['id', v.text('USDX')],
      ]),
    ],
    ['amount', v.numeric(amount)],
    ['lock', v.none()],
    ['meta', meta()],
  ])
}

/** The create argument of the devnet's TestTransferInstruction (has a `transfer` field). */
export function instructionArgument(t: TransferFields = TRANSFER): Value {
  return v.record(IDS.instructionTemplate, [
    ['admin', v.party(PARTIES.admin)],
    ['transfer', transferValue(t)],
    ['lockedHoldingCid', v.cid(CIDS.lockedHolding)],
    ['meta', meta()],
  ])
}

export interface BuildOptions {
  transfer?: TransferFields
  /** Replace the choice argument (e.g. `withoutLabels(...)`). */
  choiceArgument?: Value
  actAs?: string[]
}

/** A prepared `TransferFactory_Transfer` of `transfer` (default: alice sends bob 10 USDX). */
export function buildPreparedTransfer(options: BuildOptions = {}): PreparedTransaction {
  const t = options.transfer ?? TRANSFER
  const nodes: DamlTransaction_Node[] = [
    node('0', {
      oneofKind: 'exercise',
      exercise: {
        lfVersion: '2.1',
        contractId: CIDS.factory,
        packageName: 'stratos-devnet-token',
        templateId: IDS.factoryTemplate,
        signatories: [PARTIES.admin],
        stakeholders: [PARTIES.admin],
        actingParties: [t.sender],
        interfaceId: IDS.transferFactoryInterface,
        choiceId: 'TransferFactory_Transfer',
        chosenValue: options.choiceArgument ?? transferChoiceArgument(t),
        consuming: false,
        children: ['1', '2', '3', '4'],
        exerciseResult: v.unit(),
        choiceObservers: [],
      },
    }),
    node('1', {
      oneofKind: 'fetch',
      fetch: {
        lfVersion: '2.1',
        contractId: CIDS.holding,
        packageName: 'stratos-devnet-token',
        templateId: IDS.holdingTemplate,
        signatories: [PARTIES.admin],
        stakeholders: [PARTIES.admin, t.sender],
        actingParties: [t.sender],
      },
    }),
    node('2', {
      oneofKind: 'exercise',
      exercise: {
        lfVersion: '2.1',
        contractId: CIDS.holding,
        packageName: 'stratos-devnet-token',
        templateId: IDS.holdingTemplate,
        signatories: [PARTIES.admin],
        stakeholders: [PARTIES.admin, t.sender],
        actingParties: [t.sender],
        choiceId: 'Archive',
        chosenValue: v.record(id(TOKEN_PACKAGE, 'DA.Internal.Template', 'Archive'), []),
        consuming: true,
        children: [],
        exerciseResult: v.unit(),
        choiceObservers: [],
      },
    }),
    node('3', {
      oneofKind: 'create',
      create: {
        lfVersion: '2.1',
        contractId: CIDS.lockedHolding,
        packageName: 'stratos-devnet-token',
        templateId: IDS.holdingTemplate,
        argument: holdingArgument(t.sender, t.amount),
        signatories: [PARTIES.admin],
        stakeholders: [PARTIES.admin, t.sender],
      },
    }),
    node('4', {
      oneofKind: 'create',
      create: {
        lfVersion: '2.1',
        contractId: CIDS.instruction,
        packageName: 'stratos-devnet-token',
        templateId: IDS.instructionTemplate,
        argument: instructionArgument(t),
        signatories: [PARTIES.admin, t.sender],
        stakeholders: [PARTIES.admin, t.receiver, t.sender],
      },
    }),
  ]
  const inputContracts: Metadata_InputContract[] = [
    {
      contract: {
        oneofKind: 'v1',
        v1: {
          lfVersion: '2.1',
          contractId: CIDS.factory,
          packageName: 'stratos-devnet-token',
          templateId: IDS.factoryTemplate,
          argument: v.record(IDS.factoryTemplate, [
            ['admin', v.party(PARTIES.admin)],
            ['meta', meta()],
          ]),
          signatories: [PARTIES.admin],
          stakeholders: [PARTIES.admin],
        },
      },
      createdAt: 1_790_000_000_000_000n,
      eventBlob: new Uint8Array(),
    },
    {
      contract: {
        oneofKind: 'v1',
        v1: {
          lfVersion: '2.1',
          contractId: CIDS.holding,
          packageName: 'stratos-devnet-token',
          templateId: IDS.holdingTemplate,
          argument: holdingArgument(t.sender, '100.0000000000'),
          signatories: [PARTIES.admin],
          stakeholders: [PARTIES.admin, t.sender],
        },
      },
      createdAt: 1_790_000_000_000_001n,
      eventBlob: new Uint8Array(),
    },
  ]
  return {
    transaction: {
      version: '2.1',
      roots: ['0'],
      nodes,
      nodeSeeds: [
        { nodeId: 0, seed: seed(1) },
        { nodeId: 2, seed: seed(2) },
        { nodeId: 3, seed: seed(3) },
        { nodeId: 4, seed: seed(4) },
      ],
    },
    metadata: {
      submitterInfo: { actAs: options.actAs ?? [t.sender], commandId: 'cmd-1' },
      synchronizerId: `devnet-synchronizer::1220${'5e'.repeat(32)}`,
      mediatorGroup: 0,
      transactionUuid: '3b2f6c1e-7f5d-4f0b-9a55-2d6f1c0e8a11',
      preparationTime: 1_790_000_001_000_000n,
      inputContracts,
      globalKeyMapping: [],
    },
  }
}

/** A prepared TransferInstruction_Accept/_Reject/_Withdraw of the pending instruction by `actor`. */
export function buildPreparedInstructionChoice(
  choice: 'TransferInstruction_Accept' | 'TransferInstruction_Reject' | 'TransferInstruction_Withdraw',
  actor: string,
): PreparedTransaction {
  const base = buildPreparedTransfer()
  return {
    transaction: {
      version: '2.1',
      roots: ['0'],
      nodes: [
        node('0', {
          oneofKind: 'exercise',
          exercise: {
            lfVersion: '2.1',
            contractId: CIDS.instruction,
            packageName: 'stratos-devnet-token',
            templateId: IDS.instructionTemplate,
            signatories: [PARTIES.admin, PARTIES.alice],
            stakeholders: [PARTIES.admin, PARTIES.alice, PARTIES.bob],
            actingParties: [actor],
            interfaceId: IDS.transferInstructionInterface,
            choiceId: choice,
            chosenValue: v.record(id(TI_PACKAGE, TI_MODULE, choice), [['extraArgs', extraArgs()]]),
            consuming: true,
            children: [],
            exerciseResult: v.unit(),
            choiceObservers: [],
          },
        }),
      ],
      nodeSeeds: [{ nodeId: 0, seed: seed(9) }],
    },
    metadata: {
      ...(base.metadata as NonNullable<PreparedTransaction['metadata']>),
      submitterInfo: { actAs: [actor], commandId: 'cmd-2' },
      inputContracts: [
        {
          contract: {
            oneofKind: 'v1',
            v1: {
              lfVersion: '2.1',
              contractId: CIDS.instruction,
              packageName: 'stratos-devnet-token',
              templateId: IDS.instructionTemplate,
              argument: instructionArgument(),
              signatories: [PARTIES.admin, PARTIES.alice],
              stakeholders: [PARTIES.admin, PARTIES.alice, PARTIES.bob],
            },
          },
          createdAt: 1_790_000_000_500_000n,
          eventBlob: new Uint8Array(),
        },
      ],
    },
  }
}

/** What the server sends: base64 protobuf and its V2 hash. */
export async function serverResponse(prepared: PreparedTransaction) {
  const { PreparedTransaction: PT } = await import('@canton-network/core-ledger-proto')
  const { hashPreparedTransaction } = await import('@canton-network/core-tx-visualizer')
  const bytes = PT.toBinary(prepared)
  return {
    preparedTransaction: toBase64(bytes),
    preparedTransactionHash: await hashPreparedTransaction(prepared, 'base64'),
    hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2' as const,
  }
}

/** Standard base64 with padding, as the JSON Ledger API carries bytes. */
export function toBase64(bytes: Uint8Array): string {
  return base64.encode(bytes)
}

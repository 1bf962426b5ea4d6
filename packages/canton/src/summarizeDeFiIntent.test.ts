import { randomUUID } from 'node:crypto'
import { type Create, PreparedTransaction, type RecordField } from '@canton-network/core-ledger-proto'
import { type CantonDevnet, startCantonDevnet, TokenStandard } from '@stratos/canton-devnet'
import {
  createIntentCommand,
  type DeFiIntentFields,
  type DeFiScenario,
  sampleIntentFields,
  setupDeFiScenario,
  signHash,
} from '@stratos/canton-devnet/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { summarizeTransfer } from './summarizeTransfer.js'
import { toBase64 } from './testing/buildPreparedTransfer.js'
import { verifyPreparedTransaction } from './verifyPreparedTransaction.js'

// Prepared transactions from a real participant: canton-devnet over HTTP, which implements the
// Stratos.DeFi.Intent templates as daml/stratos-defi declares them.

const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))

interface Prepared {
  preparedTransaction: string
  preparedTransactionHash: string
  hashingSchemeVersion: string
}

/** The root create node of a decoded prepared transaction (throws when the first root is none). */
function rootCreate(tx: PreparedTransaction): Create {
  const rootId = tx.transaction?.roots[0]
  const n = tx.transaction?.nodes.find((node) => node.nodeId === rootId)?.versionedNode
  if (n?.oneofKind !== 'v1' || n.v1.nodeType.oneofKind !== 'create')
    throw new Error('fixture: no root create')
  return n.v1.nodeType.create
}

function argumentFields(create: Create): RecordField[] {
  const sum = create.argument?.sum
  if (sum?.oneofKind !== 'record') throw new Error('fixture: the argument is not a record')
  return sum.record.fields
}

/** Decodes what the participant prepared, lets `edit` change it, and re-encodes it (the hash stays). */
function tamper(preparedTransaction: string, edit: (tx: PreparedTransaction) => void): string {
  const tx = PreparedTransaction.fromBinary(fromBase64(preparedTransaction))
  edit(tx)
  return toBase64(PreparedTransaction.toBinary(tx))
}

const decode = (prepared: Prepared) =>
  PreparedTransaction.fromBinary(fromBase64(prepared.preparedTransaction))

describe('summarizeDeFiIntent (prepared by canton-devnet)', () => {
  let devnet: CantonDevnet
  let s: DeFiScenario
  let token: string

  /** Prepares `commands` as the institution (external party), as the wallet's API does. */
  async function prepare(commands: unknown[]): Promise<Prepared> {
    return s.client.ok('POST', '/v2/interactive-submission/prepare', {
      token,
      body: {
        commandId: randomUUID(),
        actAs: [s.institution.partyId],
        synchronizerId: devnet.synchronizerId,
        commands,
      },
    })
  }

  const prepareIntent = (fields: DeFiIntentFields) =>
    prepare([createIntentCommand(s.institution.partyId, s.operator, fields)])

  beforeAll(async () => {
    devnet = await startCantonDevnet()
    s = await setupDeFiScenario(devnet)
    token = s.institutionToken
  })
  afterAll(async () => {
    await devnet?.stop()
  })

  test('behavior: the create of a DeFiIntent -> defiIntent with every field of the contract, and the ledger accepts it signed', async () => {
    const fields = sampleIntentFields({
      chainId: 31337,
      nonce: 7,
      value: '0',
      deadline: '2026-11-24T10:00:00.000Z',
    })
    const prepared = await prepareIntent(fields)
    const verified = await verifyPreparedTransaction({ ...prepared, expectedSigner: s.institution.partyId })
    expect(verified.summary).toEqual({
      kind: 'defiIntent',
      templateId: expect.stringMatching(/^[0-9a-f]{64}:Stratos\.DeFi\.Intent:DeFiIntent$/),
      packageName: 'stratos-defi',
      rootCount: 1,
      contractId: expect.any(String),
      signatories: [s.institution.partyId],
      stakeholders: expect.arrayContaining([s.institution.partyId, s.operator]),
      observers: [s.operator],
      institution: s.institution.partyId,
      operator: s.operator,
      intentId: fields.intentId,
      vaultId: fields.vaultId,
      chainId: '31337',
      vault: fields.vault,
      adapter: fields.adapter,
      callData: fields.callData,
      value: '0',
      nonce: '7',
      deadline: '2026-11-24T10:00:00.000Z',
      regulator: null,
    })

    // What was summarized is what the participant executes once signed.
    const executed = await s.client.call('POST', '/v2/interactive-submission/executeAndWait', {
      token,
      body: {
        preparedTransaction: prepared.preparedTransaction,
        partySignatures: { signatures: [signHash(s.institution, verified.hashBase64)] },
        submissionId: randomUUID(),
        hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2',
        deduplicationPeriod: { Empty: {} },
      },
    })
    expect(executed.status).toBe(200)
  })

  test('behavior: an intent naming a regulator shows it, and as an observer beside the operator', async () => {
    const prepared = await prepareIntent(sampleIntentFields({ regulator: s.regulator }))
    const { summary } = await verifyPreparedTransaction({
      ...prepared,
      expectedSigner: s.institution.partyId,
    })
    expect(summary).toMatchObject({
      kind: 'defiIntent',
      regulator: s.regulator,
      signatories: [s.institution.partyId],
    })
    const observers = summary.kind === 'defiIntent' ? summary.observers : []
    expect([...observers].sort()).toEqual([s.operator, s.regulator].sort())
  })

  test('error: the regulator removed after hashing -> PREPARED_HASH_MISMATCH', async () => {
    const prepared = await prepareIntent(sampleIntentFields({ regulator: s.regulator }))
    const preparedTransaction = tamper(prepared.preparedTransaction, (tx) => {
      const regulator = argumentFields(rootCreate(tx)).find((f) => f.label === 'regulator')
      if (regulator?.value?.sum.oneofKind !== 'optional') throw new Error('fixture: no regulator optional')
      regulator.value.sum.optional = {}
      const create = rootCreate(tx)
      create.stakeholders = create.stakeholders.filter((p) => p !== s.regulator)
    })
    expect(summarizeTransfer(PreparedTransaction.fromBinary(fromBase64(preparedTransaction)))).toMatchObject({
      kind: 'defiIntent',
      regulator: null,
    })
    await expect(verifyPreparedTransaction({ ...prepared, preparedTransaction })).rejects.toMatchObject({
      code: 'PREPARED_HASH_MISMATCH',
    })
  })

  test('behavior: a record without the trailing regulator (stratos-defi 0.1.0) is an intent without one', async () => {
    const tx = decode(await prepareIntent(sampleIntentFields()))
    const fields = argumentFields(rootCreate(tx))
    expect(fields.at(-1)?.label).toBe('regulator')
    fields.pop()
    expect(summarizeTransfer(tx)).toMatchObject({
      kind: 'defiIntent',
      regulator: null,
      observers: [s.operator],
    })
    // Two fields short is another shape.
    fields.pop()
    expect(summarizeTransfer(tx)).toMatchObject({ kind: 'create' })
  })

  test('behavior: a regulator that is not an optional party is not summarized as an intent', async () => {
    const tx = decode(await prepareIntent(sampleIntentFields({ regulator: s.regulator })))
    const regulator = argumentFields(rootCreate(tx)).find((f) => f.label === 'regulator')
    if (!regulator) throw new Error('fixture: no regulator')
    regulator.value = { sum: { oneofKind: 'party', party: s.regulator } }
    expect(summarizeTransfer(tx)).toMatchObject({ kind: 'create' })
  })

  test('error: the call data changed after hashing -> PREPARED_HASH_MISMATCH, nothing to sign', async () => {
    const prepared = await prepareIntent(sampleIntentFields())
    const attacker = `0xf2b9fdb8${'0'.repeat(24)}${'ee'.repeat(20)}${(10n ** 30n).toString(16).padStart(64, '0')}`
    const preparedTransaction = tamper(prepared.preparedTransaction, (tx) => {
      const callData = argumentFields(rootCreate(tx)).find((f) => f.label === 'callData')
      if (callData?.value?.sum.oneofKind !== 'text') throw new Error('fixture: no callData text')
      callData.value.sum.text = attacker
    })
    // Decoded alone, the tampered transaction shows the attacker's call: only the hash check stops it.
    expect(summarizeTransfer(PreparedTransaction.fromBinary(fromBase64(preparedTransaction)))).toMatchObject({
      kind: 'defiIntent',
      callData: attacker,
    })
    await expect(
      verifyPreparedTransaction({ ...prepared, preparedTransaction, expectedSigner: s.institution.partyId }),
    ).rejects.toMatchObject({ name: 'CantonError', code: 'PREPARED_HASH_MISMATCH' })
  })

  test('error: the adapter changed after hashing -> PREPARED_HASH_MISMATCH', async () => {
    const prepared = await prepareIntent(sampleIntentFields())
    const preparedTransaction = tamper(prepared.preparedTransaction, (tx) => {
      const adapter = argumentFields(rootCreate(tx)).find((f) => f.label === 'adapter')
      if (adapter?.value?.sum.oneofKind !== 'text') throw new Error('fixture: no adapter text')
      adapter.value.sum.text = `0x${'ee'.repeat(20)}`
    })
    await expect(verifyPreparedTransaction({ ...prepared, preparedTransaction })).rejects.toMatchObject({
      code: 'PREPARED_HASH_MISMATCH',
    })
  })

  test('behavior: two intents in one transaction are not summarized as one intent', async () => {
    const prepared = await prepare([
      createIntentCommand(s.institution.partyId, s.operator, sampleIntentFields()),
      createIntentCommand(s.institution.partyId, s.operator, sampleIntentFields()),
    ])
    const { summary } = await verifyPreparedTransaction(prepared)
    expect(summary).toMatchObject({ kind: 'create', rootCount: 2 })
  })

  test('behavior: the create of another template -> create, not defiIntent', async () => {
    const prepared = await prepare([
      {
        CreateCommand: {
          templateId: TokenStandard.transferFactoryTemplateId,
          createArguments: { admin: s.institution.partyId, meta: { values: {} } },
        },
      },
    ])
    const { summary } = await verifyPreparedTransaction(prepared)
    expect(summary).toMatchObject({ kind: 'create', rootCount: 1 })
    expect(summary.templateId).toMatch(/:TestTransferFactory$/)
  })

  test('behavior: fields without labels are read in the template’s declaration order', async () => {
    const fields = sampleIntentFields()
    const tx = decode(await prepareIntent(fields))
    for (const f of argumentFields(rootCreate(tx))) f.label = ''
    expect(summarizeTransfer(tx)).toMatchObject({
      kind: 'defiIntent',
      institution: s.institution.partyId,
      operator: s.operator,
      intentId: fields.intentId,
      adapter: fields.adapter,
      callData: fields.callData,
    })
  })

  test('behavior: a DeFiIntent of another package name, or with a field more, is not summarized as an intent', async () => {
    const prepared = await prepareIntent(sampleIntentFields())
    const otherPackage = decode(prepared)
    rootCreate(otherPackage).packageName = 'not-stratos-defi'
    expect(summarizeTransfer(otherPackage)).toMatchObject({ kind: 'create' })

    const extraField = decode(prepared)
    argumentFields(rootCreate(extraField)).push({
      label: 'recipient',
      value: { sum: { oneofKind: 'text', text: `0x${'ee'.repeat(20)}` } },
    })
    expect(summarizeTransfer(extraField)).toMatchObject({ kind: 'create' })

    const wrongType = decode(prepared)
    const chainId = argumentFields(rootCreate(wrongType)).find((f) => f.label === 'chainId')
    if (chainId) chainId.value = { sum: { oneofKind: 'text', text: '31337' } }
    expect(summarizeTransfer(wrongType)).toMatchObject({ kind: 'create' })
  })

  test('behavior: a DeFiIntent whose values the relayer would refuse (not an EVM address, no selector) is not summarized as an intent', async () => {
    const prepared = await prepareIntent(sampleIntentFields())
    const badVault = decode(prepared)
    const vault = argumentFields(rootCreate(badVault)).find((f) => f.label === 'vault')
    if (vault?.value?.sum.oneofKind !== 'text') throw new Error('fixture: no vault text')
    vault.value.sum.text = 'vault.example'
    expect(summarizeTransfer(badVault)).toMatchObject({ kind: 'create' })

    const noSelector = decode(prepared)
    const callData = argumentFields(rootCreate(noSelector)).find((f) => f.label === 'callData')
    if (callData?.value?.sum.oneofKind !== 'text') throw new Error('fixture: no callData text')
    callData.value.sum.text = '0x'
    expect(summarizeTransfer(noSelector)).toMatchObject({ kind: 'create' })
    expect(summarizeTransfer(decode(prepared))).toMatchObject({ kind: 'defiIntent' })
  })
})

import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { type CantonDevnet, startCantonDevnet, TokenStandard } from '@stratos/canton-devnet'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createLedgerClient, type LedgerClient } from './createLedgerClient.js'
import type { JsPrepareSubmissionResponse } from './ledgerApiTypes.js'
import { onboardExternalParty } from './onboardExternalParty.js'
import { partySignature } from './partySignature.js'
import { verifyPreparedTransaction } from './verifyPreparedTransaction.js'

// Integration against canton-devnet (a devDependency: a real HTTP participant serving the JSON
// Ledger API subset and a CIP-0056 test instrument).

interface Wallet {
  partyId: string
  fingerprint: string
  secretKey: Uint8Array
}

describe('onboardExternalParty + token transfer on canton-devnet', () => {
  const ids = TokenStandard
  let devnet: CantonDevnet
  let admin: LedgerClient
  let operator: LedgerClient
  let registry: LedgerClient
  let registryParty: string
  let synchronizerId: string
  let alice: Wallet
  let bob: Wallet

  async function onboard(hint: string): Promise<Wallet> {
    const secretKey = ed25519.utils.randomSecretKey()
    const result = await onboardExternalParty({
      client: admin,
      synchronizerId,
      partyHint: hint,
      publicKeyHex: bytesToHex(ed25519.getPublicKey(secretKey)),
      sign: (multiHash) => ed25519.sign(multiHash, secretKey),
    })
    return { partyId: result.partyId, fingerprint: result.fingerprint, secretKey }
  }

  async function holdings(party: string) {
    const { contracts } = await operator.activeContracts({
      parties: [party],
      interfaceIds: [ids.holdingInterfaceId],
      includeInterfaceView: true,
    })
    return contracts
      .map((c) => ({
        contractId: c.createdEvent.contractId,
        view: c.createdEvent.interfaceViews?.[0]?.viewValue as {
          owner: string
          amount: string
          lock: unknown
        },
      }))
      .filter((h) => h.view.owner === party)
  }

  const total = (hs: { view: { amount: string } }[]) => hs.reduce((n, h) => n + Number(h.view.amount), 0)

  /** Signs what WE hashed and executes, as the browser + API do. */
  async function signAndExecute(
    prepared: JsPrepareSubmissionResponse,
    wallet: Wallet,
    signer: Wallet = wallet,
  ) {
    const verified = await verifyPreparedTransaction({ ...prepared, expectedSigner: wallet.partyId })
    const signature = ed25519.sign(verified.hash, signer.secretKey)
    const executed = await operator.executeSubmissionAndWait({
      preparedTransaction: prepared.preparedTransaction,
      partySignatures: partySignature({
        party: wallet.partyId,
        fingerprint: signer.fingerprint,
        signature,
      }),
      submissionId: crypto.randomUUID(),
      hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2',
      deduplicationPeriod: { Empty: {} },
    })
    return { verified, executed }
  }

  beforeAll(async () => {
    devnet = await startCantonDevnet()
    admin = createLedgerClient({ url: devnet.url, getToken: () => devnet.adminToken() })
    operator = createLedgerClient({
      url: devnet.url,
      token: await devnet.tokenFor({ readAsAnyParty: true, executeAsAnyParty: true }),
    })
    const first = (await admin.connectedSynchronizers()).connectedSynchronizers?.[0]
    synchronizerId = first?.synchronizerId as string
    registryParty = (await admin.allocateParty({ partyIdHint: 'registry' })).partyDetails.party
    registry = createLedgerClient({
      url: devnet.url,
      token: await devnet.tokenFor({ actAs: [registryParty] }),
    })
    await registry.submitAndWait({
      commandId: crypto.randomUUID(),
      actAs: [registryParty],
      commands: [
        {
          CreateCommand: {
            templateId: ids.transferFactoryTemplateId,
            createArguments: { admin: registryParty, meta: { values: {} } },
          },
        },
      ],
    })
    alice = await onboard('alice')
    bob = await onboard('bob')
  })
  afterAll(async () => {
    await devnet?.stop()
  })

  test('behavior: onboarding gives hint::fingerprint parties the participant knows', async () => {
    expect(alice.partyId).toBe(`alice::${alice.fingerprint}`)
    expect(await admin.getParty(alice.partyId)).toMatchObject({ party: alice.partyId })
    expect(await admin.getParty(bob.partyId)).toMatchObject({ party: bob.partyId })
  })

  test('error: onboarding that expects another hosting participant refuses before signing', async () => {
    let signed = false
    const secretKey = ed25519.utils.randomSecretKey()
    await expect(
      onboardExternalParty({
        client: admin,
        synchronizerId,
        partyHint: 'carol',
        publicKeyHex: bytesToHex(ed25519.getPublicKey(secretKey)),
        sign: (multiHash) => {
          signed = true
          return ed25519.sign(multiHash, secretKey)
        },
        participantUids: [`someone-else::1220${'00'.repeat(32)}`],
      }),
    ).rejects.toMatchObject({ code: 'TOPOLOGY_MISMATCH' })
    expect(signed).toBe(false)
  })

  test('behavior: alice sends bob 25 USDX (prepare -> verify -> sign -> execute), bob accepts', async () => {
    // Mint is the test instrument's admin operation (not part of the standard).
    const { contracts: factories } = await registry.activeContracts({
      parties: [registryParty],
      templateIds: [ids.transferFactoryTemplateId],
    })
    const factoryCid = factories[0]?.createdEvent.contractId as string
    await registry.submitAndWait({
      commandId: crypto.randomUUID(),
      actAs: [registryParty],
      commands: [
        {
          ExerciseCommand: {
            templateId: ids.transferFactoryTemplateId,
            contractId: factoryCid,
            choice: 'Mint',
            choiceArgument: { owner: alice.partyId, instrumentId: 'USDX', amount: '100' },
          },
        },
      ],
    })
    const offsetBefore = await operator.ledgerEnd()
    expect(total(await holdings(alice.partyId))).toBe(100)

    const inputs = (await holdings(alice.partyId)).map((h) => h.contractId)
    const executeBefore = new Date(Date.now() + 3_600_000).toISOString()
    const choiceArgument = {
      expectedAdmin: registryParty,
      transfer: {
        sender: alice.partyId,
        receiver: bob.partyId,
        amount: '25',
        instrumentId: { admin: registryParty, id: 'USDX' },
        requestedAt: new Date(Date.now() - 1000).toISOString(),
        executeBefore,
        inputHoldingCids: inputs,
        meta: { values: {} },
      },
      extraArgs: { context: { values: {} }, meta: { values: {} } },
    }
    // The registry's transfer-factory endpoint (token standard HTTP API) hands out the factory to
    // disclose for exactly these choice arguments.
    const factory = (await (
      await fetch(`${devnet.url}/registry/transfer-instruction/v1/transfer-factory`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ choiceArguments: choiceArgument }),
      })
    ).json()) as {
      factoryId: string
      choiceContext: { disclosedContracts: { createdEventBlob: string }[] }
    }

    const prepared = await operator.prepareSubmission({
      commandId: crypto.randomUUID(),
      actAs: [alice.partyId],
      synchronizerId,
      disclosedContracts: factory.choiceContext.disclosedContracts,
      commands: [
        {
          ExerciseCommand: {
            templateId: ids.transferFactoryInterfaceId,
            contractId: factory.factoryId,
            choice: 'TransferFactory_Transfer',
            choiceArgument,
          },
        },
      ],
    })
    expect(prepared.hashingSchemeVersion).toBe('HASHING_SCHEME_VERSION_V2')

    const { verified } = await signAndExecute(prepared, alice)
    expect(verified.summary).toMatchObject({
      kind: 'transfer',
      sender: alice.partyId,
      receiver: bob.partyId,
      instrumentId: { admin: registryParty, id: 'USDX' },
      executeBefore: new Date(executeBefore).toISOString(),
      inputHoldingCids: inputs,
      factoryCid: factory.factoryId,
      rootCount: 1,
    })
    expect(Number((verified.summary as { amount: string }).amount)).toBe(25)

    // Two-step transfer: bob sees a pending instruction and accepts it.
    const { contracts: instructions } = await operator.activeContracts({
      parties: [bob.partyId],
      interfaceIds: [ids.transferInstructionInterfaceId],
    })
    const instructionCid = instructions[0]?.createdEvent.contractId as string
    expect(instructionCid).toBeDefined()
    const accept = await operator.prepareSubmission({
      commandId: crypto.randomUUID(),
      actAs: [bob.partyId],
      synchronizerId,
      commands: [
        {
          ExerciseCommand: {
            templateId: ids.transferInstructionInterfaceId,
            contractId: instructionCid,
            choice: 'TransferInstruction_Accept',
            choiceArgument: { extraArgs: { context: { values: {} }, meta: { values: {} } } },
          },
        },
      ],
    })
    const accepted = await signAndExecute(accept, bob)
    expect(accepted.verified.summary).toMatchObject({
      kind: 'transfer-instruction',
      action: 'accept',
      instructionCid,
      actingParties: [bob.partyId],
      // The instruction is an input contract of the accept, so its transfer is shown too.
      transfer: {
        sender: alice.partyId,
        receiver: bob.partyId,
        instrumentId: { admin: registryParty, id: 'USDX' },
      },
    })

    expect(total(await holdings(bob.partyId))).toBe(25)
    expect(total(await holdings(alice.partyId))).toBe(75)
    const updates = await operator.updates({
      beginExclusive: offsetBefore,
      parties: [bob.partyId],
      interfaceIds: [ids.holdingInterfaceId],
    })
    expect(updates.some((u) => u.update && 'Transaction' in u.update)).toBe(true)
  })

  test('error: a signature by another key is refused by the participant -> LEDGER_API_ERROR with Canton’s code', async () => {
    const prepared = await operator.prepareSubmission({
      commandId: crypto.randomUUID(),
      actAs: [bob.partyId],
      synchronizerId,
      commands: [
        {
          CreateCommand: {
            templateId: ids.transferFactoryTemplateId,
            createArguments: { admin: bob.partyId, meta: { values: {} } },
          },
        },
      ],
    })
    const error = await signAndExecute(prepared, bob, alice).catch((e) => e)
    expect(error).toMatchObject({
      name: 'CantonError',
      code: 'LEDGER_API_ERROR',
      status: 400,
      cantonCode: 'INVALID_ARGUMENT',
    })
    expect(error.ledgerError.cause).toContain('signature')
  })
})

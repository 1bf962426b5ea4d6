import { TransferInstructionV1 } from '@canton-network/core-token-standard'
import { describe, expect, test } from 'vitest'
import { normalizeValue } from '../daml/normalizeValue.js'
import { TemplateRegistry } from '../engine/TemplateRegistry.js'
import { registerTokenStandard } from './registerTokenStandard.js'

const ALICE = `alice::1220${'ab'.repeat(32)}`
const BOB = `bob::1220${'ab'.repeat(32)}`
const ADMIN = `admin::1220${'ab'.repeat(32)}`

function instructionView(status: unknown) {
  return {
    originalInstructionCid: null,
    transfer: {
      sender: ALICE,
      receiver: BOB,
      amount: '1.0',
      instrumentId: { admin: ADMIN, id: 'TEST' },
      requestedAt: '2026-01-01T00:00:00Z',
      executeBefore: '2026-01-02T00:00:00Z',
      inputHoldingCids: [],
      meta: { values: {} },
    },
    status,
    meta: { values: {} },
  }
}

describe('registerTokenStandard', () => {
  test("behavior: TransferInstructionView's pendingActions is a Map Party Text: JSON [party, text] pairs the official codec decodes", () => {
    const registry = new TemplateRegistry()
    const ids = registerTokenStandard(registry)
    const viewType = registry.resolveInterface(ids.transferInstructionInterfaceId)?.viewType
    if (!viewType) throw new Error('TransferInstruction interface not registered')
    const view = normalizeValue(
      viewType,
      instructionView({
        tag: 'TransferPendingInternalWorkflow',
        value: {
          pendingActions: [
            [BOB, 'accept'],
            [ADMIN, 'approve'],
          ],
        },
      }),
    )
    const decoded = TransferInstructionV1.TransferInstructionView.decoder.runWithException(view)
    expect(decoded.status).toEqual({
      tag: 'TransferPendingInternalWorkflow',
      value: { pendingActions: expect.anything() },
    })
    expect((view as { status: { value: { pendingActions: unknown } } }).status.value.pendingActions).toEqual([
      [ADMIN, 'approve'],
      [BOB, 'accept'],
    ])
  })

  test('error: pendingActions as a JSON object (a TextMap) is refused, as a participant refuses it', () => {
    const registry = new TemplateRegistry()
    const ids = registerTokenStandard(registry)
    const viewType = registry.resolveInterface(ids.transferInstructionInterfaceId)?.viewType
    if (!viewType) throw new Error('TransferInstruction interface not registered')
    const status = { tag: 'TransferPendingInternalWorkflow', value: { pendingActions: { [BOB]: 'accept' } } }
    expect(() => normalizeValue(viewType, instructionView(status))).toThrow(
      expect.objectContaining({ code: 'COMMAND_PREPROCESSING_FAILED' }),
    )
  })
})

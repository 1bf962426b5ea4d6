import type { UpdateRecord } from '../store/LedgerStore.js'
import { informeesOf } from '../store/LedgerStore.js'
import { createdEventBlob } from './createdEventBlob.js'
import type { EventFilter, FilterMatch } from './EventFilter.js'
import type { TemplateRegistry } from './TemplateRegistry.js'
import type { StoredContract } from './TxTree.js'

export type TransactionShape = 'TRANSACTION_SHAPE_ACS_DELTA' | 'TRANSACTION_SHAPE_LEDGER_EFFECTS'

/** The spec's `CreatedEvent` for a contract. */
export function createdEventJson(
  registry: TemplateRegistry,
  c: StoredContract,
  o: { offset: number; nodeId: number; witnesses: string[]; match: FilterMatch; acsDelta: boolean },
) {
  const template = registry.templateOf(c.templateId)
  return {
    offset: o.offset,
    nodeId: o.nodeId,
    contractId: c.contractId,
    templateId: c.templateId,
    contractKey: null,
    createArgument: c.arg,
    createdEventBlob: o.match.blob ? createdEventBlob(c) : '',
    interfaceViews: o.match.views.map((key) => ({
      interfaceId: registry.interfaceByKey(key)!.interfaceId,
      viewStatus: { code: 0, message: '' },
      viewValue: registry.viewOf(template, key, c.arg),
      implementationPackageId: template.packageId,
    })),
    witnessParties: o.witnesses,
    signatories: c.signatories,
    observers: c.observers,
    createdAt: c.createdAt,
    packageName: c.packageName,
    representativePackageId: template.packageId,
    acsDelta: o.acsDelta,
  }
}

/**
 * Renders a committed transaction as the spec's `JsTransaction` for a reader's filter and shape:
 * ACS delta (creates that survive the transaction, archives of pre-existing contracts, witnessed
 * by stakeholders) or ledger effects (creates and exercises, witnessed by informees). Returns
 * undefined when the filter leaves no event, as the update stream then omits the transaction.
 */
export function renderTransaction(
  registry: TemplateRegistry,
  update: UpdateRecord,
  filter: EventFilter,
  shape: TransactionShape,
  synchronizerId: string,
  requestingUserId?: string,
) {
  const createdHere = new Set(update.nodes.filter((n) => n.kind === 'create').map((n) => n.contractId))
  const consumedHere = new Set(
    update.nodes.filter((n) => n.kind === 'exercise' && n.consuming).map((n) => n.contractId),
  )
  const ledgerEffects = shape === 'TRANSACTION_SHAPE_LEDGER_EFFECTS'
  const events: unknown[] = []
  for (const node of update.nodes) {
    if (node.kind === 'fetch') continue
    const template = registry.templateOf(node.templateId)
    const stakeholders = node.kind === 'create' ? [...node.signatories, ...node.observers] : node.stakeholders
    const witnesses = filter.readersAmong(ledgerEffects ? informeesOf(node) : stakeholders)
    if (witnesses.length === 0) continue
    const match = filter.match(template, witnesses)
    if (!match) continue
    if (node.kind === 'create') {
      const acsDelta = !consumedHere.has(node.contractId)
      if (!ledgerEffects && !acsDelta) continue
      events.push({
        CreatedEvent: createdEventJson(
          registry,
          { ...node, createdAt: update.effectiveAt },
          { offset: update.offset, nodeId: node.nodeId, witnesses, match, acsDelta },
        ),
      })
    } else if (ledgerEffects) {
      events.push({
        ExercisedEvent: {
          offset: update.offset,
          nodeId: node.nodeId,
          contractId: node.contractId,
          templateId: node.templateId,
          ...(node.interfaceId ? { interfaceId: node.interfaceId } : {}),
          choice: node.choice,
          choiceArgument: node.choiceArg,
          actingParties: node.actingParties,
          consuming: node.consuming,
          witnessParties: witnesses,
          lastDescendantNodeId: node.lastDescendantNodeId,
          exerciseResult: node.result,
          packageName: node.packageName,
          implementedInterfaces: filter.implementedInterfaces(template, witnesses),
          acsDelta: node.consuming && !createdHere.has(node.contractId),
        },
      })
    } else if (node.consuming && !createdHere.has(node.contractId)) {
      events.push({
        ArchivedEvent: {
          offset: update.offset,
          nodeId: node.nodeId,
          contractId: node.contractId,
          templateId: node.templateId,
          witnessParties: witnesses,
          packageName: node.packageName,
          implementedInterfaces: filter.implementedInterfaces(template, witnesses),
        },
      })
    }
  }
  if (events.length === 0) return undefined
  return {
    updateId: update.updateId,
    commandId: requestingUserId === update.userId ? update.commandId : '',
    workflowId: update.workflowId,
    effectiveAt: update.effectiveAt,
    events,
    offset: update.offset,
    synchronizerId,
    recordTime: update.recordTime,
    ...(update.externalTransactionHash ? { externalTransactionHash: update.externalTransactionHash } : {}),
  }
}

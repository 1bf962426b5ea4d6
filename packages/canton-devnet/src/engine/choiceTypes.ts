import { CantonError } from '../CantonError.js'
import type { DamlType } from '../daml/DamlType.js'
import { archiveChoiceArgType, type TemplateRegistry } from './TemplateRegistry.js'
import type { ExerciseNode } from './TxTree.js'

/** Argument and result types of the choice an exercise node ran. */
export function choiceTypes(
  registry: TemplateRegistry,
  node: ExerciseNode,
): { argType: DamlType; resultType: DamlType } {
  if (node.choice === 'Archive') return { argType: archiveChoiceArgType, resultType: { t: 'unit' } }
  const choice = node.interfaceId
    ? registry.resolveInterface(node.interfaceId)?.choices[node.choice]
    : registry.templateOf(node.templateId).choices?.[node.choice]
  if (!choice)
    throw new CantonError(
      'INTERNAL_ERROR',
      `Unknown choice ${node.choice} of ${node.interfaceId ?? node.templateId}`,
    )
  return choice
}

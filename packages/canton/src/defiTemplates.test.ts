import {
  DEFI_INTENT_CHOICES as DEVNET_CHOICES,
  DEFI_INTENT_TEMPLATE_ID as DEVNET_INTENT_TEMPLATE_ID,
  DEFI_MODULE as DEVNET_MODULE,
  DEFI_INTENT_OUTCOME_TEMPLATE_ID as DEVNET_OUTCOME_TEMPLATE_ID,
  DEFI_PACKAGE_NAME as DEVNET_PACKAGE_NAME,
  startCantonDevnet,
} from '@stratos/canton-devnet'
import { describe, expect, expectTypeOf, test } from 'vitest'
import {
  DEFI_INTENT_CHOICES,
  DEFI_INTENT_FIELDS,
  DEFI_INTENT_OUTCOME_FIELDS,
  DEFI_INTENT_OUTCOME_TEMPLATE,
  DEFI_INTENT_OUTCOME_TEMPLATE_ID,
  DEFI_INTENT_TEMPLATE,
  DEFI_INTENT_TEMPLATE_ID,
  DEFI_MODULE,
  DEFI_PACKAGE_NAME,
  type DeFiIntentArgs,
  type DeFiIntentOutcomeArgs,
} from './defiTemplates.js'

// canton-devnet is the ledger's twin of daml/stratos-defi: what the API, the relayer and the
// browser's summary name must be what it registers.

describe('defiTemplates', () => {
  test('behavior: package name, module, template ids and choice names are canton-devnet’s', () => {
    expect(DEFI_PACKAGE_NAME).toBe(DEVNET_PACKAGE_NAME)
    expect(DEFI_MODULE).toBe(DEVNET_MODULE)
    expect(DEFI_INTENT_TEMPLATE_ID).toBe(DEVNET_INTENT_TEMPLATE_ID)
    expect(DEFI_INTENT_OUTCOME_TEMPLATE_ID).toBe(DEVNET_OUTCOME_TEMPLATE_ID)
    expect(DEFI_INTENT_CHOICES).toEqual(DEVNET_CHOICES)
  })

  test('behavior: entities, fields (in order) and choices are those canton-devnet registers', async () => {
    const devnet = await startCantonDevnet()
    try {
      const intent = devnet.registry.templateOf(DEFI_INTENT_TEMPLATE_ID)
      const outcome = devnet.registry.templateOf(DEFI_INTENT_OUTCOME_TEMPLATE_ID)
      expect([intent.packageName, intent.moduleName, intent.entityName]).toEqual([
        DEFI_PACKAGE_NAME,
        DEFI_INTENT_TEMPLATE.moduleName,
        DEFI_INTENT_TEMPLATE.entityName,
      ])
      expect([outcome.packageName, outcome.moduleName, outcome.entityName]).toEqual([
        DEFI_PACKAGE_NAME,
        DEFI_INTENT_OUTCOME_TEMPLATE.moduleName,
        DEFI_INTENT_OUTCOME_TEMPLATE.entityName,
      ])
      expect(intent.argType.fields.map(([name]) => name)).toEqual(DEFI_INTENT_FIELDS)
      expect(outcome.argType.fields.map(([name]) => name)).toEqual(DEFI_INTENT_OUTCOME_FIELDS)
      expect(Object.keys(intent.choices ?? {}).sort()).toEqual(Object.values(DEFI_INTENT_CHOICES).sort())
      // And the argument types have exactly these fields (checked by tsc).
      expectTypeOf<keyof DeFiIntentArgs>().toEqualTypeOf<(typeof DEFI_INTENT_FIELDS)[number]>()
      expectTypeOf<keyof DeFiIntentOutcomeArgs>().toEqualTypeOf<(typeof DEFI_INTENT_OUTCOME_FIELDS)[number]>()
    } finally {
      await devnet.stop()
    }
  })
})

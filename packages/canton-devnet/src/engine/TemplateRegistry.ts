import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { CantonError } from '../CantonError.js'
import type { DamlJson } from '../daml/DamlJson.js'
import type { RecordType } from '../daml/DamlType.js'
import { type DamlType, T, type TypeId } from '../daml/DamlType.js'
import { normalizeValue } from '../daml/normalizeValue.js'
import type { UpdateContext } from './UpdateContext.js'

/** A contract as a choice body sees it: id, canonical argument and parties. */
export interface ContractHandle<A = DamlJson> {
  contractId: string
  arg: A
  signatories: string[]
  observers: string[]
}

/** A choice of a template. `body` runs synchronously inside the interpreter. */
export interface ChoiceDefinition<A = DamlJson, C = DamlJson> {
  argType: DamlType
  resultType: DamlType
  consuming: boolean
  controllers(contract: A, arg: C): string[]
  observers?(contract: A, arg: C): string[]
  body(ctx: UpdateContext, self: ContractHandle<A>, arg: C): unknown
}

/** A choice declared by an interface: its controllers are computed from the interface view. */
export interface InterfaceChoiceDefinition<V = DamlJson, C = DamlJson> {
  argType: DamlType
  resultType: DamlType
  consuming: boolean
  controllers(view: V, arg: C): string[]
  observers?(view: V, arg: C): string[]
}

export interface InterfaceDefinition {
  packageName: string
  packageVersion?: string
  /** Defaults to a deterministic id derived from name and version. */
  packageId?: string
  moduleName: string
  entityName: string
  viewType: DamlType
  choices: Record<string, InterfaceChoiceDefinition>
}

/** How a template implements an interface: its view and the bodies of the interface's choices. */
export interface InterfaceImplementation<A = DamlJson> {
  view(arg: A): unknown
  choices: Record<string, (ctx: UpdateContext, self: ContractHandle<A>, arg: DamlJson) => unknown>
}

export interface TemplateDefinition<A = DamlJson> {
  packageName: string
  packageVersion?: string
  packageId?: string
  moduleName: string
  entityName: string
  argType: RecordType
  signatories(arg: A): string[]
  observers(arg: A): string[]
  /** Returns a failure message when the contract argument is not allowed (Daml `ensure`). */
  ensure?(arg: A): string | undefined
  choices?: Record<string, ChoiceDefinition<A>>
  /** Keyed by interface id, either `#package-name:Module:Entity` or `packageId:Module:Entity`. */
  implements?: Record<string, InterfaceImplementation<A>>
  /**
   * Contracts that live on the registry's participant only (like Amulet's `AmuletRules`): a
   * transaction that uses one must carry it as a disclosed contract, even where the devnet stores it.
   */
  registryOnly?: boolean
}

export interface RegisteredTemplate extends TemplateDefinition {
  packageId: string
  /** `packageId:Module:Entity`, as the Ledger API prints template ids. */
  templateId: string
  /** `package-name:Module:Entity`: the identity across package versions. */
  nameKey: string
  /** Interface name keys this template implements. */
  interfaceKeys: string[]
}

export interface RegisteredInterface extends InterfaceDefinition {
  packageId: string
  interfaceId: string
  nameKey: string
}

export interface RegisteredPackage {
  packageId: string
  name: string
  version: string
}

/** The built-in `Archive` choice every template has. */
export const archiveChoiceArgType = T.record(
  {
    packageId: '9e70a8b3510d617f8a136213f33d6a903a10ca0eeec76bb06ba55d1ed9680f69',
    moduleName: 'DA.Internal.Template',
    entityName: 'Archive',
  },
  [],
)

/** The deterministic package id the devnet gives a TypeScript package (hex, like a real one). */
export function packageIdOf(name: string, version: string): string {
  return bytesToHex(sha256(utf8ToBytes(`stratos-canton-devnet/${name}/${version}`)))
}

/**
 * The devnet's template engine registry: templates and interfaces written in TypeScript, found
 * by `packageId:Module:Entity` or by package-name reference `#name:Module:Entity`.
 * `registerTemplate` is the extension point later features use (e.g. a DeFi intent).
 */
export class TemplateRegistry {
  readonly #templates = new Map<string, RegisteredTemplate>()
  readonly #interfaces = new Map<string, RegisteredInterface>()
  readonly #packages = new Map<string, RegisteredPackage>()
  /** package id -> package name, for resolving `packageId:Module:Entity` references. */
  readonly #packageNames = new Map<string, string>()

  registerInterface(def: InterfaceDefinition): RegisteredInterface {
    const version = def.packageVersion ?? '1.0.0'
    const packageId = def.packageId ?? packageIdOf(def.packageName, version)
    const nameKey = `${def.packageName}:${def.moduleName}:${def.entityName}`
    if (this.#interfaces.has(nameKey)) throw new Error(`interface ${nameKey} is already registered`)
    const registered = {
      ...def,
      packageId,
      interfaceId: `${packageId}:${def.moduleName}:${def.entityName}`,
      nameKey,
    }
    this.#interfaces.set(nameKey, registered)
    this.#addPackage(packageId, def.packageName, version)
    return registered
  }

  registerTemplate<A>(def: TemplateDefinition<A>): RegisteredTemplate {
    const version = def.packageVersion ?? '1.0.0'
    const packageId = def.packageId ?? packageIdOf(def.packageName, version)
    const nameKey = `${def.packageName}:${def.moduleName}:${def.entityName}`
    if (this.#templates.has(nameKey)) throw new Error(`template ${nameKey} is already registered`)
    const implementations: Record<string, InterfaceImplementation<A>> = {}
    for (const [ref, impl] of Object.entries(def.implements ?? {})) {
      const iface = this.resolveInterface(ref)
      if (!iface) throw new Error(`template ${nameKey} implements unknown interface ${ref}`)
      for (const choice of Object.keys(iface.choices)) {
        if (!impl.choices[choice])
          throw new Error(`template ${nameKey} lacks ${iface.nameKey} choice ${choice}`)
      }
      implementations[iface.nameKey] = impl
    }
    const registered: RegisteredTemplate = {
      ...(def as TemplateDefinition),
      implements: implementations,
      packageId,
      templateId: `${packageId}:${def.moduleName}:${def.entityName}`,
      nameKey,
      interfaceKeys: Object.keys(implementations),
    }
    this.#templates.set(nameKey, registered)
    this.#addPackage(packageId, def.packageName, version)
    return registered
  }

  #addPackage(packageId: string, name: string, version: string) {
    this.#packages.set(packageId, { packageId, name, version })
    this.#packageNames.set(packageId, name)
  }

  /** `#name:M:E` or `pkgId:M:E` -> name key `name:M:E`, or undefined when malformed/unknown package. */
  nameKeyOf(ref: string): string | undefined {
    const m = /^(#?)([^:]+):([^:]+):([^:]+)$/.exec(ref)
    if (!m) return undefined
    const [, hash, pkg, mod, ent] = m
    const name = hash ? pkg : this.#packageNames.get(pkg!)
    return name ? `${name}:${mod}:${ent}` : undefined
  }

  resolveTemplate(ref: string): RegisteredTemplate | undefined {
    const key = this.nameKeyOf(ref)
    return key ? this.#templates.get(key) : undefined
  }

  resolveInterface(ref: string): RegisteredInterface | undefined {
    const key = this.nameKeyOf(ref)
    return key ? this.#interfaces.get(key) : undefined
  }

  /** The template of a stored contract (its template id is always in `packageId:M:E` form). */
  templateOf(templateId: string): RegisteredTemplate {
    const t = this.resolveTemplate(templateId)
    if (!t) throw new CantonError('TEMPLATES_OR_INTERFACES_NOT_FOUND', `Template ${templateId} is not known`)
    return t
  }

  interfaceByKey(nameKey: string): RegisteredInterface | undefined {
    return this.#interfaces.get(nameKey)
  }

  /** The interface view of a contract, canonicalized by the view type. */
  viewOf(template: RegisteredTemplate, ifaceKey: string, arg: unknown): unknown {
    const impl = template.implements?.[ifaceKey]
    const iface = this.#interfaces.get(ifaceKey)
    if (!impl || !iface) {
      throw new CantonError(
        'INVALID_ARGUMENT',
        `Template ${template.templateId} does not implement ${ifaceKey}`,
      )
    }
    return normalizeValue(iface.viewType, impl.view(arg), 'view')
  }

  packages(): RegisteredPackage[] {
    return [...this.#packages.values()]
  }

  /** A type id in a registered package (for building record types of a package). */
  static typeId(packageName: string, moduleName: string, entityName: string, version = '1.0.0'): TypeId {
    return { packageId: packageIdOf(packageName, version), moduleName, entityName }
  }
}

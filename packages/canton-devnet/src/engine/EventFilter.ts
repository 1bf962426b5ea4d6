import { CantonError } from '../CantonError.js'
import type { DamlJson } from '../daml/DamlJson.js'
import type { RegisteredTemplate, TemplateRegistry } from './TemplateRegistry.js'

interface PartyFilter {
  wildcard: boolean
  wildcardBlob: boolean
  /** template name key -> includeCreatedEventBlob */
  templates: Map<string, boolean>
  /** interface name key -> include view / blob */
  interfaces: Map<string, { view: boolean; blob: boolean }>
}

/** What a filter selects of one contract: whether it matches, which views and whether the blob. */
export interface FilterMatch {
  views: string[]
  blob: boolean
}

const isObject = (v: unknown): v is Record<string, DamlJson> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The Ledger API's event filter (EventFormat / TransactionFilter): per-party or any-party
 * cumulative filters of templates, interfaces (with views and created-event blobs) and
 * wildcards. Template and interface ids resolve by package id or package name (`#name:M:E`).
 */
export class EventFilter {
  /** Parties the filter reads as; `undefined` means any party. */
  readonly parties: string[] | undefined
  readonly #byParty = new Map<string, PartyFilter>()
  readonly #any: PartyFilter | undefined
  readonly #registry: TemplateRegistry

  private constructor(
    registry: TemplateRegistry,
    byParty: Map<string, PartyFilter>,
    any: PartyFilter | undefined,
  ) {
    this.#registry = registry
    this.#byParty = byParty
    this.#any = any
    this.parties = any ? undefined : [...byParty.keys()]
  }

  /** Parses `{ filtersByParty?, filtersForAnyParty? }`; INVALID_ARGUMENT / TEMPLATES_OR_INTERFACES_NOT_FOUND on bad input. */
  static parse(registry: TemplateRegistry, format: unknown, what = 'filter'): EventFilter {
    if (!isObject(format))
      throw new CantonError('INVALID_ARGUMENT', `Missing ${what}: filtersByParty or filtersForAnyParty`)
    const byParty = new Map<string, PartyFilter>()
    if (format.filtersByParty !== undefined) {
      if (!isObject(format.filtersByParty))
        throw new CantonError('INVALID_ARGUMENT', `${what}.filtersByParty must be an object`)
      for (const [party, filters] of Object.entries(format.filtersByParty)) {
        byParty.set(party, EventFilter.#parseFilters(registry, filters, `${what}.filtersByParty.${party}`))
      }
    }
    const any =
      format.filtersForAnyParty !== undefined && format.filtersForAnyParty !== null
        ? EventFilter.#parseFilters(registry, format.filtersForAnyParty, `${what}.filtersForAnyParty`)
        : undefined
    if (!any && byParty.size === 0) {
      throw new CantonError(
        'INVALID_ARGUMENT',
        `Invalid argument: ${what} must name at least one party or filtersForAnyParty`,
      )
    }
    return new EventFilter(registry, byParty, any)
  }

  /** Wildcard filter for the given parties (used for defaults, e.g. a submission's act-as parties). */
  static wildcard(registry: TemplateRegistry, parties: string[]): EventFilter {
    const byParty = new Map<string, PartyFilter>()
    for (const p of parties)
      byParty.set(p, { wildcard: true, wildcardBlob: false, templates: new Map(), interfaces: new Map() })
    return new EventFilter(registry, byParty, undefined)
  }

  static #parseFilters(registry: TemplateRegistry, filters: unknown, path: string): PartyFilter {
    const f: PartyFilter = {
      wildcard: false,
      wildcardBlob: false,
      templates: new Map(),
      interfaces: new Map(),
    }
    const cumulative = isObject(filters) ? filters.cumulative : undefined
    if (cumulative !== undefined && !Array.isArray(cumulative))
      throw new CantonError('INVALID_ARGUMENT', `${path}.cumulative must be an array`)
    if (!cumulative || cumulative.length === 0) {
      f.wildcard = true
      return f
    }
    const missing: string[] = []
    for (const c of cumulative as unknown[]) {
      const idf = isObject(c) ? c.identifierFilter : undefined
      if (!isObject(idf))
        throw new CantonError('INVALID_ARGUMENT', `${path}.cumulative entries need an identifierFilter`)
      if ('WildcardFilter' in idf) {
        f.wildcard = true
        if (idf.WildcardFilter?.value?.includeCreatedEventBlob) f.wildcardBlob = true
      } else if ('TemplateFilter' in idf) {
        const v = idf.TemplateFilter?.value
        const t = typeof v?.templateId === 'string' ? registry.resolveTemplate(v.templateId) : undefined
        if (!t) missing.push(String(v?.templateId))
        else
          f.templates.set(
            t.nameKey,
            Boolean(v.includeCreatedEventBlob) || (f.templates.get(t.nameKey) ?? false),
          )
      } else if ('InterfaceFilter' in idf) {
        const v = idf.InterfaceFilter?.value
        const i = typeof v?.interfaceId === 'string' ? registry.resolveInterface(v.interfaceId) : undefined
        if (!i) missing.push(String(v?.interfaceId))
        else {
          const prev = f.interfaces.get(i.nameKey)
          f.interfaces.set(i.nameKey, {
            view: Boolean(v.includeInterfaceView) || Boolean(prev?.view),
            blob: Boolean(v.includeCreatedEventBlob) || Boolean(prev?.blob),
          })
        }
      } else if ('Empty' in idf) {
        f.wildcard = true
      } else {
        throw new CantonError('INVALID_ARGUMENT', `${path}: unknown identifierFilter`)
      }
    }
    if (missing.length > 0) {
      throw new CantonError(
        'TEMPLATES_OR_INTERFACES_NOT_FOUND',
        `Templates or interfaces do not exist: [${missing.join(', ')}]`,
        {
          resources: missing.map((m) => ['TEMPLATE_OR_INTERFACE_ID', m]),
        },
      )
    }
    return f
  }

  /** The index keys (see LedgerStore.queryActive) a query for this filter must read. */
  indexKeys(): string[] {
    const keys = new Set<string>()
    for (const f of [...this.#byParty.values(), ...(this.#any ? [this.#any] : [])]) {
      if (f.wildcard) keys.add('*')
      for (const t of f.templates.keys()) keys.add(t)
      for (const i of f.interfaces.keys()) keys.add(`I:${i}`)
    }
    return [...keys]
  }

  /** Witnesses among `informees` as seen by this filter (any-party filters see all informees). */
  readersAmong(informees: string[]): string[] {
    const set = [...new Set(informees)].sort()
    return this.#any ? set : set.filter((p) => this.#byParty.has(p))
  }

  /** Whether the template matches for one of `readers`, with the views and blob to include. */
  match(template: RegisteredTemplate, readers: string[]): FilterMatch | undefined {
    const filters = [...readers.map((r) => this.#byParty.get(r)), this.#any].filter(
      (f): f is PartyFilter => !!f,
    )
    let matched = false
    let blob = false
    const views = new Set<string>()
    for (const f of filters) {
      if (f.wildcard) {
        matched = true
        blob ||= f.wildcardBlob
      }
      const t = f.templates.get(template.nameKey)
      if (t !== undefined) {
        matched = true
        blob ||= t
      }
      for (const key of template.interfaceKeys) {
        const i = f.interfaces.get(key)
        if (i) {
          matched = true
          blob ||= i.blob
          if (i.view) views.add(key)
        }
      }
    }
    return matched ? { views: [...views], blob } : undefined
  }

  /** Interfaces of the filter the template implements (for `implementedInterfaces`). */
  implementedInterfaces(template: RegisteredTemplate, readers: string[]): string[] {
    const filters = [...readers.map((r) => this.#byParty.get(r)), this.#any].filter(
      (f): f is PartyFilter => !!f,
    )
    const keys = template.interfaceKeys.filter((k) => filters.some((f) => f.interfaces.has(k)))
    return keys.map((k) => this.#registry.interfaceByKey(k)!.interfaceId)
  }
}

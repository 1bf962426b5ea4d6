/** A Daml-LF identifier: the package id plus the qualified name of a type, template or interface. */
export interface TypeId {
  packageId: string
  moduleName: string
  entityName: string
}

/**
 * The Daml-LF types the devnet's TypeScript templates use to describe their arguments, choice
 * arguments, results and interface views. They drive the JSON (Daml-LF JSON encoding) validation
 * and the protobuf `Value`s put into prepared transactions, where the types decide the hash.
 */
export type DamlType =
  | { t: 'unit' }
  | { t: 'bool' }
  | { t: 'int64' }
  | { t: 'numeric'; scale: number }
  | { t: 'text' }
  | { t: 'party' }
  | { t: 'time' }
  | { t: 'date' }
  | { t: 'contractId' }
  | { t: 'optional'; of: DamlType }
  | { t: 'list'; of: DamlType }
  | { t: 'textMap'; of: DamlType }
  | { t: 'genMap'; key: DamlType; value: DamlType }
  | { t: 'record'; id: TypeId; fields: ReadonlyArray<readonly [string, DamlType]> }
  | { t: 'variant'; id: TypeId; cons: Readonly<Record<string, DamlType>> }
  | { t: 'enum'; id: TypeId; cons: readonly string[] }
  | { t: 'lazy'; get: () => DamlType }

export type RecordType = Extract<DamlType, { t: 'record' }>

/** Builders for {@link DamlType}s: `T.record(id, [['owner', T.party], ['amount', T.numeric()]])`. */
export const T = {
  unit: { t: 'unit' } as DamlType,
  bool: { t: 'bool' } as DamlType,
  int64: { t: 'int64' } as DamlType,
  text: { t: 'text' } as DamlType,
  party: { t: 'party' } as DamlType,
  time: { t: 'time' } as DamlType,
  date: { t: 'date' } as DamlType,
  contractId: { t: 'contractId' } as DamlType,
  /** Daml `Decimal` is `Numeric 10`. */
  numeric: (scale = 10): DamlType => ({ t: 'numeric', scale }),
  optional: (of: DamlType): DamlType => ({ t: 'optional', of }),
  list: (of: DamlType): DamlType => ({ t: 'list', of }),
  textMap: (of: DamlType): DamlType => ({ t: 'textMap', of }),
  /** Daml `Map k v` (DA.Map), a GenMap in Daml-LF. */
  genMap: (key: DamlType, value: DamlType): DamlType => ({ t: 'genMap', key, value }),
  record: (id: TypeId, fields: ReadonlyArray<readonly [string, DamlType]>): RecordType => ({
    t: 'record',
    id,
    fields,
  }),
  variant: (id: TypeId, cons: Record<string, DamlType>): DamlType => ({ t: 'variant', id, cons }),
  enum: (id: TypeId, cons: string[]): DamlType => ({ t: 'enum', id, cons }),
  /** For recursive types (e.g. the token standard's `AnyValue`). */
  lazy: (get: () => DamlType): DamlType => ({ t: 'lazy', get }),
}

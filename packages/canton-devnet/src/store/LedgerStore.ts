import Database from 'better-sqlite3'
import { CantonError } from '../CantonError.js'
import type { DamlJson } from '../daml/DamlJson.js'
import type { TemplateRegistry } from '../engine/TemplateRegistry.js'
import type { StoredContract, TxNode, TxTree } from '../engine/TxTree.js'

/** A party known to the participant. External parties carry their Ed25519 key. */
export interface PartyRecord {
  party: string
  isLocal: boolean
  /** Raw 32-byte Ed25519 public key (hex) of an external party. */
  publicKey?: string
  /** Canton fingerprint of that key (`1220…`). */
  fingerprint?: string
  annotations: Record<string, string>
  identityProviderId: string
}

export interface UserRecord {
  id: string
  primaryParty: string
  isDeactivated: boolean
  annotations: Record<string, string>
  identityProviderId: string
}

/** A user right as stored: kind (the spec's `Kind` key) and party for party rights. */
export interface RightRecord {
  kind:
    | 'CanActAs'
    | 'CanReadAs'
    | 'CanExecuteAs'
    | 'CanReadAsAnyParty'
    | 'CanExecuteAsAnyParty'
    | 'ParticipantAdmin'
    | 'IdentityProviderAdmin'
  party: string
}

export interface PackageRecord {
  packageId: string
  name: string
  version: string
  darHash: string
  uploadedAt: string
}

/** A committed transaction as the update service serves it. */
export interface UpdateRecord {
  offset: number
  updateId: string
  commandId: string
  workflowId: string
  userId: string
  effectiveAt: string
  recordTime: string
  roots: number[]
  nodes: TxNode[]
  externalTransactionHash?: string
  actAs: string[]
  submissionId: string
}

export interface CommitOptions {
  commandId: string
  /** The submitting parties (for completions). */
  actAs: string[]
  workflowId?: string
  userId: string
  /** Command deduplication key (user, command id, act-as); a second commit with it fails. */
  changeId?: string
  submissionId?: string
  /** Set when the transaction was prepared and externally signed (transaction uuid). */
  preparedId?: string
  externalTransactionHash?: string
  recordTime: string
}

export interface PreparedRecord {
  transactionUuid: string
  hash: string
  tree: TxTree
  actAs: string[]
  readAs: string[]
  userId: string
  commandId: string
  workflowId: string
  preparationTime: string
  executedOffset?: number
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS parties (
  party TEXT PRIMARY KEY, is_local INTEGER NOT NULL, public_key TEXT, fingerprint TEXT,
  annotations TEXT NOT NULL, idp TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY, primary_party TEXT NOT NULL, is_deactivated INTEGER NOT NULL,
  annotations TEXT NOT NULL, idp TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS user_rights (
  user_id TEXT NOT NULL, kind TEXT NOT NULL, party TEXT NOT NULL, PRIMARY KEY (user_id, kind, party));
CREATE TABLE IF NOT EXISTS dars (hash TEXT PRIMARY KEY, bytes BLOB NOT NULL, main_package_id TEXT NOT NULL, uploaded_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS packages (
  package_id TEXT PRIMARY KEY, name TEXT NOT NULL, version TEXT NOT NULL, dar_hash TEXT NOT NULL,
  dalf BLOB NOT NULL, uploaded_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS contracts (
  cid TEXT PRIMARY KEY, template_id TEXT NOT NULL, package_name TEXT NOT NULL, arg TEXT NOT NULL,
  signatories TEXT NOT NULL, observers TEXT NOT NULL, created_at TEXT NOT NULL,
  created_offset INTEGER NOT NULL, node_id INTEGER NOT NULL, archived_offset INTEGER);
-- One row per (stakeholder, key) with key = template name key, 'I:' + interface name key, or '*':
-- an ACS query for a party and a template or interface reads only the matching rows.
CREATE TABLE IF NOT EXISTS contract_index (
  party TEXT NOT NULL, key TEXT NOT NULL, cid TEXT NOT NULL, created_offset INTEGER NOT NULL,
  PRIMARY KEY (party, key, cid));
CREATE INDEX IF NOT EXISTS contract_index_by_key ON contract_index (key, cid);
-- The order of a paged ACS read: a page seeks to its place instead of sorting the party's set.
CREATE INDEX IF NOT EXISTS contract_index_in_order ON contract_index (party, key, created_offset, cid);
CREATE TABLE IF NOT EXISTS updates (
  offset INTEGER PRIMARY KEY, update_id TEXT NOT NULL UNIQUE, command_id TEXT NOT NULL, workflow_id TEXT NOT NULL,
  user_id TEXT NOT NULL, effective_at TEXT NOT NULL, record_time TEXT NOT NULL, tree TEXT NOT NULL,
  external_hash TEXT, act_as TEXT NOT NULL, submission_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS update_parties (party TEXT NOT NULL, offset INTEGER NOT NULL, PRIMARY KEY (party, offset));
CREATE TABLE IF NOT EXISTS command_dedup (change_id TEXT PRIMARY KEY, update_id TEXT NOT NULL, offset INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS submissions (submission_id TEXT PRIMARY KEY, update_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS prepared (
  tx_uuid TEXT PRIMARY KEY, hash TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL, executed_offset INTEGER);
`

type Row = Record<string, DamlJson>

const parseContract = (r: Row): StoredContract => ({
  contractId: r.cid,
  templateId: r.template_id,
  packageName: r.package_name,
  arg: JSON.parse(r.arg),
  signatories: JSON.parse(r.signatories),
  observers: JSON.parse(r.observers),
  createdAt: r.created_at,
})

/** Parties that see a node: stakeholders, actors and choice observers. */
export function informeesOf(node: TxNode): string[] {
  switch (node.kind) {
    case 'create':
      return [...node.signatories, ...node.observers]
    case 'exercise':
      return [
        ...(node.consuming ? node.stakeholders : node.signatories),
        ...node.actingParties,
        ...node.choiceObservers,
      ]
    case 'fetch':
      return [...node.signatories, ...node.actingParties]
  }
}

/**
 * The devnet's persistence: parties, users and rights, packages (with DAR bytes), contracts with
 * a party/template/interface index, the update log, command deduplication, used submission ids
 * and prepared transactions, all in one SQLite database (a file under the data folder, or
 * in memory). Commits are single SQLite transactions, so a crash never leaves half a transaction.
 */
/** A place in the order of `queryActive`: the created offset and contract id of a contract. */
export interface ActivePosition {
  createdOffset: number
  contractId: string
}

export class LedgerStore {
  readonly db: Database.Database
  readonly #registry: TemplateRegistry

  constructor(registry: TemplateRegistry, filename = ':memory:') {
    this.#registry = registry
    this.db = new Database(filename)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = NORMAL')
    this.db.exec(SCHEMA)
  }

  close() {
    this.db.close()
  }

  getMeta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as Row | undefined)?.value
  }

  setMeta(key: string, value: string) {
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value)
  }

  ledgerEnd(): number {
    return (this.db.prepare('SELECT MAX(offset) AS o FROM updates').get() as Row).o ?? 0
  }

  // --- parties

  addParty(p: PartyRecord) {
    const seq = (this.db.prepare('SELECT COUNT(*) AS n FROM parties').get() as Row).n
    try {
      this.db
        .prepare(
          'INSERT INTO parties (party, is_local, public_key, fingerprint, annotations, idp, seq) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          p.party,
          p.isLocal ? 1 : 0,
          p.publicKey ?? null,
          p.fingerprint ?? null,
          JSON.stringify(p.annotations),
          p.identityProviderId,
          seq,
        )
    } catch (e) {
      if (String(e).includes('UNIQUE')) {
        throw new CantonError('PARTY_ALREADY_EXISTS', `Party already exists: ${p.party}`, {
          resources: [['PARTY', p.party]],
        })
      }
      throw e
    }
  }

  #party(r: Row): PartyRecord {
    return {
      party: r.party,
      isLocal: r.is_local === 1,
      ...(r.public_key ? { publicKey: r.public_key, fingerprint: r.fingerprint } : {}),
      annotations: JSON.parse(r.annotations),
      identityProviderId: r.idp,
    }
  }

  getParty(party: string): PartyRecord | undefined {
    const r = this.db.prepare('SELECT * FROM parties WHERE party = ?').get(party) as Row | undefined
    return r ? this.#party(r) : undefined
  }

  /** Parties ordered by id, after `after` (exclusive), at most `limit`. */
  /** Parties after `after` whose id starts with `prefix` (Canton's `filter-party`), by id. */
  listParties(after: string, limit: number, prefix = ''): PartyRecord[] {
    return (
      this.db
        .prepare(
          'SELECT * FROM parties WHERE party > ? AND substr(party, 1, length(?)) = ? ORDER BY party LIMIT ?',
        )
        .all(after, prefix, prefix, limit) as Row[]
    ).map((r) => this.#party(r))
  }

  // --- users and rights

  createUser(u: UserRecord, rights: RightRecord[]) {
    this.db.transaction(() => {
      try {
        this.db
          .prepare(
            'INSERT INTO users (id, primary_party, is_deactivated, annotations, idp) VALUES (?, ?, ?, ?, ?)',
          )
          .run(
            u.id,
            u.primaryParty,
            u.isDeactivated ? 1 : 0,
            JSON.stringify(u.annotations),
            u.identityProviderId,
          )
      } catch (e) {
        if (String(e).includes('UNIQUE')) {
          throw new CantonError('USER_ALREADY_EXISTS', `User already exists: ${u.id}`, {
            resources: [['USER', u.id]],
          })
        }
        throw e
      }
      this.grantRights(u.id, rights)
    })()
  }

  getUser(id: string): UserRecord | undefined {
    const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined
    return r
      ? {
          id: r.id,
          primaryParty: r.primary_party,
          isDeactivated: r.is_deactivated === 1,
          annotations: JSON.parse(r.annotations),
          identityProviderId: r.idp,
        }
      : undefined
  }

  listUsers(after: string, limit: number): UserRecord[] {
    return (
      this.db.prepare('SELECT id FROM users WHERE id > ? ORDER BY id LIMIT ?').all(after, limit) as Row[]
    ).map((r) => this.getUser(r.id)!)
  }

  deleteUser(id: string): boolean {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM user_rights WHERE user_id = ?').run(id)
      return this.db.prepare('DELETE FROM users WHERE id = ?').run(id).changes > 0
    })()
  }

  rightsOf(userId: string): RightRecord[] {
    return (
      this.db
        .prepare('SELECT kind, party FROM user_rights WHERE user_id = ? ORDER BY kind, party')
        .all(userId) as Row[]
    ).map((r) => ({ kind: r.kind, party: r.party }))
  }

  /** Grants rights; returns the newly granted ones (already held ones are skipped, as Canton does). */
  grantRights(userId: string, rights: RightRecord[]): RightRecord[] {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO user_rights (user_id, kind, party) VALUES (?, ?, ?)',
    )
    return rights.filter((r) => insert.run(userId, r.kind, r.party).changes > 0)
  }

  revokeRights(userId: string, rights: RightRecord[]): RightRecord[] {
    const del = this.db.prepare('DELETE FROM user_rights WHERE user_id = ? AND kind = ? AND party = ?')
    return rights.filter((r) => del.run(userId, r.kind, r.party).changes > 0)
  }

  // --- packages

  addDar(
    hash: string,
    bytes: Uint8Array,
    mainPackageId: string,
    packages: { packageId: string; name: string; version: string; dalf: Uint8Array }[],
  ) {
    const now = new Date().toISOString()
    this.db.transaction(() => {
      this.db
        .prepare('INSERT OR IGNORE INTO dars (hash, bytes, main_package_id, uploaded_at) VALUES (?, ?, ?, ?)')
        .run(hash, bytes, mainPackageId, now)
      const insert = this.db.prepare(
        'INSERT OR IGNORE INTO packages (package_id, name, version, dar_hash, dalf, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      for (const p of packages) insert.run(p.packageId, p.name, p.version, hash, p.dalf, now)
    })()
  }

  listPackageIds(): string[] {
    return (
      this.db.prepare('SELECT package_id FROM packages ORDER BY uploaded_at, package_id').all() as Row[]
    ).map((r) => r.package_id)
  }

  getPackage(packageId: string): (PackageRecord & { dalf: Uint8Array }) | undefined {
    const r = this.db.prepare('SELECT * FROM packages WHERE package_id = ?').get(packageId) as Row | undefined
    return r
      ? {
          packageId: r.package_id,
          name: r.name,
          version: r.version,
          darHash: r.dar_hash,
          uploadedAt: r.uploaded_at,
          dalf: r.dalf,
        }
      : undefined
  }

  getDar(hash: string): Uint8Array | undefined {
    return (this.db.prepare('SELECT bytes FROM dars WHERE hash = ?').get(hash) as Row | undefined)?.bytes
  }

  // --- contracts

  lookupActive(contractId: string): StoredContract | undefined {
    const r = this.db
      .prepare('SELECT * FROM contracts WHERE cid = ? AND archived_offset IS NULL')
      .get(contractId) as Row | undefined
    return r ? parseContract(r) : undefined
  }

  /** Any contract ever created (active or archived), with its offsets. */
  lookupAny(
    contractId: string,
  ): (StoredContract & { createdOffset: number; nodeId: number; archivedOffset: number | null }) | undefined {
    const r = this.db.prepare('SELECT * FROM contracts WHERE cid = ?').get(contractId) as Row | undefined
    return r
      ? {
          ...parseContract(r),
          createdOffset: r.created_offset,
          nodeId: r.node_id,
          archivedOffset: r.archived_offset,
        }
      : undefined
  }

  /**
   * Contracts active at `atOffset` that match one of `keys` (template name key, `I:` + interface
   * name key, or `*`) and have one of `parties` as stakeholder (`undefined` = any party), ordered
   * by (created offset, contract id). `page` reads a slice of that order: only contracts after
   * `page.after`, at most `page.limit` of them.
   */
  queryActive(
    parties: string[] | undefined,
    keys: string[],
    atOffset: number,
    page: { after?: ActivePosition; limit?: number } = {},
  ): (StoredContract & { createdOffset: number; nodeId: number })[] {
    const seen = new Map<string, StoredContract & { createdOffset: number; nodeId: number }>()
    // contract_index carries each contract's created offset: the page order is an index's order.
    const after = page.after ? 'AND (i.created_offset > ? OR (i.created_offset = ? AND i.cid > ?))' : ''
    const afterArgs = page.after
      ? [page.after.createdOffset, page.after.createdOffset, page.after.contractId]
      : []
    const limit = page.limit === undefined ? '' : 'ORDER BY i.created_offset, i.cid LIMIT ?'
    const limitArgs = page.limit === undefined ? [] : [page.limit]
    const byParty = this.db.prepare(`
      SELECT c.*, c.created_offset AS co FROM contract_index i JOIN contracts c ON c.cid = i.cid
      WHERE i.party = ? AND i.key = ? AND i.created_offset <= ? AND (c.archived_offset IS NULL OR c.archived_offset > ?) ${after} ${limit}`)
    const anyParty = this.db.prepare(`
      SELECT DISTINCT c.*, c.created_offset AS co FROM contract_index i JOIN contracts c ON c.cid = i.cid
      WHERE i.key = ? AND i.created_offset <= ? AND (c.archived_offset IS NULL OR c.archived_offset > ?) ${after} ${limit}`)
    const add = (rows: Row[]) => {
      for (const r of rows)
        if (!seen.has(r.cid)) seen.set(r.cid, { ...parseContract(r), createdOffset: r.co, nodeId: r.node_id })
    }
    for (const key of keys) {
      if (parties)
        for (const p of parties)
          add(byParty.all(p, key, atOffset, atOffset, ...afterArgs, ...limitArgs) as Row[])
      else add(anyParty.all(key, atOffset, atOffset, ...afterArgs, ...limitArgs) as Row[])
    }
    const sorted = [...seen.values()].sort(
      (a, b) => a.createdOffset - b.createdOffset || (a.contractId < b.contractId ? -1 : 1),
    )
    return page.limit === undefined ? sorted : sorted.slice(0, page.limit)
  }

  /**
   * Every contract active at `atOffset`, of any party and template, read by a full scan of the
   * contracts table without contract_index, in insertion order. Only for bench/canton, which
   * measures `queryActive` against it; the ledger itself never scans.
   */
  scanActiveContractsForBench(
    atOffset: number,
  ): (StoredContract & { createdOffset: number; nodeId: number })[] {
    return (
      this.db
        .prepare(
          'SELECT * FROM contracts WHERE created_offset <= ? AND (archived_offset IS NULL OR archived_offset > ?)',
        )
        .all(atOffset, atOffset) as Row[]
    ).map((r) => ({ ...parseContract(r), createdOffset: r.created_offset, nodeId: r.node_id }))
  }

  // --- commits and updates

  /**
   * Commits an interpreted transaction atomically: every contract it used must still be active
   * (otherwise CONTRACT_NOT_FOUND, the devnet's contention error), the change id and submission
   * id must be unused, then consumed contracts are archived and created ones stored and indexed.
   */
  commit(tree: TxTree, options: CommitOptions): { offset: number; updateId: string; record: UpdateRecord } {
    return this.db.transaction(() => {
      if (options.changeId) {
        const dup = this.db
          .prepare('SELECT update_id FROM command_dedup WHERE change_id = ?')
          .get(options.changeId) as Row | undefined
        if (dup) {
          throw new CantonError(
            'DUPLICATE_COMMAND',
            'A command with the given command id has already been successfully processed',
            {
              context: { existing_update_id: dup.update_id },
            },
          )
        }
      }
      if (options.submissionId) {
        const dup = this.db
          .prepare('SELECT update_id FROM submissions WHERE submission_id = ?')
          .get(options.submissionId) as Row | undefined
        if (dup) {
          throw new CantonError(
            'DUPLICATE_COMMAND',
            `The submission id ${options.submissionId} has already been used`,
            {
              context: { existing_update_id: dup.update_id, submission_id: options.submissionId },
            },
          )
        }
      }
      for (const c of tree.inputContracts) {
        if (!this.lookupActive(c.contractId)) {
          throw new CantonError(
            'CONTRACT_NOT_FOUND',
            `Contract could not be found with id ${c.contractId} (archived since the transaction was interpreted)`,
            {
              resources: [['CONTRACT_ID', c.contractId]],
            },
          )
        }
      }
      const offset = this.ledgerEnd() + 1
      const updateId = `1220${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex')}`
      const archive = this.db.prepare('UPDATE contracts SET archived_offset = ? WHERE cid = ?')
      const insertContract = this.db.prepare(
        'INSERT INTO contracts (cid, template_id, package_name, arg, signatories, observers, created_at, created_offset, node_id, archived_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      const insertIndex = this.db.prepare(
        'INSERT OR IGNORE INTO contract_index (party, key, cid, created_offset) VALUES (?, ?, ?, ?)',
      )
      const consumed = new Set(tree.consumed)
      const nodeIds = new Map(
        tree.nodes.filter((n) => n.kind === 'create').map((n) => [n.contractId, n.nodeId]),
      )
      for (const c of tree.created) {
        insertContract.run(
          c.contractId,
          c.templateId,
          c.packageName,
          JSON.stringify(c.arg),
          JSON.stringify(c.signatories),
          JSON.stringify(c.observers),
          c.createdAt,
          offset,
          nodeIds.get(c.contractId) ?? 0,
          consumed.has(c.contractId) ? offset : null,
        )
        const template = this.#registry.templateOf(c.templateId)
        const keys = ['*', template.nameKey, ...template.interfaceKeys.map((k) => `I:${k}`)]
        for (const party of new Set([...c.signatories, ...c.observers])) {
          for (const key of keys) insertIndex.run(party, key, c.contractId, offset)
        }
      }
      for (const cid of consumed) archive.run(offset, cid)
      const record: UpdateRecord = {
        offset,
        updateId,
        commandId: options.commandId,
        workflowId: options.workflowId ?? '',
        userId: options.userId,
        effectiveAt: tree.ledgerTime,
        recordTime: options.recordTime,
        roots: tree.roots,
        nodes: tree.nodes,
        ...(options.externalTransactionHash
          ? { externalTransactionHash: options.externalTransactionHash }
          : {}),
        actAs: options.actAs,
        submissionId: options.submissionId ?? '',
      }
      this.db
        .prepare(
          'INSERT INTO updates (offset, update_id, command_id, workflow_id, user_id, effective_at, record_time, tree, external_hash, act_as, submission_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          offset,
          updateId,
          record.commandId,
          record.workflowId,
          record.userId,
          record.effectiveAt,
          record.recordTime,
          JSON.stringify({ roots: tree.roots, nodes: tree.nodes }),
          options.externalTransactionHash ?? null,
          JSON.stringify(options.actAs),
          options.submissionId ?? '',
        )
      const insertParty = this.db.prepare(
        'INSERT OR IGNORE INTO update_parties (party, offset) VALUES (?, ?)',
      )
      for (const node of tree.nodes) for (const p of informeesOf(node)) insertParty.run(p, offset)
      if (options.changeId)
        this.db
          .prepare('INSERT INTO command_dedup (change_id, update_id, offset) VALUES (?, ?, ?)')
          .run(options.changeId, updateId, offset)
      if (options.submissionId)
        this.db
          .prepare('INSERT INTO submissions (submission_id, update_id) VALUES (?, ?)')
          .run(options.submissionId, updateId)
      if (options.preparedId)
        this.db
          .prepare('UPDATE prepared SET executed_offset = ? WHERE tx_uuid = ?')
          .run(offset, options.preparedId)
      return { offset, updateId, record }
    })()
  }

  #update(r: Row): UpdateRecord {
    const tree = JSON.parse(r.tree)
    return {
      offset: r.offset,
      updateId: r.update_id,
      commandId: r.command_id,
      workflowId: r.workflow_id,
      userId: r.user_id,
      effectiveAt: r.effective_at,
      recordTime: r.record_time,
      roots: tree.roots,
      nodes: tree.nodes,
      ...(r.external_hash ? { externalTransactionHash: r.external_hash } : {}),
      actAs: JSON.parse(r.act_as),
      submissionId: r.submission_id,
    }
  }

  /** Committed updates after `beginExclusive` submitted by `userId`, oldest first (for completions). */
  listSubmitted(userId: string, beginExclusive: number, limit: number): UpdateRecord[] {
    return (
      this.db
        .prepare('SELECT * FROM updates WHERE user_id = ? AND offset > ? ORDER BY offset LIMIT ?')
        .all(userId, beginExclusive, limit) as Row[]
    ).map((r) => this.#update(r))
  }

  /** Updates in (begin, end] witnessed by one of `parties` (`undefined` = DamlJson), oldest first. */
  listUpdates(
    beginExclusive: number,
    endInclusive: number,
    parties: string[] | undefined,
    limit: number,
    descending = false,
  ): UpdateRecord[] {
    const order = descending ? 'DESC' : 'ASC'
    const rows = parties
      ? (this.db
          .prepare(
            `SELECT * FROM updates WHERE offset IN (SELECT DISTINCT offset FROM update_parties WHERE party IN (${parties.map(() => '?').join(',')}) AND offset > ? AND offset <= ?) ORDER BY offset ${order} LIMIT ?`,
          )
          .all(...parties, beginExclusive, endInclusive, limit) as Row[])
      : (this.db
          .prepare(`SELECT * FROM updates WHERE offset > ? AND offset <= ? ORDER BY offset ${order} LIMIT ?`)
          .all(beginExclusive, endInclusive, limit) as Row[])
    return rows.map((r) => this.#update(r))
  }

  getUpdateById(updateId: string): UpdateRecord | undefined {
    const r = this.db.prepare('SELECT * FROM updates WHERE update_id = ?').get(updateId) as Row | undefined
    return r ? this.#update(r) : undefined
  }

  getUpdateByOffset(offset: number): UpdateRecord | undefined {
    const r = this.db.prepare('SELECT * FROM updates WHERE offset = ?').get(offset) as Row | undefined
    return r ? this.#update(r) : undefined
  }

  // --- prepared transactions

  savePrepared(p: PreparedRecord) {
    this.db
      .prepare('INSERT INTO prepared (tx_uuid, hash, body, created_at) VALUES (?, ?, ?, ?)')
      .run(p.transactionUuid, p.hash, JSON.stringify(p), new Date().toISOString())
  }

  getPrepared(transactionUuid: string): PreparedRecord | undefined {
    const r = this.db.prepare('SELECT * FROM prepared WHERE tx_uuid = ?').get(transactionUuid) as
      | Row
      | undefined
    if (!r) return undefined
    const p = JSON.parse(r.body) as PreparedRecord
    return r.executed_offset === null ? p : { ...p, executedOffset: r.executed_offset }
  }
}

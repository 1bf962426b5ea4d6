import { createHash } from 'node:crypto'
import { type DamlTransaction_Node, PreparedTransaction, type Value } from '@canton-network/core-ledger-proto'
import { describe, expect, test } from 'vitest'
import {
  hashMetadataV2,
  hashNodeV2,
  hashPreparedTransactionV2,
  hashTransactionV2,
} from './hashPreparedTransactionV2.js'
import { verifyPreparedTransaction } from './verifyPreparedTransaction.js'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64')
const sha256hex = (...hexParts: string[]) =>
  createHash('sha256')
    .update(Buffer.from(hexParts.join('').replace(/\s+/g, ''), 'hex'))
    .digest('hex')

const text = (t: string): Value => ({ sum: { oneofKind: 'text', text: t } })
const int64 = (n: string): Value => ({ sum: { oneofKind: 'int64', int64: n } })
const v1 = (nodeId: string, nodeType: DamlTransaction_Node['versionedNode'] & { oneofKind: 'v1' }) =>
  ({ nodeId, versionedNode: nodeType }) as DamlTransaction_Node

/**
 * Canton's own V2 fixture: digital-asset/canton,
 * community/common/src/test/scala/com/digitalasset/canton/protocol/hash/BaseNodeHashTest.scala
 * (nodes, seeds), HashUtilsTest.scala (metadata), v2/NodeHashTest.scala and v2/MetadataHashTest.scala
 * (expected hashes and the traced encodings they are computed from).
 */
const canton = (() => {
  const cid1 = '0007e7b5534931dfca8e1b485c105bae4e10808bd13ddc8e897f258015f9d921c5'
  const cid2 = '0059b59ad7a6b6066e77b91ced54b8282f0e24e7089944685cb8f22f32fcbc4e1b'
  const template = { packageId: 'package', moduleName: 'module', entityName: 'name' }
  const seed = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'))
  const common = { lfVersion: '2.1', contractId: cid1, packageName: 'package-name-0', templateId: template }
  const dummyCreate = (contractId: string, party: string) => ({
    lfVersion: '2.1',
    contractId,
    packageName: 'PkgName',
    templateId: { packageId: '-dummyPkg-', moduleName: 'DummyModule', entityName: 'dummyName' },
    // cid("#dummyCid") of HashUtilsTest, as the trace prints it.
    argument: {
      sum: {
        oneofKind: 'contractId',
        contractId: '0097a092402108f5593bac7fb3c909cd316910197dd98d603042a45ab85c81e0fd',
      },
    } as Value,
    signatories: [party],
    stakeholders: [party],
  })
  return PreparedTransaction.create({
    transaction: {
      version: '2.1',
      roots: ['0', '5'],
      nodes: [
        v1('0', {
          oneofKind: 'v1',
          v1: {
            nodeType: {
              oneofKind: 'create',
              create: {
                ...common,
                argument: text('hello'),
                signatories: ['alice', 'bob'],
                stakeholders: ['alice', 'charlie'],
              },
            },
          },
        }),
        v1('2', {
          oneofKind: 'v1',
          v1: {
            nodeType: {
              oneofKind: 'fetch',
              fetch: {
                ...common,
                signatories: ['alice'],
                stakeholders: ['charlie'],
                actingParties: ['alice', 'bob'],
              },
            },
          },
        }),
        v1('4', {
          oneofKind: 'v1',
          v1: {
            nodeType: {
              oneofKind: 'exercise',
              exercise: {
                ...common,
                signatories: ['alice'],
                stakeholders: ['charlie'],
                actingParties: ['alice', 'bob'],
                interfaceId: {
                  packageId: 'package',
                  moduleName: 'interface_module',
                  entityName: 'interface_name',
                },
                choiceId: 'choice',
                chosenValue: int64('31380'),
                consuming: true,
                exerciseResult: text('result'),
                choiceObservers: ['david'],
                children: ['0', '2'],
              },
            },
          },
        }),
        v1('5', {
          oneofKind: 'v1',
          v1: { nodeType: { oneofKind: 'rollback', rollback: { children: ['2', '4'] } } },
        }),
      ],
      nodeSeeds: [
        { nodeId: 0, seed: seed('926bbb6f341bc0092ae65d06c6e284024907148cc29543ef6bff0930f5d52c19') },
        { nodeId: 2, seed: seed('4d2a522e9ee44e31b9bef2e3c8a07d43475db87463c6a13c4ea92f898ac8a930') },
        { nodeId: 4, seed: seed('a867edafa1277f46f879ab92c373a15c2d75c5d86fec741705cee1eb01ef8c9e') },
        { nodeId: 5, seed: seed('5483d5df9b245e662c0e4368b8062e8a0fd24c17ce4ded1a0e452e4ee879dd81') },
      ],
    },
    metadata: {
      submitterInfo: { actAs: ['alice', 'bob'], commandId: 'command-id' },
      synchronizerId: 'synchronizer::id',
      mediatorGroup: 0,
      transactionUuid: '4c6471d3-4e09-49dd-addf-6cd90e19c583',
      preparationTime: 0n,
      minLedgerEffectiveTime: 0xaaaan,
      maxLedgerEffectiveTime: 0xbbbbn,
      // Epoch + 30 days; Canton does not hash the max record time in V2.
      maxRecordTime: 2_592_000_000_000n,
      inputContracts: [
        {
          contract: { oneofKind: 'v1', v1: dummyCreate(cid1, 'alice') },
          createdAt: 864_000_000_000n,
          eventBlob: Uint8Array.of(0x00, 0x10),
        },
        {
          contract: { oneofKind: 'v1', v1: dummyCreate(cid2, 'bob') },
          createdAt: 1_728_000_000_000n,
          eventBlob: Uint8Array.of(0x00, 0x50),
        },
      ],
      globalKeyMapping: [],
    },
  })
})()

/**
 * Prepared transactions from real ledgers with the hash the participant returned, from
 * hyperledger-labs/splice-wallet-kernel core/tx-visualizer/src/index.test.ts: a Canton `Ping`
 * create ("decode a base 64 encoded prepared tx") and a Splice `TransferPreapprovalProposal`
 * create ("hash from preparedTx ledger api call should match calculated hash").
 */
const LEDGER_VECTORS = [
  {
    name: 'Canton.Internal.Ping create',
    preparedTransaction:
      'Cp8GCgMyLjESATAa8AUKATDCPukFCuYFCgMyLjESQjAwNTUwODAyZGRiMTYzNzFmNWZjNmQzNjRlNmNkNGIzMjgzYTllYjVjMGNjYjEyMWFlMzY4Y2RlYmJhZDBmYmY1NhoOQWRtaW5Xb3JrZmxvd3MiXgpAMmEzOGI5NjNmNmFiZjQ1Yjc2YzcwMmY5NzAwYmZkOTA2MDU1NTg3MmFmOTE1ZWY3ZjhmNjg3OTVlMmM4MzFiZBIUQ2FudG9uLkludGVybmFsLlBpbmcaBFBpbmcqtgJyswIKXgpAMmEzOGI5NjNmNmFiZjQ1Yjc2YzcwMmY5NzAwYmZkOTA2MDU1NTg3MmFmOTE1ZWY3ZjhmNjg3OTVlMmM4MzFiZBIUQ2FudG9uLkludGVybmFsLlBpbmcaBFBpbmcSDwoCaWQSCUIHcGluZ19pZBJdCglpbml0aWF0b3ISUDpOb3BlcmF0b3I6OjEyMjBkNDRmYzFjM2JhMGI1YmRmN2I5NTZlZTcxYmM5NGViZTJkMjMyNThkYzI2OGZkZjA4MjRmYmFlZmYyYzYxNDI0EmEKCXJlc3BvbmRlchJUOlJwYXJ0aWNpcGFudDE6OjEyMjBkNDRmYzFjM2JhMGI1YmRmN2I5NTZlZTcxYmM5NGViZTJkMjMyNThkYzI2OGZkZjA4MjRmYmFlZmYyYzYxNDI0Mk5vcGVyYXRvcjo6MTIyMGQ0NGZjMWMzYmEwYjViZGY3Yjk1NmVlNzFiYzk0ZWJlMmQyMzI1OGRjMjY4ZmRmMDgyNGZiYWVmZjJjNjE0MjQ6Tm9wZXJhdG9yOjoxMjIwZDQ0ZmMxYzNiYTBiNWJkZjdiOTU2ZWU3MWJjOTRlYmUyZDIzMjU4ZGMyNjhmZGYwODI0ZmJhZWZmMmM2MTQyNDpScGFydGljaXBhbnQxOjoxMjIwZDQ0ZmMxYzNiYTBiNWJkZjdiOTU2ZWU3MWJjOTRlYmUyZDIzMjU4ZGMyNjhmZGYwODI0ZmJhZWZmMmM2MTQyNCIiEiBr2qJTURRRnXWp6y1EyXQiB69cfe50kJw0eYN1UF39nhL1ARJ2Ck5vcGVyYXRvcjo6MTIyMGQ0NGZjMWMzYmEwYjViZGY3Yjk1NmVlNzFiYzk0ZWJlMmQyMzI1OGRjMjY4ZmRmMDgyNGZiYWVmZjJjNjE0MjQSJGYyZWM0ZDhmLWNjYzEtNDAyYi1iMjc4LTc1NTZmZGQyYjQxMhpMd2FsbGV0OjoxMjIwZTdiMjNlYTUyZWI1YzY3MmZiMGIxY2RiYzkxNjkyMmZmZWQzZGQ3Njc2YzIyM2E2MDU2NjQzMTVlMmQ0M2VkZCokYTMyODE2MmUtNzI4ZS00ZTA1LWFjNzgtYjM0ZjA3MDk4M2JhMK7Y9/LU944D',
    hash: 'D8D0WGX3KgYcY/bkHDcm6OxHpgvTX8TQlDUeGIZtBzo=',
  },
  {
    name: 'Splice.Wallet.TransferPreapproval:TransferPreapprovalProposal create',
    preparedTransaction:
      'CsoHCgMyLjESATAamwcKATDCPpQHCpEHCgMyLjESQjAwMTY4Nzc3ODEwNzU3MmJlZWVjYzQzODk3MmQxODQ4M2VhZDI1MGQxZDUwYmI2MzU3ZjdmYjhmNjdkY2U3ZDYzNRoNc3BsaWNlLXdhbGxldCKCAQpAZWI2ZTAxZWZhY2MzMzk3ZTIzYzZiZThiOWJlN2RiNGJmMzc2NzIyMTE5NzRkNjllMjRiNDg5ODBlMmY5OGI3ZRIhU3BsaWNlLldhbGxldC5UcmFuc2ZlclByZWFwcHJvdmFsGhtUcmFuc2ZlclByZWFwcHJvdmFsUHJvcG9zYWwqtQNysgMKggEKQGViNmUwMWVmYWNjMzM5N2UyM2M2YmU4YjliZTdkYjRiZjM3NjcyMjExOTc0ZDY5ZTI0YjQ4OTgwZTJmOThiN2USIVNwbGljZS5XYWxsZXQuVHJhbnNmZXJQcmVhcHByb3ZhbBobVHJhbnNmZXJQcmVhcHByb3ZhbFByb3Bvc2FsElcKCHJlY2VpdmVyEks6SWJvYjo6MTIyMDViZTNiOWQxNzc1NzNmZmZiNjhlYjI0NTk4NmY4OGI5ZGY1OGQ0NGNlNTc1ODE5MDc4OTcwNTgwZDg3ZDFkYzAScgoIcHJvdmlkZXISZjpkYXBwX3VzZXJfbG9jYWxuZXQtbG9jYWxwYXJ0eS0xOjoxMjIwM2E1MmZlNWFmM2I4N2UwNjk2MTgyYWM2NjhhNmNiMzE1ZGFiNGJkYzMwZGE5ZTViNmRkYTllYjcyODc4NDIxNhJeCgtleHBlY3RlZERzbxJPUk0KSzpJRFNPOjoxMjIwYmJkMDAwYjY5ODc1NzNiOGMwOWY0NDRlNGRmNTUwOWFmODk5N2I4MzkxMDlkN2UyYzIxMmQ1NDdmMGFmMDk1MDJJYm9iOjoxMjIwNWJlM2I5ZDE3NzU3M2ZmZmI2OGViMjQ1OTg2Zjg4YjlkZjU4ZDQ0Y2U1NzU4MTkwNzg5NzA1ODBkODdkMWRjMDpkYXBwX3VzZXJfbG9jYWxuZXQtbG9jYWxwYXJ0eS0xOjoxMjIwM2E1MmZlNWFmM2I4N2UwNjk2MTgyYWM2NjhhNmNiMzE1ZGFiNGJkYzMwZGE5ZTViNmRkYTllYjcyODc4NDIxNjpJYm9iOjoxMjIwNWJlM2I5ZDE3NzU3M2ZmZmI2OGViMjQ1OTg2Zjg4YjlkZjU4ZDQ0Y2U1NzU4MTkwNzg5NzA1ODBkODdkMWRjMCIiEiDBzeNcgqLvsssBxhNx7wP9pK71TsAprgz+a8jag/Lb3RL3ARJxCklib2I6OjEyMjA1YmUzYjlkMTc3NTczZmZmYjY4ZWIyNDU5ODZmODhiOWRmNThkNDRjZTU3NTgxOTA3ODk3MDU4MGQ4N2QxZGMwEiQ5NzU4ZTQ2ZS05ZmJlLTRmOTQtOTczZC04NWQ5ZTBmMTMyNzUaU2dsb2JhbC1kb21haW46OjEyMjBiYmQwMDBiNjk4NzU3M2I4YzA5ZjQ0NGU0ZGY1NTA5YWY4OTk3YjgzOTEwOWQ3ZTJjMjEyZDU0N2YwYWYwOTUwKiQ5NGJkYmFmNS0wYjJjLTQwYmMtOTZjZC1jM2M5YTlkODQ3ZDIw+eaGkdz0jwM=',
    hash: 'f97Cv1BO7QS7jmSY03p56JGsPf60Vx/ABXmRub7iiQI=',
  },
]

describe('hashPreparedTransactionV2', () => {
  test("behavior: Canton's V2 fixture: create, fetch, exercise and rollback node hashes", () => {
    const tx = canton.transaction!
    expect(hex(hashNodeV2(tx, '0'))).toBe('6d2cfe58c2294000592034f4bdfe397fe246901bb8b63e3b9e041bb478e174b7')
    expect(hex(hashNodeV2(tx, '2'))).toBe('c962c6098394f3d11cd6f0c795de9517d32a8e3e1979cec76cd2f66254efc610')
    expect(hex(hashNodeV2(tx, '4'))).toBe('070970eb4b2de72561dafb67017ca33850650a8103e5134e16044ba78991f48c')
    expect(hex(hashNodeV2(tx, '5'))).toBe('7264d5da2fd714427453bedc0d1cdb21f52ac7aec8d4bb5ac0598d25c5fcaed9')
  })

  test("behavior: Canton's V2 fixture: transaction, metadata and full hash", () => {
    expect(hex(hashTransactionV2(canton.transaction!))).toBe(
      '154f334d24a8a5e4d0ce51ac87d93821b3256f885f21d3f779a1640abf481983',
    )
    expect(hex(hashMetadataV2(canton.metadata!))).toBe(
      '6e89fcbcc9605179a47919b5e65a864e470e7a133f4f9f39b1e4545b223db769',
    )
    expect(hex(hashPreparedTransactionV2(canton))).toBe(
      '8c311c848db25d36b36fbd59f9483714a11688c2214e3c7cae3e028763520250',
    )
  })

  test('behavior: the max record time is not hashed; the ledger time bounds are', () => {
    const without = structuredClone(canton)
    delete without.metadata!.maxRecordTime
    expect(hashPreparedTransactionV2(without)).toEqual(hashPreparedTransactionV2(canton))
    delete without.metadata!.maxLedgerEffectiveTime
    expect(hashPreparedTransactionV2(without)).not.toEqual(hashPreparedTransactionV2(canton))
  })

  test.each(LEDGER_VECTORS)(
    'behavior: a prepared transaction from a real ledger ($name) hashes to what the participant returned',
    ({ preparedTransaction, hash }) => {
      const decoded = PreparedTransaction.fromBinary(Buffer.from(preparedTransaction, 'base64'))
      expect(b64(hashPreparedTransactionV2(decoded))).toBe(hash)
    },
  )

  test('behavior: an Int64 above 2^53 hashes as its exact 8 bytes (independent encoding of the spec)', () => {
    const cid = `00${'ab'.repeat(32)}`
    const seed = 'cd'.repeat(32)
    const prepared = bigIntTransaction('9007199254740993', cid, seed)
    // The create node, field by field as the V2 spec lists them.
    const node = sha256hex(
      '01', // node encoding version
      '00000003 322e31', // lf version "2.1"
      '00', // create tag
      `01 ${seed}`, // some(seed)
      `00000021 ${cid}`, // contract id bytes
      '0000000e 7061636b6167652d6e616d652d30', // "package-name-0"
      '00000007 7061636b616765 00000001 00000006 6d6f64756c65 00000001 00000004 6e616d65', // package:module:name
      '02 0020000000000001', // Int64 tag, 2^53 + 1 big-endian
      '00000001 00000005 616c696365', // signatories [alice]
      '00000001 00000005 616c696365', // stakeholders [alice]
    )
    const transaction = sha256hex('00000030', '00000003 322e31', '00000001', node)
    const metadata = sha256hex(
      '00000030 01',
      '00000001 00000005 616c696365', // act_as [alice]
      '00000003 636d64', // command id "cmd"
      '00000001 75', // transaction uuid "u"
      '00000000', // mediator group 0
      '00000004 733a3a31', // synchronizer "s::1"
      '00 00', // no ledger time bounds
      '0000000000000000', // preparation time 0
      '00000000', // no input contracts
    )
    const expected = sha256hex('00000030 02', transaction, metadata)
    expect(hex(hashPreparedTransactionV2(prepared))).toBe(expected)
    // 2^53 itself (what parseInt makes of 2^53 + 1) is another hash.
    expect(hex(hashPreparedTransactionV2(bigIntTransaction('9007199254740992', cid, seed)))).not.toBe(
      expected,
    )
  })

  test('behavior: the browser check accepts a transaction with an Int64 above 2^53 and its participant hash', async () => {
    const prepared = bigIntTransaction('-9223372036854775808', `00${'ab'.repeat(32)}`, 'cd'.repeat(32))
    const bytes = PreparedTransaction.toBinary(prepared)
    // Round trip through protobuf: the int64 stays a decimal string, never a JS number.
    const decoded = PreparedTransaction.fromBinary(bytes)
    const arg = (
      decoded.transaction!.nodes[0]!.versionedNode as { v1: { nodeType: { create: { argument: Value } } } }
    ).v1.nodeType.create.argument
    expect(arg.sum).toEqual({ oneofKind: 'int64', int64: '-9223372036854775808' })
    const verified = await verifyPreparedTransaction({
      preparedTransaction: b64(bytes),
      preparedTransactionHash: b64(hashPreparedTransactionV2(prepared)),
      hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2',
    })
    expect(verified.hash).toHaveLength(32)
  })

  test('error: an exercise without seed, a missing child, an int64 out of range -> PREPARED_TRANSACTION_INVALID', () => {
    const noSeed = structuredClone(canton)
    noSeed.transaction!.nodeSeeds = noSeed.transaction!.nodeSeeds.filter((s) => s.nodeId !== 4)
    expect(() => hashPreparedTransactionV2(noSeed)).toThrow(
      expect.objectContaining({ code: 'PREPARED_TRANSACTION_INVALID' }),
    )
    const missing = structuredClone(canton)
    missing.transaction!.nodes = missing.transaction!.nodes.filter((n) => n.nodeId !== '2')
    expect(() => hashPreparedTransactionV2(missing)).toThrow(/node 2 is referenced/)
    const cid = `00${'ab'.repeat(32)}`
    expect(() =>
      hashPreparedTransactionV2(bigIntTransaction('9223372036854775808', cid, '00'.repeat(32))),
    ).toThrow(/out of the int64 range/)
    expect(() => hashPreparedTransactionV2(bigIntTransaction('1e3', cid, '00'.repeat(32)))).toThrow(
      /not a decimal int64/,
    )
  })
})

function bigIntTransaction(value: string, contractId: string, seedHex: string): PreparedTransaction {
  return PreparedTransaction.create({
    transaction: {
      version: '2.1',
      roots: ['0'],
      nodes: [
        v1('0', {
          oneofKind: 'v1',
          v1: {
            nodeType: {
              oneofKind: 'create',
              create: {
                lfVersion: '2.1',
                contractId,
                packageName: 'package-name-0',
                templateId: { packageId: 'package', moduleName: 'module', entityName: 'name' },
                argument: int64(value),
                signatories: ['alice'],
                stakeholders: ['alice'],
              },
            },
          },
        }),
      ],
      nodeSeeds: [{ nodeId: 0, seed: Uint8Array.from(Buffer.from(seedHex, 'hex')) }],
    },
    metadata: {
      submitterInfo: { actAs: ['alice'], commandId: 'cmd' },
      synchronizerId: 's::1',
      mediatorGroup: 0,
      transactionUuid: 'u',
      preparationTime: 0n,
      inputContracts: [],
      globalKeyMapping: [],
    },
  })
}

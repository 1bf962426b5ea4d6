import { evmDockUpstream, evmUpstream } from '@stratos/chains/evm'
import { describe, expect, test } from 'vitest'
import { CHAIN_FAMILIES } from './chainFamilies.js'

describe('CHAIN_FAMILIES', () => {
  test("behavior: the EVM proxy allows the adapter's calls and the dock's reads and simulation", () => {
    const upstream = CHAIN_FAMILIES.evm?.upstream
    expect(upstream?.kind).toBe('json-rpc')
    const methods = upstream?.kind === 'json-rpc' ? upstream.methods : []
    for (const method of [...evmUpstream.methods, ...evmDockUpstream.methods])
      expect(methods).toContain(method)
    expect(methods).toContain('eth_simulateV1')
  })

  test('error: the EVM proxy still refuses what neither list names (signing on the node)', () => {
    const upstream = CHAIN_FAMILIES.evm?.upstream
    const methods = upstream?.kind === 'json-rpc' ? upstream.methods : []
    expect(methods).not.toContain('eth_sendTransaction')
    expect(methods).not.toContain('eth_sign')
  })
})

import { describe, expect, test } from 'vitest'
import { compileTestTrc20 } from './compileTestTrc20.js'
import { testTrc20Abi, testTrc20Bytecode } from './testTrc20Artifact.js'

describe('testTrc20Artifact', () => {
  test('behavior: matches a fresh solc-js build of TestTRC20.sol (run compileTestTrc20.ts)', {
    timeout: 120_000,
  }, () => {
    expect(compileTestTrc20()).toEqual({ abi: testTrc20Abi, bytecode: testTrc20Bytecode })
  })
})

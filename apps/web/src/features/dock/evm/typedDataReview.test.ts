import { RPC_ERROR } from '@stratos/dock-sdk'
import { describe, expect, test } from 'vitest'
import { DockRpcFailure } from '../../../lib/dockRpcFailure'
import { typedDataReview } from './typedDataReview'

// Permit2's PermitSingle (nested struct, uint160/uint48 amounts): what dApps ask wallets to sign.
const permit = {
  types: {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
    ],
    PermitDetails: [
      { name: 'token', type: 'address' },
      { name: 'amount', type: 'uint160' },
      { name: 'expiration', type: 'uint48' },
      { name: 'nonce', type: 'uint48' },
    ],
    PermitSingle: [
      { name: 'details', type: 'PermitDetails' },
      { name: 'spender', type: 'address' },
      { name: 'sigDeadline', type: 'uint256' },
    ],
  },
  primaryType: 'PermitSingle',
  domain: {
    name: 'Permit2',
    chainId: '0x7a69',
    verifyingContract: '0x000000000022d473030f116ddee9f6b43ac78ba3',
  },
  message: {
    details: {
      token: '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48',
      amount: '1461501637330902918203684832716283019655932542975',
      expiration: 1735689600,
      nonce: 0,
    },
    spender: '0x3fc91a3afd70395cd496c647d5a6cc9d4b2b7fad',
    sigDeadline: '1735689600',
  },
}

function refusal(fn: () => unknown): DockRpcFailure {
  try {
    fn()
  } catch (error) {
    if (error instanceof DockRpcFailure) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('typedDataReview', () => {
  test('behavior: the domain and the message field by field, nested structs as children', () => {
    const review = typedDataReview(JSON.stringify(permit), 31337)
    expect(review.primaryType).toBe('PermitSingle')
    expect(review.chainId).toBe(31337)
    expect(review.domain).toEqual([
      { name: 'name', type: 'string', value: 'Permit2' },
      { name: 'chainId', type: 'uint256', value: '31337' },
      { name: 'verifyingContract', type: 'address', value: '0x000000000022D473030F116dDEE9F6B43aC78BA3' },
    ])
    expect(review.message).toEqual([
      {
        name: 'details',
        type: 'PermitDetails',
        value: null,
        children: [
          { name: 'token', type: 'address', value: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48' },
          { name: 'amount', type: 'uint160', value: '1461501637330902918203684832716283019655932542975' },
          { name: 'expiration', type: 'uint48', value: '1735689600' },
          { name: 'nonce', type: 'uint48', value: '0' },
        ],
      },
      { name: 'spender', type: 'address', value: '0x3fC91A3afd70395Cd496C647d5a6CC9D4B2b7FAD' },
      { name: 'sigDeadline', type: 'uint256', value: '1735689600' },
    ])
  })

  test('behavior: arrays list their items; an object is read as well as a JSON string', () => {
    const data = {
      types: {
        Batch: [
          { name: 'recipients', type: 'address[]' },
          { name: 'amounts', type: 'uint256[]' },
        ],
      },
      primaryType: 'Batch',
      domain: { name: 'Batch', chainId: 31337 },
      message: {
        recipients: ['0x70997970c51812dc3a010c7d01b50e0d17dc79c8'],
        amounts: ['5'],
      },
    }
    expect(typedDataReview(data, 31337).message).toEqual([
      {
        name: 'recipients',
        type: 'address[]',
        value: null,
        children: [
          { name: 'recipients[0]', type: 'address', value: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' },
        ],
      },
      {
        name: 'amounts',
        type: 'uint256[]',
        value: null,
        children: [{ name: 'amounts[0]', type: 'uint256', value: '5' }],
      },
    ])
  })

  test('behavior: a domain without chainId is reviewed with chainId null', () => {
    const { chainId: _c, ...domain } = permit.domain
    expect(
      typedDataReview(
        {
          ...permit,
          domain,
          types: {
            ...permit.types,
            EIP712Domain: permit.types.EIP712Domain.filter((f) => f.name !== 'chainId'),
          },
        },
        1,
      ).chainId,
    ).toBeNull()
  })

  test('error: a domain for another chain is -32602 naming both', () => {
    const error = refusal(() => typedDataReview(permit, 1))
    expect(error.code).toBe(RPC_ERROR.invalidParams)
    expect(error.message).toContain('31337')
  })

  test('error: malformed typed data is -32602 naming what', () => {
    const cases: [unknown, RegExp][] = [
      ['{not json', /not valid JSON/],
      [{ ...permit, primaryType: 'Missing' }, /primaryType/],
      [
        { ...permit, message: { ...permit.message, spender: 'nobody' } },
        /message\.spender must be an address/,
      ],
      [
        { ...permit, message: { ...permit.message, sigDeadline: 'soon' } },
        /message\.sigDeadline must be an integer/,
      ],
      [{ ...permit, message: { ...permit.message, details: 'x' } }, /message\.details must be an object/],
    ]
    for (const [raw, message] of cases) {
      const error = refusal(() => typedDataReview(raw, 31337))
      expect(error.code).toBe(RPC_ERROR.invalidParams)
      expect(error.message).toMatch(message)
    }
  })

  test('error: an integer out of its type range is refused', () => {
    const tooBig = {
      ...permit,
      message: { ...permit.message, details: { ...permit.message.details, expiration: '0x1000000000000' } },
    }
    expect(refusal(() => typedDataReview(tooBig, 31337)).code).toBe(RPC_ERROR.invalidParams)
  })
})

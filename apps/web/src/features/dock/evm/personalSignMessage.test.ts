import { RPC_ERROR } from '@stratos/dock-sdk'
import { describe, expect, test } from 'vitest'
import type { DockRpcFailure } from '../../../lib/dockRpcFailure'
import { personalSignMessage } from './personalSignMessage'

const ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'

describe('personalSignMessage', () => {
  test('behavior: hex of printable UTF-8 shows as text', () => {
    const message = personalSignMessage(['0x48656c6c6f2c0a776f726c6420e282ac', ADDRESS])
    expect(message.text).toBe('Hello,\nworld €')
  })

  test('behavior: bytes that are not printable show as hex only', () => {
    expect(personalSignMessage(['0x00ff10', ADDRESS])).toMatchObject({ text: null, hex: '0x00ff10' })
    // A right-to-left override could make text read differently than it is.
    expect(personalSignMessage(['0xe280ae616263', ADDRESS]).text).toBeNull()
  })

  test('behavior: a string that is not hex is signed as its UTF-8', () => {
    expect(personalSignMessage(['Sign in to Swap', ADDRESS])).toMatchObject({
      text: 'Sign in to Swap',
      hex: '0x5369676e20696e20746f2053776170',
    })
  })

  test('error: malformed params are -32602', () => {
    for (const params of [[], ['0x00'], [1, ADDRESS], ['0x00', 'nobody']]) {
      let code: number | undefined
      try {
        personalSignMessage(params)
      } catch (error) {
        code = (error as DockRpcFailure).code
      }
      expect(code).toBe(RPC_ERROR.invalidParams)
    }
  })
})

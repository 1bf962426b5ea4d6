import { describe, expect, test } from 'vitest'
import { BaseError } from './BaseError.js'

class WidgetError extends BaseError<'WIDGET_BROKEN' | 'WIDGET_MISSING'> {
  override name = 'WidgetError'
}

describe('BaseError', () => {
  test('behavior: message is the short message when there are no details', () => {
    const error = new BaseError('SOMETHING', 'Something went wrong')
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({
      name: 'BaseError',
      code: 'SOMETHING',
      shortMessage: 'Something went wrong',
      details: undefined,
      message: 'Something went wrong',
    })
  })

  test('behavior: details are appended to the message on their own paragraph; cause is kept', () => {
    const cause = new Error('socket hang up')
    const error = new BaseError('RPC_ERROR', 'The node did not answer', { details: 'eth_call', cause })
    expect(error.message).toBe('The node did not answer\n\nDetails: eth_call')
    expect(error.shortMessage).toBe('The node did not answer')
    expect(error.details).toBe('eth_call')
    expect(error.cause).toBe(cause)
  })

  test('behavior: a subclass keeps its name, its typed code and instanceof both ways', () => {
    const error = new WidgetError('WIDGET_MISSING', 'No widget here')
    expect(error).toBeInstanceOf(WidgetError)
    expect(error).toBeInstanceOf(BaseError)
    expect(error.name).toBe('WidgetError')
    const code: 'WIDGET_BROKEN' | 'WIDGET_MISSING' = error.code
    expect(code).toBe('WIDGET_MISSING')
    expect(String(error)).toBe('WidgetError: No widget here')
  })
})

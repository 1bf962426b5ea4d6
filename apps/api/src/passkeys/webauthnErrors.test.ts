import { describe, expect, test } from 'vitest'
import { toCeremonyError } from './webauthnErrors.js'

// Messages as @simplewebauthn/server 14 throws them. If an upgrade rewords one, this test fails
// and the mapping must follow; the ceremony tests in auth.test.ts exercise the real library.
describe('toCeremonyError', () => {
  test.each([
    [
      'Unexpected authentication response origin "https://evil", expected "http://localhost"',
      401,
      'ORIGIN_MISMATCH',
    ],
    ['Unexpected RP ID hash', 401, 'RP_ID_MISMATCH'],
    ['Response counter value 3 was lower than expected 5', 401, 'COUNTER_INVALID'],
    ['Unexpected authentication response challenge "a", expected "b"', 401, 'CHALLENGE_MISMATCH'],
    ['User verification required, but user could not be verified', 401, 'USER_VERIFICATION_REQUIRED'],
    ['User not present during authentication', 401, 'USER_PRESENCE_REQUIRED'],
    ['Unexpected authentication response type: webauthn.create', 401, 'CEREMONY_TYPE_INVALID'],
    ['Unexpected end of JSON input', 400, 'WEBAUTHN_RESPONSE_INVALID'],
  ])('behavior: login failure "%s" -> %i %s', (message, status, code) => {
    const error = toCeremonyError(new Error(message), 'authentication')
    expect(error.status).toBe(status)
    expect(error.code).toBe(code)
    // The library's message (which echoes challenges and origins) is kept as cause, not shown.
    expect(error.message).not.toBe(message)
  })

  test('behavior: registration failures are 400', () => {
    const error = toCeremonyError(
      new Error('Unexpected registration response origin "x", expected "y"'),
      'registration',
    )
    expect(error.status).toBe(400)
    expect(error.code).toBe('ORIGIN_MISMATCH')
  })
})

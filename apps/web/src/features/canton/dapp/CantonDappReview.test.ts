import { buildPreparedTransfer, PARTIES, serverResponse } from '@stratos/canton/testing'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { bytesToHex } from '../encoding'
import { CantonDappReview } from './CantonDappReview'
import {
  type CantonDappReviewData,
  reviewDappTransaction,
  UNDESCRIBED_WARNING,
} from './reviewDappTransaction'

const render = (review: CantonDappReviewData) =>
  renderToStaticMarkup(createElement(CantonDappReview, { review, onConfirm: () => {}, onCancel: () => {} }))

async function transferReview() {
  const prepared = await serverResponse(buildPreparedTransfer())
  return (await reviewDappTransaction({ ...prepared, commandId: 'cmd-1' }, PARTIES.alice, 'prepareExecute'))
    .review
}

describe('CantonDappReview', () => {
  test('behavior: a transfer shows sender, receiver, amount, the hash in hex and the two buttons', async () => {
    const review = await transferReview()
    const html = render(review)
    expect(html).toContain('aria-label="Review transfer"')
    expect(html).toContain(PARTIES.bob)
    expect(html).toContain('10 USDX')
    expect(html).toContain(bytesToHex(review.hash))
    expect(html).toMatch(/<button[^>]*>Cancel<\/button>/)
    expect(html).toMatch(/<button[^>]*>Confirm and sign<\/button>/)
    expect(html).not.toContain('cannot describe')
  })

  test('behavior: an undescribed transaction lists its actions under the warning', async () => {
    const review = await transferReview()
    const listed: CantonDappReviewData = {
      ...review,
      description: {
        kind: 'actions',
        rollbacks: 1,
        actions: [
          {
            kind: 'exercise',
            depth: 0,
            templateId: 'abc:My.App:Vault',
            packageName: 'my-app',
            choice: 'Drain',
            contractId: '00ff',
            consuming: true,
            actingParties: [PARTIES.alice],
          },
        ],
      },
      warning: UNDESCRIBED_WARNING,
    }
    const html = render(listed)
    expect(html).toContain('aria-label="Review: Canton transaction"')
    expect(html).toContain('The wallet cannot describe what this transaction does')
    expect(html).toContain('<strong>Drain</strong> on My.App:Vault (my-app)')
    expect(html).toContain('archiving it')
    expect(html).toContain('1 rolled-back part not listed')
  })

  test('behavior: a message shows the text to sign', () => {
    const html = render({ kind: 'message', partyId: PARTIES.alice, message: 'Sign in <now>' })
    expect(html).toContain('aria-label="Review: sign a message"')
    expect(html).toContain('Sign in &lt;now&gt;')
    expect(html).not.toContain('Hash you sign')
  })
})

import { useEffect, useState } from 'react'
import { describeError } from '../describeError'
import { loadChunk } from '../loadChunk'

type QrState = { phase: 'loading' } | { phase: 'ready'; src: string } | { phase: 'failed'; error: string }

/**
 * A QR code of `value` as an image, with `alt` describing what it encodes. The encoder loads the
 * first time a QR code shows; while it does, a placeholder of the same size holds the place.
 */
export function QrCode({ value, alt, size = 176 }: { value: string; alt: string; size?: number }) {
  const [state, setState] = useState<QrState>({ phase: 'loading' })

  useEffect(() => {
    let current = true
    setState({ phase: 'loading' })
    loadChunk(() => import('qrcode'))
      .then(({ toDataURL }) => toDataURL(value, { margin: 1, width: size, errorCorrectionLevel: 'M' }))
      .then((src) => current && setState({ phase: 'ready', src }))
      .catch((error) => current && setState({ phase: 'failed', error: describeError(error) }))
    return () => {
      current = false
    }
  }, [value, size])

  if (state.phase === 'ready')
    return <img className="qr" src={state.src} alt={alt} width={size} height={size} />
  if (state.phase === 'failed')
    return (
      <span className="qr qr--failed small" role="alert" style={{ width: size, height: size }}>
        No QR code: {state.error}
      </span>
    )
  return (
    <span
      className="qr qr--loading"
      role="img"
      aria-label={`${alt} (loading)`}
      style={{ width: size, height: size }}
    />
  )
}

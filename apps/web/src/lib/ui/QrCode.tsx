import { toDataURL } from 'qrcode'
import { useEffect, useState } from 'react'

/** A QR code of `value` as an image, with `alt` describing what it encodes. */
export function QrCode({ value, alt, size = 176 }: { value: string; alt: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null)

  useEffect(() => {
    let current = true
    toDataURL(value, { margin: 1, width: size, errorCorrectionLevel: 'M' })
      .then((url) => current && setSrc(url))
      .catch(() => current && setSrc(null))
    return () => {
      current = false
    }
  }, [value, size])

  if (!src) return <span className="qr qr--loading" style={{ width: size, height: size }} />
  return <img className="qr" src={src} alt={alt} width={size} height={size} />
}

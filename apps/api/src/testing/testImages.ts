/**
 * Real image files for tests of the logo: each drawn as a 3 x 2 pixel canvas (#4f46e5) and encoded
 * by Chromium's canvas encoders (`toDataURL`), which write the ICC profile too (so the WebP files
 * are the extended VP8X format); the simple VP8 and VP8L forms are cut from them.
 */

const decode = (base64: string) => Uint8Array.from(Buffer.from(base64, 'base64'))

/** PNG, 3 x 2. */
export const PNG_3X2 = decode(
  'iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAYAAACddGYaAAAAEklEQVR4AWLyd3v6H4aZGJAAAAAA///4PDX8AAAABklEQVQDAI0IB3C4BrPLAAAAAElFTkSuQmCC',
)

/** Baseline JPEG (JFIF, ICC profile), 3 x 2. */
export const JPEG_3X2 = decode(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAACAAMDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAX/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAAAwb/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCYApRv/9k=',
)

/** Extended WebP (VP8X, ICC profile) with a lossy VP8 image, 3 x 2. */
export const WEBP_LOSSY_3X2 = decode(
  'UklGRhQCAABXRUJQVlA4WAoAAAAgAAAAAgAAAQAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDggJgAAAHABAJ0BKgMAAgACwEwloAJ0AXUAAP7rNv/84l/9Av/AXoU3iIAA',
)

/** Extended WebP (VP8X, ICC profile) with a lossless VP8L image, 3 x 2. */
export const WEBP_LOSSLESS_3X2 = decode(
  'UklGRgACAABXRUJQVlA4WAoAAAAgAAAAAgAAAQAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDhMEQAAAC8CQAAAB1CjPrW8/4GI6H8AAA==',
)

/** The simple WebP form (RFC 9649 §2.5/§2.6): RIFF, WEBP and only the `fourcc` chunk of `extended`. */
export function simpleWebp(extended: Uint8Array, fourcc: 'VP8 ' | 'VP8L'): Uint8Array {
  const view = new DataView(extended.buffer, extended.byteOffset, extended.byteLength)
  let at = 12
  while (at + 8 <= extended.length) {
    const name = String.fromCharCode(...extended.subarray(at, at + 4))
    const size = view.getUint32(at + 4, true)
    const chunk = extended.subarray(at, at + 8 + size + (size % 2))
    if (name === fourcc) {
      const file = new Uint8Array(12 + chunk.length)
      file.set(new TextEncoder().encode('RIFF'), 0)
      new DataView(file.buffer).setUint32(4, 4 + chunk.length, true)
      file.set(new TextEncoder().encode('WEBP'), 8)
      file.set(chunk, 12)
      return file
    }
    at += 8 + size + (size % 2)
  }
  throw new Error(`no ${fourcc} chunk`)
}

/** `png` with the size in its IHDR set to `width` x `height` (the header only: the CRC no longer matches). */
export function pngSized(width: number, height: number, png: Uint8Array = PNG_3X2): Uint8Array {
  const copy = png.slice()
  const view = new DataView(copy.buffer)
  view.setUint32(16, width)
  view.setUint32(20, height)
  return copy
}

/** `jpeg` with the size in its first start-of-frame segment set to `width` x `height`. */
export function jpegSized(width: number, height: number, jpeg: Uint8Array = JPEG_3X2): Uint8Array {
  const copy = jpeg.slice()
  const view = new DataView(copy.buffer)
  for (let at = 2; at + 9 <= copy.length; ) {
    const marker = copy[at + 1]!
    if (marker === 0xc0 || marker === 0xc2) {
      view.setUint16(at + 5, height)
      view.setUint16(at + 7, width)
      return copy
    }
    at += 2 + view.getUint16(at + 2)
  }
  throw new Error('no start of frame')
}

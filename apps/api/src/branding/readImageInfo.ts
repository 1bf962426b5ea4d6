import type { BrandLogoMediaType } from '@stratos/schemas'

/** What a logo file is, read from its own bytes (never from a declared type). */
export interface ImageInfo {
  mediaType: BrandLogoMediaType
  width: number
  height: number
}

/** Why the bytes are not a logo we serve: not an image we accept, or a header we cannot read. */
export type ImageProblem = { problem: 'svg' | 'unknown' | 'unreadable'; format?: BrandLogoMediaType }

/**
 * The format and pixel size of a PNG, JPEG or WebP file, recognised by its signature ("magic
 * bytes") and read from its header; the rest of the file is not decoded. An SVG (XML that can
 * carry script) or any other format is refused with what it looks like.
 */
export function readImageInfo(bytes: Uint8Array): ImageInfo | ImageProblem {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return readPng(bytes)
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return readJpeg(bytes)
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return readWebp(bytes)
  return { problem: looksLikeSvg(bytes) ? 'svg' : 'unknown' }
}

/** PNG (ISO/IEC 15948 §11.2.2): the first chunk is IHDR, width and height as 4-byte big-endian. */
function readPng(bytes: Uint8Array): ImageInfo | ImageProblem {
  const unreadable = { problem: 'unreadable', format: 'image/png' } as const
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== 'IHDR') return unreadable
  const view = dataView(bytes)
  return sized('image/png', view.getUint32(16), view.getUint32(20)) ?? unreadable
}

/**
 * JPEG (ITU-T T.81 Annex B): markers from SOI on, each segment's length after it, until a start
 * of frame (SOF0-SOF15 but DHT, JPG and DAC), which holds the height and then the width.
 */
function readJpeg(bytes: Uint8Array): ImageInfo | ImageProblem {
  const unreadable = { problem: 'unreadable', format: 'image/jpeg' } as const
  const view = dataView(bytes)
  let at = 2
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return unreadable
    const marker = bytes[at + 1]!
    // Fill bytes, and markers without a segment (TEM, RST0-7) carry no length.
    if (marker === 0xff) {
      at += 1
      continue
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2
      continue
    }
    // The image data (SOS) or its end (EOI) before any frame header: there is no size to read.
    if (marker === 0xda || marker === 0xd9) return unreadable
    const length = view.getUint16(at + 2)
    if (length < 2) return unreadable
    const frame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)
    if (frame) {
      if (at + 9 > bytes.length) return unreadable
      return sized('image/jpeg', view.getUint16(at + 7), view.getUint16(at + 5)) ?? unreadable
    }
    at += 2 + length
  }
  return unreadable
}

/**
 * WebP (RFC 9649): a RIFF container whose first chunk is VP8 (lossy: RFC 6386 §9.1 frame
 * header), VP8L (lossless: 14-bit width and height minus one) or VP8X (extended: 24-bit canvas
 * width and height minus one).
 */
function readWebp(bytes: Uint8Array): ImageInfo | ImageProblem {
  const unreadable = { problem: 'unreadable', format: 'image/webp' } as const
  if (bytes.length < 30) return unreadable
  const view = dataView(bytes)
  const chunk = ascii(bytes, 12, 4)
  if (chunk === 'VP8 ') {
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return unreadable
    return (
      sized('image/webp', view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff) ?? unreadable
    )
  }
  if (chunk === 'VP8L') {
    if (bytes[20] !== 0x2f) return unreadable
    const bits = view.getUint32(21, true)
    return sized('image/webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1) ?? unreadable
  }
  if (chunk === 'VP8X') {
    const uint24 = (offset: number) => bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16)
    return sized('image/webp', uint24(24) + 1, uint24(27) + 1) ?? unreadable
  }
  return unreadable
}

function sized(mediaType: BrandLogoMediaType, width: number, height: number): ImageInfo | undefined {
  return width > 0 && height > 0 ? { mediaType, width, height } : undefined
}

/** An SVG document: XML text (after a byte order mark, blanks, a prolog or comments) with an `<svg` element. */
function looksLikeSvg(bytes: Uint8Array): boolean {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096))
  return /^\uFEFF?\s*</.test(text) && /<svg[\s>/]/i.test(text)
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte)
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length))
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

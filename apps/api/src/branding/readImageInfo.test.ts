import { describe, expect, test } from 'vitest'
import {
  JPEG_3X2,
  jpegSized,
  PNG_3X2,
  pngSized,
  simpleWebp,
  WEBP_LOSSLESS_3X2,
  WEBP_LOSSY_3X2,
} from '../testing/testImages.js'
import { readImageInfo } from './readImageInfo.js'

const text = (value: string) => new TextEncoder().encode(value)

describe('readImageInfo', () => {
  test('behavior: reads the format and size of PNG, JPEG and every WebP form from their own bytes', () => {
    const files: [string, Uint8Array, string][] = [
      ['png', PNG_3X2, 'image/png'],
      ['jpeg', JPEG_3X2, 'image/jpeg'],
      ['webp VP8X (lossy)', WEBP_LOSSY_3X2, 'image/webp'],
      ['webp VP8X (lossless)', WEBP_LOSSLESS_3X2, 'image/webp'],
      ['webp VP8', simpleWebp(WEBP_LOSSY_3X2, 'VP8 '), 'image/webp'],
      ['webp VP8L', simpleWebp(WEBP_LOSSLESS_3X2, 'VP8L'), 'image/webp'],
    ]
    for (const [name, bytes, mediaType] of files)
      expect([name, readImageInfo(bytes)]).toEqual([name, { mediaType, width: 3, height: 2 }])
  })

  test('behavior: the size comes from the header, width and height each in their place', () => {
    expect(readImageInfo(pngSized(1500, 20))).toEqual({ mediaType: 'image/png', width: 1500, height: 20 })
    expect(readImageInfo(jpegSized(20, 1500))).toEqual({ mediaType: 'image/jpeg', width: 20, height: 1500 })
  })

  test('error: an SVG document is named as such, with or without an XML prolog, BOM or comment', () => {
    for (const svg of [
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '\uFEFF<?xml version="1.0"?>\n<!-- logo -->\n<svg viewBox="0 0 1 1"/>',
      '  <!DOCTYPE svg><SVG>',
    ])
      expect(readImageInfo(text(svg))).toEqual({ problem: 'svg' })
  })

  test('error: other formats and text are unknown, whatever their name or declared type', () => {
    for (const bytes of [
      text('GIF89a\x01\x00\x01\x00'),
      text('<html><body>not an image</body></html>'),
      text('RIFF\x00\x00\x00\x00WAVEfmt '),
      new Uint8Array([0x89, 0x50, 0x4e]),
      new Uint8Array(0),
    ])
      expect(readImageInfo(bytes)).toEqual({ problem: 'unknown' })
  })

  test('error: a signature without a readable header is unreadable, naming the format it claims', () => {
    expect(readImageInfo(PNG_3X2.subarray(0, 20))).toEqual({ problem: 'unreadable', format: 'image/png' })
    expect(readImageInfo(pngSized(0, 2))).toEqual({ problem: 'unreadable', format: 'image/png' })
    // SOI straight into the image data: no frame header gives a size.
    expect(readImageInfo(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0x00, 0x08, 0, 0, 0, 0]))).toEqual({
      problem: 'unreadable',
      format: 'image/jpeg',
    })
    expect(readImageInfo(JPEG_3X2.subarray(0, 100))).toEqual({ problem: 'unreadable', format: 'image/jpeg' })
    const webp = simpleWebp(WEBP_LOSSY_3X2, 'VP8 ')
    webp[23] = 0 // not the VP8 start code
    expect(readImageInfo(webp)).toEqual({ problem: 'unreadable', format: 'image/webp' })
    expect(readImageInfo(WEBP_LOSSY_3X2.subarray(0, 16))).toEqual({
      problem: 'unreadable',
      format: 'image/webp',
    })
  })
})

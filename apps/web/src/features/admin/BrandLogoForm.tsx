import {
  BRAND_LOGO_MAX_BYTES,
  BRAND_LOGO_MAX_PIXELS,
  BRAND_LOGO_MEDIA_TYPES,
  type BrandLogo,
} from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useRef, useState } from 'react'
import { api } from '../../lib/api'
import { CONFIG_QUERY_KEY } from '../../lib/session'
import { Field } from '../../lib/ui/Field'
import { useAction } from '../../lib/useAction'
import { adminAuditKey, adminBrandingKey } from './queries'

/** A chosen file, as it will look: its data: URL (the CSP allows data: images) and pixel size. */
interface Chosen {
  file: File
  preview: string
  width: number
  height: number
}

function readDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(file)
  })
}

function pixelSize(src: string): Promise<{ width: number; height: number }> {
  return new Promise((resolve, reject) => {
    const image = new Image()
    image.onload = () => resolve({ width: image.naturalWidth, height: image.naturalHeight })
    image.onerror = () => reject(new Error('The browser cannot show this file as an image.'))
    image.src = src
  })
}

/**
 * The logo: the one in use, a chosen file's preview before it is uploaded, and its removal. The
 * browser checks what it can first (type, bytes, pixels); the API checks the file's own bytes.
 */
export function BrandLogoForm({ logo }: { logo: BrandLogo | null }) {
  const id = useId()
  const queryClient = useQueryClient()
  const input = useRef<HTMLInputElement>(null)
  const [chosen, setChosen] = useState<Chosen | null>(null)
  const [problem, setProblem] = useState<string | undefined>(undefined)
  const [notice, setNotice] = useState<string | null>(null)

  async function changed(answer: Awaited<ReturnType<typeof api.admin.branding.get>>, message: string) {
    queryClient.setQueryData(adminBrandingKey, answer)
    setNotice(message)
    setChosen(null)
    if (input.current) input.current.value = ''
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: CONFIG_QUERY_KEY }),
      queryClient.invalidateQueries({ queryKey: adminAuditKey }),
    ])
  }
  const upload = useAction(async (file: File) =>
    changed(await api.admin.branding.uploadLogo(file), `Uploaded ${file.name} as the logo.`),
  )
  const remove = useAction(async () => changed(await api.admin.branding.removeLogo(), 'The logo is removed.'))
  const busy = upload.busy || remove.busy

  async function choose(file: File | undefined) {
    setChosen(null)
    setNotice(null)
    setProblem(undefined)
    upload.reset()
    if (!file) return
    if (!(BRAND_LOGO_MEDIA_TYPES as readonly string[]).includes(file.type))
      return setProblem(
        `${file.name} is not a PNG, JPEG or WebP image. (SVG is not accepted: an SVG can carry script.)`,
      )
    if (file.size > BRAND_LOGO_MAX_BYTES)
      return setProblem(`${file.name} is ${Math.ceil(file.size / 1024)} KiB: at most 256 KiB are accepted.`)
    try {
      const preview = await readDataUrl(file)
      const { width, height } = await pixelSize(preview)
      if (width > BRAND_LOGO_MAX_PIXELS || height > BRAND_LOGO_MAX_PIXELS)
        return setProblem(
          `${file.name} is ${width} x ${height} pixels: at most ${BRAND_LOGO_MAX_PIXELS} x ${BRAND_LOGO_MAX_PIXELS} are accepted.`,
        )
      setChosen({ file, preview, width, height })
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error))
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!chosen) return setProblem('Choose an image first.')
    void upload.run(chosen.file)
  }

  const shown = chosen
    ? {
        src: chosen.preview,
        caption: `Preview of ${chosen.file.name}: ${chosen.width} x ${chosen.height} pixels`,
      }
    : logo && {
        src: logo.url,
        caption: `The logo in use: ${logo.mediaType.replace('image/', '').toUpperCase()}, ${logo.width} x ${logo.height} pixels, ${Math.ceil(logo.bytes / 1024)} KiB`,
      }

  return (
    <form className="brand-logo" onSubmit={onSubmit} aria-label="Logo" aria-busy={busy}>
      <h3 className="admin-subheading">Logo</h3>
      {shown ? (
        <figure className="brand-logo__figure">
          <img src={shown.src} alt={chosen ? 'Preview of the chosen logo' : 'The logo in use'} />
          <figcaption className="hint">{shown.caption}</figcaption>
        </figure>
      ) : (
        <p className="muted">No logo: the app shows the brand mark in the primary colour.</p>
      )}
      <div className="admin-upload">
        <Field
          id={`${id}-logo`}
          label="Logo image"
          hint="PNG, JPEG or WebP, at most 256 KiB and 1024 x 1024 pixels."
          error={problem ?? upload.error ?? undefined}
        >
          {(control) => (
            <input
              {...control}
              ref={input}
              type="file"
              accept={BRAND_LOGO_MEDIA_TYPES.join(',')}
              onChange={(event) => void choose(event.target.files?.[0])}
              disabled={busy}
            />
          )}
        </Field>
        <button type="submit" className="button button--primary" disabled={busy || !chosen}>
          {upload.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
          Upload logo
        </button>
        {logo && (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => {
              setNotice(null)
              void remove.run()
            }}
          >
            {remove.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
            Remove logo
          </button>
        )}
      </div>
      {remove.error && (
        <p role="alert" className="alert alert--error">
          Not removed: {remove.error}
        </p>
      )}
      {notice && (
        <p role="status" className="alert alert--success">
          {notice}
        </p>
      )}
    </form>
  )
}

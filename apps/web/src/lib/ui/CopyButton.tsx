import { useEffect, useState } from 'react'

/**
 * Copies `text` to the clipboard. Its accessible name stays `label` ("Copy" by default) so tests
 * and screen readers find it; the confirmation is announced through a polite live region.
 */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')

  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), 2_000)
    return () => clearTimeout(timer)
  }, [state])

  async function copy() {
    try {
      await navigator.clipboard.writeText(text)
      setState('copied')
    } catch {
      setState('failed')
    }
  }

  return (
    <span className="copy">
      <button type="button" className="button button--ghost button--small" onClick={copy}>
        {label}
      </button>
      <span className="copy__feedback" aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text instead' : ''}
      </span>
    </span>
  )
}

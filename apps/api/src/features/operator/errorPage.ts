import type { ApiError } from '../../errors.js'

/**
 * The page a browser shows when an operator sign-in is refused. The start and the callback are
 * browser navigations (the callback comes from the identity provider), so a browser gets this
 * page, with the same status, code and message as the JSON answer other clients get.
 */
export function errorPage(error: ApiError, instanceName: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Operator sign-in refused · ${escapeHtml(instanceName)}</title>
</head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5">
<h1 style="font-size: 1.4rem">Operator sign-in refused</h1>
<p>${escapeHtml(error.message)}</p>
<p style="color: #666"><code>${escapeHtml(error.code)}</code></p>
<p><a href="/">Back to ${escapeHtml(instanceName)}</a></p>
</body>
</html>
`
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  )
}

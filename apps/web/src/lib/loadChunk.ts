import { ChunkLoadError } from './AppError'

/**
 * Runs a dynamic `import()` of a part of the app loaded when it is used. A failed download (or a
 * chunk that fails to start) rejects with `ChunkLoadError`, whose message a person can act on,
 * with the browser's error as `cause`.
 */
export async function loadChunk<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load()
  } catch (cause) {
    throw new ChunkLoadError({ cause })
  }
}

/** The tail of each sending account's queue: `rpcUrl account` -> the last task queued. */
const queues = new Map<string, Promise<unknown>>()

/**
 * Runs `task` after every earlier task queued for the same account on the same node has settled.
 * The dev helpers send from the node's first unlocked account, and a node picks a transaction's
 * nonce when it receives it: two sends at once could take the same nonce and one would fail. Dev
 * mode runs as one process (`stratos dev`), so an in-process queue is the whole serialization.
 */
export function serializePerAccount<T>(rpcUrl: string, account: string, task: () => Promise<T>): Promise<T> {
  const key = `${rpcUrl} ${account.toLowerCase()}`
  const previous = queues.get(key) ?? Promise.resolve()
  const run = previous.then(task, task)
  // The queue continues whether this task succeeds or fails; its outcome is the caller's.
  const tail = run.then(
    () => undefined,
    () => undefined,
  )
  queues.set(key, tail)
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key)
  })
  return run
}

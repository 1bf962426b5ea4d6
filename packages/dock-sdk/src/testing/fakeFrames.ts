/**
 * Two (or more) windows in one Node process with the `postMessage` semantics of browsers, for the
 * dock-sdk's tests: a message is delivered later (a task, never synchronously), structured-cloned,
 * only when the target origin is `*` or the receiver's origin, and arrives with the sender's
 * `origin` and, as `source`, the handle by which the receiver reaches the sender (so
 * `event.source === window.parent` holds exactly for messages from the parent). Node's
 * `MessageEvent` accepts only a `MessagePort` as `source`, hence the small event class.
 */

/** What one window holds to post to another (`window.parent`, `iframe.contentWindow`). */
export interface WindowHandle {
  postMessage(message: unknown, targetOrigin: string): void
}

export class FakeMessageEvent extends Event {
  constructor(
    readonly data: unknown,
    readonly origin: string,
    readonly source: WindowHandle,
  ) {
    super('message')
  }
}

export class FakeWindow extends EventTarget {
  /** `window.parent`: this window itself until it is framed. */
  parent: WindowHandle
  private readonly handles = new Map<FakeWindow, WindowHandle>()
  private deliveries: Promise<void> = Promise.resolve()

  /** `origin` may change: a navigation of the frame to another site. */
  constructor(public origin: string) {
    super()
    this.parent = this.handleTo(this)
  }

  /** The handle by which this window posts to `other` (identical on every call). */
  handleTo(other: FakeWindow): WindowHandle {
    let handle = this.handles.get(other)
    if (!handle) {
      handle = {
        postMessage: (message, targetOrigin) => {
          const data = structuredClone(message)
          const origin = this.origin
          const source = other.handleTo(this)
          other.deliveries = other.deliveries.then(
            () =>
              new Promise<void>((resolve) =>
                setTimeout(() => {
                  if (targetOrigin === '*' || targetOrigin === other.origin)
                    other.dispatchEvent(new FakeMessageEvent(data, origin, source))
                  resolve()
                }, 0),
              ),
          )
        },
      }
      this.handles.set(other, handle)
    }
    return handle
  }

  /** Resolves once every message posted to this window so far has been delivered (or dropped). */
  async delivered(): Promise<void> {
    let current: Promise<void>
    do {
      current = this.deliveries
      await current
    } while (current !== this.deliveries)
  }
}

/** Embeds `child` as an iframe of `parent`; returns the parent's handle of the frame (`contentWindow`). */
export function frame(parent: FakeWindow, child: FakeWindow): WindowHandle {
  child.parent = child.handleTo(parent)
  return parent.handleTo(child)
}

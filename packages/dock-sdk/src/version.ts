/** The dock-sdk version an app runs, sent in `hello` (kept equal to package.json's by a test). */
export const SDK_VERSION = '0.1.0'

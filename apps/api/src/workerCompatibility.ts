/**
 * The workerd compatibility date and flags the Worker (`worker.ts`) is built and tested for: every
 * instance's wrangler configuration (`stratos instance create`) and every local run of it (tests,
 * bench) uses these. Kept apart from worker.ts, whose module may export only its handler.
 */
export const WORKER_COMPATIBILITY = { date: '2026-04-01', flags: ['nodejs_compat'] } as const

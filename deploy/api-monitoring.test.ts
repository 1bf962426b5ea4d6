/**
 * Checks the API's monitoring files against the tools that run them and against the code that
 * exports the metrics: promtool (alert rules, their unit tests, the dashboard's queries), the
 * metric names in rules and dashboard (each one `createApiMetrics()` registers, so renaming a
 * metric fails here), the runbook of every alert, and the Grafana and Prometheus wiring.
 *
 * promtool is required, not optional: a missing one fails the test with its Debian package.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createApiMetrics } from '@stratos/api'
import { afterAll, describe, expect, test } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { metricNames, panelsMissingTheirMetric } from './metricNames.js'

const deployDir = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(deployDir, '..')
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8')

const RULES_FILE = 'deploy/prometheus/api-alerts.yml'
const RULE_TESTS_FILE = 'deploy/prometheus/api-alerts.test.yml'
const DASHBOARD_FILE = 'deploy/grafana/api-dashboard.json'
const RUNBOOKS_FILE = 'docs/runbooks.md'

function promtool(args: string[]): { status: number | null; output: string } {
  const result = spawnSync('promtool', args, { cwd: repoRoot, encoding: 'utf8', timeout: 20_000 })
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error('promtool is not installed: run `apt-get install -y prometheus` (Debian)')
  }
  if (result.error) throw result.error
  return { status: result.status, output: result.stdout + result.stderr }
}

/**
 * Every series name the API exports: its registry's metrics, with the `_bucket`, `_sum` and
 * `_count` series of histograms and summaries.
 */
async function exportedSeries(): Promise<Set<string>> {
  const metrics = await createApiMetrics().registry.getMetricsAsJSON()
  return new Set(
    metrics.flatMap(({ name, type }) => {
      const kind = String(type)
      if (kind === 'histogram') return [`${name}_bucket`, `${name}_sum`, `${name}_count`]
      if (kind === 'summary') return [name, `${name}_sum`, `${name}_count`]
      return [name]
    }),
  )
}

/** Prometheus' own per-target series is the one name the API does not export itself. */
const PROMETHEUS_SERIES = new Set(['up'])

type Rule = {
  alert: string
  expr: string
  for?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
}

function loadRules(): Rule[] {
  const file = parseYaml(read(RULES_FILE)) as { groups: { name: string; rules: Rule[] }[] }
  expect(file.groups.map((g) => g.name)).toEqual(['stratos-api'])
  return file.groups.flatMap((group) => group.rules)
}

function alertNamed(name: string): Rule {
  const rule = loadRules().find((r) => r.alert === name)
  if (!rule) throw new Error(`alert ${name} is missing from ${RULES_FILE}`)
  return rule
}

type Target = { expr?: string; datasource?: unknown }
type Panel = { id: number; type: string; title: string; datasource?: unknown; targets?: Target[] }
type Dashboard = {
  uid: string
  title: string
  schemaVersion: number
  panels: Panel[]
  templating: { list: { name: string; type: string; query?: unknown; definition?: string }[] }
}

const dashboard = (): Dashboard => JSON.parse(read(DASHBOARD_FILE)) as Dashboard
const dashboardExprs = (d: Dashboard) =>
  d.panels.flatMap((panel) =>
    (panel.targets ?? []).flatMap((t) => (t.expr ? [{ panel: panel.title, expr: t.expr }] : [])),
  )

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-')
}

const scratch = mkdtempSync(path.join(tmpdir(), 'stratos-api-monitoring-test-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('API alert rules', () => {
  test('behavior: promtool accepts api-alerts.yml', () => {
    const result = promtool(['check', 'rules', RULES_FILE])
    expect(result.status, result.output).toBe(0)
    expect(result.output).toMatch(/SUCCESS: \d+ rules found/)
  })

  test('behavior: every unit test in api-alerts.test.yml passes', () => {
    const result = promtool(['test', 'rules', RULE_TESTS_FILE])
    expect(result.output).not.toContain('FAILED')
    expect(result.status, result.output).toBe(0)
  })

  test('behavior: every alert has a unit test in which it fires', () => {
    const tests = parseYaml(read(RULE_TESTS_FILE)) as {
      tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[]
    }
    const firing = new Set(
      tests.tests.flatMap((t) =>
        (t.alert_rule_test ?? []).filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname),
      ),
    )
    for (const { alert } of loadRules()) expect(firing.has(alert), `a test where ${alert} fires`).toBe(true)
  })

  test('behavior: the required alerts exist with their thresholds', () => {
    expect(alertNamed('StratosApiInstanceDown').expr).toBe('up{job="stratos-api"} == 0')
    expect(alertNamed('StratosApiNotReady').expr).toMatch(/stratos_api_ready\s*==\s*0$/)
    expect(alertNamed('StratosApiNoReadyInstance').expr).toContain('sum(stratos_api_ready)')
    const errorRate = alertNamed('StratosApiHighErrorRate').expr.replace(/\s+/g, ' ').trim()
    expect(errorRate).toBe(
      'sum(rate(stratos_api_http_requests_total{status=~"5..", route!~"/healthz|/readyz"}[5m])) / ' +
        '(sum(rate(stratos_api_http_requests_total{route!~"/healthz|/readyz"}[5m])) > 0) > 0.05',
    )
    expect(alertNamed('StratosApiHighLatency').expr).toMatch(
      /histogram_quantile\(0\.99, .*stratos_api_http_request_duration_seconds_bucket.*\)\s*> 1\s*$/s,
    )
    const logins = alertNamed('StratosApiLoginFailureSpike').expr.replace(/\s+/g, ' ').trim()
    expect(logins).toContain('sum(rate(stratos_api_auth_logins_total{outcome="failure"}[5m])) * 60 > 10 and')
    expect(logins).toMatch(/\/ sum\(rate\(stratos_api_auth_logins_total\[5m\]\)\) > 0\.5$/)
    expect(alertNamed('StratosApiDatabaseSlow').expr).toContain(
      'stratos_api_db_query_duration_seconds_bucket',
    )
    expect(alertNamed('StratosApiUpstreamErrors').expr).toContain('sum by (upstream)')
  })

  test('behavior: every alert has a severity, a summary, a description and a runbook section that exists', () => {
    const headings = new Set(
      read(RUNBOOKS_FILE)
        .split('\n')
        .flatMap((line) => line.match(/^#{2,4} (.+)$/)?.[1] ?? [])
        .map(anchorOf),
    )
    const rules = loadRules()
    expect(rules.length).toBeGreaterThan(0)
    for (const rule of rules) {
      expect(['critical', 'warning'], rule.alert).toContain(rule.labels?.severity)
      expect(rule.for, rule.alert).toMatch(/^\d+m$/)
      expect(rule.annotations?.summary, rule.alert).toBeTruthy()
      expect(rule.annotations?.description, rule.alert).toBeTruthy()
      const anchor = rule.alert.toLowerCase()
      expect(rule.annotations?.runbook, rule.alert).toBe(`${RUNBOOKS_FILE}#${anchor}`)
      expect(headings.has(anchor), `${RUNBOOKS_FILE} has a heading "${rule.alert}"`).toBe(true)
    }
  })

  test('behavior: rules use only metrics the API exports, and up', async () => {
    const exported = await exportedSeries()
    for (const rule of loadRules()) {
      for (const name of metricNames(rule.expr)) {
        expect(
          exported.has(name) || PROMETHEUS_SERIES.has(name),
          `${rule.alert} uses unknown metric ${name}`,
        ).toBe(true)
      }
    }
  })
})

describe('the exported metric names', () => {
  test('behavior: the application metrics are stratos_api_*, the process metrics unprefixed', async () => {
    const exported = await exportedSeries()
    for (const name of [
      'stratos_api_http_requests_total',
      'stratos_api_http_request_duration_seconds_bucket',
      'stratos_api_db_query_duration_seconds_bucket',
      'stratos_api_auth_logins_total',
      'stratos_api_auth_registrations_total',
      'stratos_api_sessions_active',
      'stratos_api_upstream_request_duration_seconds_bucket',
      'stratos_api_upstream_errors_total',
      'stratos_api_ready',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
    ]) {
      expect(exported.has(name), name).toBe(true)
    }
  })

  test('error: a name the API does not export is caught', async () => {
    const exported = await exportedSeries()
    expect(metricNames('rate(stratos_api_http_requests_totals[5m])').every((n) => exported.has(n))).toBe(
      false,
    )
  })
})

describe('API dashboard', () => {
  test('behavior: uid stratos-api, data source from the DS_PROMETHEUS variable on every panel and query', () => {
    const d = dashboard()
    expect(d.uid).toBe('stratos-api')
    expect(d.schemaVersion).toBeGreaterThanOrEqual(39)
    expect(d.templating.list).toContainEqual(
      expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', query: 'prometheus' }),
    )
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JS template
    const ds = { type: 'prometheus', uid: '${DS_PROMETHEUS}' }
    for (const panel of d.panels.filter((p) => p.type !== 'row')) {
      expect(panel.datasource, panel.title).toEqual(ds)
      for (const target of panel.targets ?? []) expect(target.datasource, panel.title).toEqual(ds)
    }
    const ids = d.panels.map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  test('behavior: has the required panels, each querying its metric', () => {
    const panels = dashboard().panels
    const required: [title: string, metric: string][] = [
      ['Request rate by route', 'stratos_api_http_requests_total'],
      ['Error ratio', 'stratos_api_http_requests_total'],
      ['Latency p50 / p95 / p99', 'stratos_api_http_request_duration_seconds_bucket'],
      ['Sign-ins by outcome', 'stratos_api_auth_logins_total'],
      ['Registrations by outcome', 'stratos_api_auth_registrations_total'],
      ['Active sessions', 'stratos_api_sessions_active'],
      ['Database statement latency by kind', 'stratos_api_db_query_duration_seconds_bucket'],
      ['Upstream latency', 'stratos_api_upstream_request_duration_seconds_bucket'],
      ['Upstream errors', 'stratos_api_upstream_errors_total'],
      ['CPU', 'process_cpu_seconds_total'],
      ['Memory', 'process_resident_memory_bytes'],
    ]
    expect(panelsMissingTheirMetric(panels, required)).toEqual([])
    expect(panels.find((p) => p.title === 'Request rate by route')?.targets?.[0]?.expr).toMatch(
      /sum by \(route\)/,
    )
    const quantiles = panels
      .find((p) => p.title === 'Latency p50 / p95 / p99')
      ?.targets?.map((t) => t.expr?.match(/histogram_quantile\(([\d.]+),/)?.[1])
    expect(quantiles).toEqual(['0.5', '0.95', '0.99'])
  })

  test('behavior: queries and variables use only metrics the API exports, and up', async () => {
    const exported = await exportedSeries()
    const d = dashboard()
    const exprs = dashboardExprs(d)
    expect(exprs.length).toBeGreaterThan(0)
    for (const { panel, expr } of exprs) {
      for (const name of metricNames(expr)) {
        expect(
          exported.has(name) || PROMETHEUS_SERIES.has(name),
          `panel "${panel}" uses unknown metric ${name}`,
        ).toBe(true)
      }
    }
    for (const variable of d.templating.list.filter((v) => v.type === 'query')) {
      const metric = variable.definition?.match(/^label_values\(\s*([a-zA-Z_:][\w:]*)\s*,/)?.[1]
      expect(metric && exported.has(metric), `variable ${variable.name}: ${variable.definition}`).toBe(true)
    }
  })

  test('behavior: process metrics are taken from the API job only (the relayers export the same names)', () => {
    for (const { panel, expr } of dashboardExprs(dashboard())) {
      if (/\b(process|nodejs)_/.test(expr)) expect(expr, panel).toContain('job="stratos-api"')
    }
  })

  test('behavior: every query is valid PromQL once Grafana variables are filled in', () => {
    const rules = dashboardExprs(dashboard()).map(({ expr }, i) => ({
      record: `dashboard:query_${i}`,
      expr: expr
        .replaceAll('$__rate_interval', '1m')
        .replaceAll('$__interval', '15s')
        .replace(/\$\{?\w+\}?/g, '.*'),
    }))
    // JSON is valid YAML, so promtool reads this file as a rule file.
    const file = path.join(scratch, 'api-dashboard-queries.yml')
    writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard', rules }] }))
    const result = promtool(['check', 'rules', file])
    expect(result.status, result.output).toBe(0)
  })
})

describe('wiring', () => {
  test('behavior: Prometheus loads api-alerts.yml and scrapes job stratos-api on port 9465', () => {
    const config = parseYaml(read('deploy/prometheus/prometheus.yml')) as {
      rule_files: string[]
      scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[]
    }
    expect(config.rule_files).toContain('api-alerts.yml')
    const job = config.scrape_configs.find((c) => c.job_name === 'stratos-api')
    expect(job?.metrics_path).toBe('/metrics')
    const targets = job?.static_configs.flatMap((s) => s.targets) ?? []
    expect(targets.length).toBeGreaterThan(0)
    for (const target of targets) expect(target).toMatch(/:9465$/)
    const result = promtool(['check', 'config', 'deploy/prometheus/prometheus.yml'])
    expect(result.status, result.output).toBe(0)
    expect(result.output).toContain('Checking deploy/prometheus/api-alerts.yml')
  })

  test('behavior: Grafana gets the dashboard in the folder its provider loads', () => {
    const providers = parseYaml(read('deploy/grafana/provisioning/dashboards/relayer.yml')) as {
      providers: { options: { path: string } }[]
    }
    const folder = providers.providers[0]?.options.path
    expect(folder).toBe('/etc/grafana/dashboards/stratos')
    expect(read('deploy/compose/relayer-cluster.yml')).toContain(
      `- ../grafana/api-dashboard.json:${folder}/api-dashboard.json:ro`,
    )
  })
})

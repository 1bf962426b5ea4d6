/**
 * Checks the relayer cluster's operations files with the tools that will run them: promtool
 * (Prometheus config, alert rules and their unit tests) and docker-compose v1 (the compose
 * file), plus structural checks on the Grafana dashboard and on every PromQL expression.
 *
 * The tools are required, not optional: a missing one fails the test with the Debian package
 * that provides it.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '@stratos/relayer'
import { afterAll, describe, expect, test } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { productionCommands } from '../apps/cli/src/commands.js'
import { metricNames, panelsMissingTheirMetric } from './metricNames.js'

const deployDir = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(deployDir, '..')
const promDir = path.join(deployDir, 'prometheus')
const composeFile = 'deploy/compose/relayer-cluster.yml'
const dashboardFile = path.join(deployDir, 'grafana', 'relayer-dashboard.json')

/** Metric names the relayer exports (fixed), plus canton_up, which the relayer is to add. */
const RELAYER_METRICS = [
  'relayer_intents_processed_total',
  'relayer_chain_execution_success_rate',
  'relayer_intent_queue_depth',
  'relayer_execution_failures_total',
  'canton_ledger_height',
  'relayer_is_leader',
  'canton_up',
] as const

/** Prometheus' own per-target metric, and etcd's metrics (etcd_*). */
function isAllowedMetric(name: string): boolean {
  return (RELAYER_METRICS as readonly string[]).includes(name) || name === 'up' || name.startsWith('etcd_')
}

const TOOLS = {
  promtool: 'prometheus',
  'docker-compose': 'docker-compose',
} as const
type Tool = keyof typeof TOOLS

type RunResult = { status: number | null; stdout: string; stderr: string }

/** Runs a required tool from the repository root; a missing tool throws, naming its Debian package. */
function run(tool: Tool, args: string[], input?: string): RunResult {
  const result = spawnSync(tool, args, { cwd: repoRoot, encoding: 'utf8', input, timeout: 20_000 })
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT') {
    throw new Error(`${tool} is not installed: run \`apt-get install -y ${TOOLS[tool]}\` (Debian)`)
  }
  // EPIPE: the tool exited before reading its input; its status and stderr say why.
  if (result.error && code !== 'EPIPE') throw result.error
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

type Rule = {
  alert?: string
  record?: string
  expr: string
  for?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
}
type RuleFile = { groups: { name: string; rules: Rule[] }[] }

function loadRules(): Rule[] {
  const file = parseYaml(readFileSync(path.join(promDir, 'alerts.yml'), 'utf8')) as RuleFile
  return file.groups.flatMap((group) => group.rules)
}

function alertNamed(rules: Rule[], name: string): Rule {
  const rule = rules.find((r) => r.alert === name)
  if (!rule) throw new Error(`alert ${name} is missing from alerts.yml`)
  return rule
}

type Target = { expr?: string; refId?: string; datasource?: { type?: string; uid?: string } }
type Panel = {
  id: number
  type: string
  title: string
  datasource?: { type?: string; uid?: string }
  targets?: Target[]
  panels?: Panel[]
}
type Dashboard = {
  schemaVersion: number
  uid: string
  panels: Panel[]
  templating: {
    list: { name: string; type: string; query?: unknown; definition?: string; datasource?: unknown }[]
  }
}

function loadDashboard(): Dashboard {
  return JSON.parse(readFileSync(dashboardFile, 'utf8')) as Dashboard
}

function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])])
}

function dashboardExprs(dashboard: Dashboard): { where: string; expr: string }[] {
  return allPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? []).flatMap((t) => (t.expr ? [{ where: `panel "${panel.title}"`, expr: t.expr }] : [])),
  )
}

const scratch = mkdtempSync(path.join(tmpdir(), 'stratos-deploy-test-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('prometheus', () => {
  test('behavior: promtool accepts prometheus.yml and finds the alert rules it loads', () => {
    const result = run('promtool', ['check', 'config', 'deploy/prometheus/prometheus.yml'])
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('SUCCESS: 2 rule files found')
  })

  test('behavior: promtool accepts alerts.yml', () => {
    const result = run('promtool', ['check', 'rules', 'deploy/prometheus/alerts.yml'])
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/SUCCESS: \d+ rules found/)
  })

  test('behavior: every alert unit test in alerts.test.yml passes', () => {
    const result = run('promtool', ['test', 'rules', 'deploy/prometheus/alerts.test.yml'])
    expect(result.stdout + result.stderr).not.toContain('FAILED')
    expect(result.status, result.stdout + result.stderr).toBe(0)
  })

  test('behavior: scrapes the three relayers on 9464 and the etcd members', () => {
    const config = parseYaml(readFileSync(path.join(promDir, 'prometheus.yml'), 'utf8')) as {
      rule_files: string[]
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[]
    }
    const targets = (job: string) =>
      config.scrape_configs
        .filter((c) => c.job_name === job)
        .flatMap((c) => c.static_configs.flatMap((s) => s.targets))
    expect(targets('relayer')).toEqual(['relayer-1:9464', 'relayer-2:9464', 'relayer-3:9464'])
    expect(targets('etcd')).toHaveLength(3)
    expect(config.rule_files).toEqual(['alerts.yml', 'api-alerts.yml'])
  })
})

describe('required alerts', () => {
  test('behavior: queue depth above 10 for 5m', () => {
    const rule = alertNamed(loadRules(), 'RelayerIntentQueueBacklog')
    expect(rule.for).toBe('5m')
    expect(rule.expr).toMatch(/relayer_intent_queue_depth\)?\s*>\s*10\s*$/)
  })

  test('behavior: failure rate above 5% for 2m, the denominator guarded against zero', () => {
    const rule = alertNamed(loadRules(), 'RelayerExecutionFailureRateHigh')
    expect(rule.for).toBe('2m')
    const expr = rule.expr.replace(/\s+/g, ' ').trim()
    expect(expr).toMatch(/^sum by \(chain\) \(rate\(relayer_execution_failures_total\[\w+\]\)\) \//)
    expect(expr).toMatch(/\/ \(sum by \(chain\) \(rate\(relayer_intents_processed_total\[\w+\]\)\) > 0\)/)
    expect(expr).toMatch(/> 0\.05$/)
  })

  test('behavior: Canton down (canton_up == 0) for 1m', () => {
    const rule = alertNamed(loadRules(), 'CantonDown')
    expect(rule.for).toBe('1m')
    expect(rule.expr).toMatch(/canton_up\)?\s*==\s*0\s*$/)
  })

  test('behavior: leadership, instance and etcd alerts exist', () => {
    expect(alertNamed(loadRules(), 'RelayerNoLeader').expr).toContain('sum(relayer_is_leader)')
    expect(alertNamed(loadRules(), 'RelayerMultipleLeaders').expr).toMatch(/sum\(relayer_is_leader\) > 1/)
    expect(alertNamed(loadRules(), 'RelayerInstanceDown').expr).toContain('up{job="relayer"} == 0')
    for (const name of ['RelayerAllInstancesDown', 'EtcdMemberDown', 'EtcdQuorumLost', 'EtcdNoLeader']) {
      expect(alertNamed(loadRules(), name).for).toBeDefined()
    }
  })

  test('behavior: every alert has a severity, a summary, a description and a runbook section', () => {
    const readme = readFileSync(path.join(deployDir, 'README.md'), 'utf8')
    const headings = new Set(readme.split('\n').flatMap((line) => line.match(/^#{2,4} (\w+)\s*$/)?.[1] ?? []))
    for (const rule of loadRules().filter((r) => r.alert)) {
      const name = rule.alert as string
      expect(['critical', 'warning'], name).toContain(rule.labels?.severity)
      expect(rule.annotations?.summary, name).toBeTruthy()
      expect(rule.annotations?.description, name).toBeTruthy()
      expect(rule.annotations?.runbook, name).toBe(`deploy/README.md#${name.toLowerCase()}`)
      expect(headings.has(name), `deploy/README.md has a heading "${name}"`).toBe(true)
    }
  })
})

describe('PromQL metric names', () => {
  test('behavior: the check finds the metrics an expression selects, and only those', () => {
    expect(
      metricNames(
        'sum by (chain) (rate(relayer_execution_failures_total{reason!="x y"}[5m])) / on (chain) group_left foo_bar > 1e3',
      ).sort(),
    ).toEqual(['foo_bar', 'relayer_execution_failures_total'])
    expect(metricNames('(sum(up{job="etcd"}) or vector(0)) < ((count(up{job="etcd"}) + 1) / 2)')).toEqual([
      'up',
    ])
    expect(metricNames('rate(x_total[$__rate_interval]) offset 5m')).toEqual(['x_total'])
    expect(() => metricNames('{__name__="secret"}')).toThrow('__name__')
  })

  test('behavior: alert rules use only the relayer metrics, up and etcd metrics', () => {
    for (const rule of loadRules()) {
      for (const name of metricNames(rule.expr)) {
        expect(isAllowedMetric(name), `${rule.alert ?? rule.record} uses unknown metric ${name}`).toBe(true)
      }
    }
  })

  test('behavior: dashboard queries and variables use only the relayer metrics, up and etcd metrics', () => {
    const dashboard = loadDashboard()
    const exprs = dashboardExprs(dashboard)
    expect(exprs.length).toBeGreaterThan(0)
    for (const { where, expr } of exprs) {
      for (const name of metricNames(expr)) {
        expect(isAllowedMetric(name), `${where} uses unknown metric ${name}`).toBe(true)
      }
    }
    for (const variable of dashboard.templating.list.filter((v) => v.type === 'query')) {
      const metric = variable.definition?.match(/^label_values\(\s*([a-zA-Z_:][\w:]*)\s*,/)?.[1]
      expect(metric && isAllowedMetric(metric), `variable ${variable.name}: ${variable.definition}`).toBe(
        true,
      )
    }
  })

  test('behavior: every dashboard query is valid PromQL once Grafana variables are filled in', () => {
    const rules = dashboardExprs(loadDashboard()).map(({ expr }, i) => ({
      record: `dashboard:query_${i}`,
      expr: expr
        .replaceAll('$__rate_interval', '1m')
        .replaceAll('$__interval', '15s')
        .replace(/\$\{?\w+\}?/g, '.*'),
    }))
    // JSON is valid YAML, so promtool reads this file as a rule file.
    const file = path.join(scratch, 'dashboard-queries.yml')
    writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard', rules }] }))
    const result = run('promtool', ['check', 'rules', file])
    expect(result.status, result.stdout + result.stderr).toBe(0)
  })
})

describe('grafana', () => {
  test('behavior: has the required panels, each querying its metric', () => {
    const panels = allPanels(loadDashboard())
    const required: [title: string, metric: string][] = [
      ['Intent rate by result', 'relayer_intents_processed_total'],
      ['Execution success rate by chain', 'relayer_chain_execution_success_rate'],
      ['Canton ledger height', 'canton_ledger_height'],
      ['Intent queue depth', 'relayer_intent_queue_depth'],
      ['Execution failures by reason', 'relayer_execution_failures_total'],
      ['Leader per instance', 'relayer_is_leader'],
    ]
    expect(panelsMissingTheirMetric(panels, required)).toEqual([])
    expect(panels.find((p) => p.title === 'Intent rate by result')?.targets?.[0]?.expr).toMatch(
      /sum by \(result\) \(rate\(relayer_intents_processed_total/,
    )
    expect(panels.find((p) => p.title === 'Execution failures by reason')?.targets?.[0]?.expr).toMatch(
      /by \([^)]*reason[^)]*\)/,
    )
  })

  test('behavior: every panel and query takes its Prometheus data source from the DS_PROMETHEUS variable', () => {
    const dashboard = loadDashboard()
    const panels = allPanels(dashboard)
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39)
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', query: 'prometheus' }),
    )
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JS template
    const ds = { type: 'prometheus', uid: '${DS_PROMETHEUS}' }
    for (const panel of panels.filter((p) => p.type !== 'row')) {
      expect(panel.datasource, panel.title).toEqual(ds)
      for (const target of panel.targets ?? []) expect(target.datasource, panel.title).toEqual(ds)
    }
  })

  test('behavior: panel ids are unique', () => {
    const ids = allPanels(loadDashboard()).map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  test('behavior: the provisioning points Grafana at Prometheus and at the mounted dashboard folder', () => {
    const datasources = parseYaml(
      readFileSync(path.join(deployDir, 'grafana/provisioning/datasources/prometheus.yml'), 'utf8'),
    ) as { datasources: { type: string; url: string }[] }
    expect(datasources.datasources).toContainEqual(
      expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090' }),
    )
    const providers = parseYaml(
      readFileSync(path.join(deployDir, 'grafana/provisioning/dashboards/relayer.yml'), 'utf8'),
    ) as { providers: { options: { path: string } }[] }
    expect(providers.providers[0]?.options.path).toBe('/etc/grafana/dashboards/stratos')
  })
})

type ComposeService = {
  image?: string
  build?: { context: string; dockerfile: string }
  environment?: Record<string, string | null>
  depends_on?: Record<string, { condition: string }>
  healthcheck?: { test: string[] }
  secrets?: { source: string }[]
  /** docker-compose v1 prints `source:target:mode` strings, compose v2 objects. */
  volumes?: (string | Mount)[]
  command?: string[]
}
type Mount = { type: string; source?: string; target: string }

function mounts(service: ComposeService | undefined): Mount[] {
  return (service?.volumes ?? []).map((volume) => {
    if (typeof volume !== 'string') return volume
    const [source = '', target = ''] = volume.split(':')
    return { type: path.isAbsolute(source) ? 'bind' : 'volume', source, target }
  })
}
type ComposeConfig = {
  services: Record<string, ComposeService>
  secrets?: Record<string, { file?: string }>
  volumes?: Record<string, unknown>
}

describe('compose', () => {
  test('behavior: docker-compose v1 accepts relayer-cluster.yml with no warnings', () => {
    const result = run('docker-compose', ['-f', composeFile, 'config', '-q'])
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })

  function resolvedConfig(): ComposeConfig {
    const result = run('docker-compose', ['-f', composeFile, 'config'])
    expect(result.status, result.stderr).toBe(0)
    return parseYaml(result.stdout) as ComposeConfig
  }

  test('behavior: three relayers run the relayer command of the apps/api/Dockerfile image, each distinct, waiting for healthy etcd and postgres', () => {
    const { services } = resolvedConfig()
    const ids = ['relayer-1', 'relayer-2', 'relayer-3'].map((name) => {
      const service = services[name]
      expect(service, name).toBeDefined()
      expect(service?.build).toEqual({ context: repoRoot, dockerfile: 'apps/api/Dockerfile' })
      expect(service?.image).toBe('stratos/vault:dev')
      expect(service?.command).toEqual(['relayer'])
      for (const dep of ['etcd-1', 'etcd-2', 'etcd-3', 'postgres']) {
        expect(service?.depends_on?.[dep]?.condition, `${name} -> ${dep}`).toBe('service_healthy')
      }
      expect(service?.healthcheck?.test.join(' ')).toContain("fetch('http://127.0.0.1:9464/healthz')")
      expect(service?.environment?.ETCD_ENDPOINTS).toBe(
        'http://etcd-1:2379,http://etcd-2:2379,http://etcd-3:2379',
      )
      return service?.environment?.RELAYER_ID
    })
    expect(ids).toEqual(['relayer-1', 'relayer-2', 'relayer-3'])
    // The image runs its CLI bundle, so `command` is a command of that bundle.
    expect(readFileSync(path.join(repoRoot, 'apps/api/Dockerfile'), 'utf8')).toMatch(
      /^ENTRYPOINT \["node", "apps\/cli\/dist\/stratos\.js"\]$/m,
    )
    expect(Object.keys(productionCommands)).toContain('relayer')
  })

  /**
   * relayer-1's environment as compose resolves it, each `/run/secrets/<name>` replaced by a file
   * standing in for that secret (values of the right shape only).
   */
  function relayerEnvironment(): Record<string, string | undefined> {
    const service = resolvedConfig().services['relayer-1']
    const mounted = new Set((service?.secrets ?? []).map((secret) => secret.source))
    const secretDir = mkdtempSync(path.join(scratch, 'secrets-'))
    const standIns: Record<string, string> = {
      relayer_database_url: 'postgres://relayer:password@postgres:5432/relayer\n',
      canton_token: 'token\n',
      relayer_chains: '31337=http://anvil:8545\n',
      relayer_private_key: `0x${'11'.repeat(32)}\n`,
    }
    const env: Record<string, string | undefined> = {}
    for (const [key, value] of Object.entries(service?.environment ?? {})) {
      const secret = value?.match(/^\/run\/secrets\/(.+)$/)?.[1]
      if (!secret) {
        env[key] = value ?? undefined
        continue
      }
      expect(key, `${key} names a file`).toMatch(/_FILE$/)
      expect(mounted.has(secret), `${key}: the service mounts the secret ${secret}`).toBe(true)
      expect(standIns[secret], `a stand-in for the secret ${secret}`).toBeDefined()
      const file = path.join(secretDir, secret)
      writeFileSync(file, standIns[secret] ?? '')
      env[key] = file
    }
    return env
  }

  test('behavior: the relayer accepts its compose environment, listening where the healthcheck and Prometheus look', () => {
    const env = relayerEnvironment()
    // The two settings the operator provides (deploy/README.md, "Running the cluster").
    const config = loadConfig({
      ...env,
      OPERATOR_PARTY: 'relayer-operator::1220aa',
      RELAYER_VAULTS: `0x${'ab'.repeat(32)}=31337:0x${'12'.repeat(20)}`,
    })
    expect(config.database.kind).toBe('postgres')
    expect(config.canton.auth?.kind === 'token' && config.canton.auth.token.reveal()).toBe('token')
    expect([...config.chains.keys()]).toEqual([31337])
    expect(config.signer).toEqual({ kind: 'local', privateKeyFile: env.RELAYER_PRIVATE_KEY_FILE })
    expect(config.http).toEqual({ host: '0.0.0.0', port: 9464 })
  })

  test('behavior: a static three-member etcd cluster and PostgreSQL 15 with a healthcheck and a named volume', () => {
    const { services, volumes } = resolvedConfig()
    for (const name of ['etcd-1', 'etcd-2', 'etcd-3']) {
      const command = services[name]?.command?.join(' ') ?? ''
      expect(command).toContain(
        '--initial-cluster=etcd-1=http://etcd-1:2380,etcd-2=http://etcd-2:2380,etcd-3=http://etcd-3:2380',
      )
      expect(command).toContain(`--name=${name}`)
      expect(services[name]?.healthcheck?.test.length).toBeGreaterThan(1)
    }
    const postgres = services.postgres
    expect(postgres?.image).toMatch(/^postgres:15\b/)
    expect(postgres?.healthcheck?.test).toContain('pg_isready')
    const dataVolume = mounts(postgres).find((v) => v.target === '/var/lib/postgresql/data')
    expect(dataVolume?.type).toBe('volume')
    expect(Object.keys(volumes ?? {})).toContain(dataVolume?.source)
  })

  test('behavior: every image is pinned to a version tag', () => {
    const { services } = resolvedConfig()
    for (const [name, service] of Object.entries(services)) {
      if (service.build) continue
      expect(service.image, name).toMatch(/^[\w./-]+:v?\d+(\.\d+)+[\w.-]*$/)
    }
  })

  test('behavior: secrets come from files, never from values written in the compose file', () => {
    const config = resolvedConfig()
    const secretLike = /PASSWORD|TOKEN|SECRET|PRIVATE_KEY|DATABASE_URL|RPC_URL|API_KEY|RELAYER_CHAINS/
    for (const [name, service] of Object.entries(config.services)) {
      for (const key of Object.keys(service.environment ?? {})) {
        if (secretLike.test(key)) expect(key, `${name}: ${key}`).toMatch(/_FILE$/)
      }
      for (const secret of service.secrets ?? []) {
        expect(config.secrets?.[secret.source]?.file, `${name}: secret ${secret.source}`).toBeTruthy()
      }
    }
  })

  test('behavior: the Prometheus and Grafana bind mounts exist in the repository', () => {
    const { services } = resolvedConfig()
    const binds = ['prometheus', 'grafana'].flatMap((name) =>
      mounts(services[name]).filter((m) => m.type === 'bind'),
    )
    expect(binds.map((m) => m.target).sort()).toEqual([
      '/etc/grafana/dashboards/stratos/api-dashboard.json',
      '/etc/grafana/dashboards/stratos/relayer-dashboard.json',
      '/etc/grafana/provisioning',
      '/etc/prometheus',
    ])
    for (const mount of binds) expect(existsSync(mount.source ?? ''), mount.source).toBe(true)
  })
})

/**
 * Checks the Kubernetes manifests as a cluster would receive them: each overlay rendered by
 * `kubectl kustomize`, every object validated against the Kubernetes API schemas
 * (kubernetes-models), then the properties the deployment relies on asserted on the result.
 *
 * kubectl is required, not optional: a missing one fails the test with the Debian package that
 * provides it. The schemas check types, required fields and enums; they do not reject unknown
 * fields, which is why the properties that matter are also asserted by name below.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ModelConstructor, TypeMeta, TypeMetaGuard } from '@kubernetes-models/base'
import { Deployment } from 'kubernetes-models/apps/v1/Deployment'
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler'
import { Job } from 'kubernetes-models/batch/v1/Job'
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress'
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy'
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget'
import { ConfigMap, type IConfigMap } from 'kubernetes-models/v1/ConfigMap'
import type { IContainer } from 'kubernetes-models/v1/Container'
import { Namespace } from 'kubernetes-models/v1/Namespace'
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec'
import type { IProbe } from 'kubernetes-models/v1/Probe'
import { Secret } from 'kubernetes-models/v1/Secret'
import { Service } from 'kubernetes-models/v1/Service'
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount'
import { beforeAll, describe, expect, test } from 'vitest'
import { parseAllDocuments } from 'yaml'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const OVERLAYS = ['staging', 'production'] as const

/** The kinds the manifests may contain, each with its API schema. Anything else is refused. */
const MODELS = [
  Namespace,
  ServiceAccount,
  ConfigMap,
  Secret,
  Service,
  Deployment,
  Job,
  PodDisruptionBudget,
  HorizontalPodAutoscaler,
  Ingress,
  NetworkPolicy,
]

/** The keys of the Secret stratos-secrets, which is created out of band. */
const SECRET_NAME = 'stratos-secrets'
const SECRET_KEYS = ['session-secret', 'instance-key', 'database-url']
/** Objects applied before the rollout: the migration Job and what it needs. */
const PHASE_LABEL = 'stratos-vault/phase'
const SECRET_LIKE = /SECRET|INSTANCE_KEY|DATABASE_URL|TOKEN|PASSWORD|PRIVATE_KEY|RPC_URL|API_KEY/

type KubeObject = TypeMeta & {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> }
}

/** Renders a kustomization with `kubectl kustomize`; a missing kubectl throws, naming its package. */
function kustomize(dir: string): KubeObject[] {
  const result = spawnSync('kubectl', ['kustomize', dir], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 20_000,
  })
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error('kubectl is not installed: run `apt-get install -y kubectl` (Debian)')
  }
  if (result.error) throw result.error
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${result.stderr}`)
  return parseAllDocuments(result.stdout).map((document) => {
    if (document.errors.length > 0) throw new Error(`${dir}: ${document.errors[0]?.message}`)
    return document.toJS() as KubeObject
  })
}

/** Validates an object against the API schema of its apiVersion and kind; throws saying what is wrong. */
function validateObject(object: KubeObject): void {
  const what = `${object.kind} ${object.metadata?.name ?? '(no name)'}`
  const model = MODELS.find((m) => m.apiVersion === object.apiVersion && m.kind === object.kind)
  if (!model) {
    throw new Error(`${what}: no Kubernetes schema for apiVersion ${object.apiVersion}, kind ${object.kind}`)
  }
  try {
    ;new (model as unknown as ModelConstructor<unknown>)(object).validate()
  } catch (error) {
    throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
}

function only<T extends TypeMeta>(objects: KubeObject[], is: TypeMetaGuard<T>, what: string): T {
  const found = objects.filter(is)
  expect(found, `one ${what}`).toHaveLength(1)
  return found[0] as T
}

function podSpec(workload: { spec?: { template: { spec?: IPodSpec } } }): IPodSpec {
  const spec = workload.spec?.template.spec
  if (!spec) throw new Error('workload without a pod spec')
  return spec
}

function onlyContainer(spec: IPodSpec): IContainer {
  expect(spec.containers).toHaveLength(1)
  return spec.containers[0] as IContainer
}

/** True when every label of a matchLabels-style selector is on the pod. */
function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) {
  const pairs = Object.entries(selector ?? {})
  return pairs.length > 0 && pairs.every(([key, value]) => labels?.[key] === value)
}

/** The container's environment as the process sees it: the ConfigMaps of envFrom, then env. */
function environment(container: IContainer, configMaps: IConfigMap[]): Map<string, string> {
  const env = new Map<string, string>()
  for (const source of container.envFrom ?? []) {
    const configMap = configMaps.find((c) => c.metadata?.name === source.configMapRef?.name)
    expect(configMap, `ConfigMap ${source.configMapRef?.name}`).toBeDefined()
    for (const [key, value] of Object.entries(configMap?.data ?? {})) env.set(key, value)
  }
  for (const variable of container.env ?? []) {
    expect(variable.valueFrom, `${variable.name} is a plain value`).toBeUndefined()
    env.set(variable.name, variable.value ?? '')
  }
  return env
}

/** The files a container sees from Secret volumes, by path, with the Secret key behind each. */
function secretFiles(spec: IPodSpec, container: IContainer): Map<string, string> {
  const files = new Map<string, string>()
  for (const mount of container.volumeMounts ?? []) {
    const secret = spec.volumes?.find((v) => v.name === mount.name)?.secret
    if (!secret) continue
    expect(secret.secretName).toBe(SECRET_NAME)
    // Listed items only: a whole-Secret mount would make the files depend on the Secret's keys.
    expect(secret.items, `volume ${mount.name} lists its items`).toBeDefined()
    expect(mount.readOnly).toBe(true)
    for (const item of secret.items ?? []) files.set(`${mount.mountPath}/${item.path}`, item.key)
  }
  return files
}

function probeTarget(container: IContainer, probe: IProbe | undefined) {
  const port = probe?.httpGet?.port
  const number =
    typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort
  return { path: probe?.httpGet?.path, port: number }
}

function expectHardened(spec: IPodSpec, container: IContainer) {
  expect(spec.securityContext).toMatchObject({
    runAsNonRoot: true,
    runAsUser: 1000,
    seccompProfile: { type: 'RuntimeDefault' },
  })
  expect(spec.automountServiceAccountToken).toBe(false)
  expect(container.securityContext).toEqual({
    runAsNonRoot: true,
    runAsUser: 1000,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  })
  // The root filesystem is read-only: /tmp is the one writable place, an emptyDir.
  const tmp = container.volumeMounts?.find((m) => m.mountPath === '/tmp')
  expect(spec.volumes?.find((v) => v.name === tmp?.name)?.emptyDir).toBeDefined()
  expect(container.resources?.requests).toHaveProperty('cpu')
  expect(container.resources?.requests).toHaveProperty('memory')
  expect(container.resources?.limits).toHaveProperty('memory')
}

describe('validateObject', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'broken' },
    spec: {
      selector: { matchLabels: { app: 'x' } },
      template: {
        metadata: { labels: { app: 'x' } },
        spec: { containers: [{ name: 'x', image: 'x:1' }] },
      },
    },
  }

  test('behavior: accepts a valid Deployment', () => {
    expect(() => validateObject(deployment)).not.toThrow()
  })

  test('error: a Deployment whose replicas is a string is refused, naming the field', () => {
    const broken = { ...deployment, spec: { ...deployment.spec, replicas: 'two' } }
    expect(() => validateObject(broken)).toThrow('Deployment broken: data/spec/replicas must be integer')
  })

  test('error: a kind without a schema is refused', () => {
    expect(() => validateObject({ apiVersion: 'example.com/v1', kind: 'Widget' })).toThrow(
      'no Kubernetes schema for apiVersion example.com/v1, kind Widget',
    )
  })
})

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  let objects: KubeObject[] = []
  beforeAll(() => {
    objects = kustomize(`deploy/kubernetes/overlays/${overlay}`)
  })

  const deployment = () => only(objects, Deployment.is, 'Deployment')
  const job = () => only(objects, Job.is, 'Job')
  const service = () => only(objects, Service.is, 'Service')
  const configMaps = () => objects.filter(ConfigMap.is)
  const config = (name: string) => {
    const value = only(objects, ConfigMap.is, 'ConfigMap').data?.[name]
    if (value === undefined) throw new Error(`${name} is not in the ConfigMap`)
    return value
  }
  const serverPod = () => deployment().spec?.template.metadata?.labels
  const migratePod = () => job().spec?.template.metadata?.labels

  test('behavior: every object is valid against its Kubernetes API schema', () => {
    for (const object of objects) validateObject(object)
    expect(new Set(objects.map((o) => o.kind))).toEqual(
      new Set([
        'Namespace',
        'ServiceAccount',
        'ConfigMap',
        'Service',
        'Deployment',
        'Job',
        'PodDisruptionBudget',
        'HorizontalPodAutoscaler',
        'Ingress',
        'NetworkPolicy',
      ]),
    )
  })

  test('error: the validator refuses the rendered Deployment with a string for replicas', () => {
    const broken = structuredClone(deployment()) as KubeObject & { spec: { replicas?: unknown } }
    broken.spec.replicas = 'two'
    expect(() => validateObject(broken)).toThrow('data/spec/replicas must be integer')
  })

  test('behavior: every object is in the overlay namespace, which enforces the restricted pod security standard', () => {
    const namespace = only(objects, Namespace.is, 'Namespace')
    expect(namespace.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted')
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      expect(object.metadata?.namespace, `${object.kind} ${object.metadata?.name}`).toBe(
        namespace.metadata?.name,
      )
    }
  })

  test('behavior: the probes ask /healthz (startup, liveness) and /readyz (readiness) on the app port', () => {
    const container = onlyContainer(podSpec(deployment()))
    const appPort = Number(config('PORT'))
    expect(container.ports).toContainEqual({ name: 'http', containerPort: appPort })
    expect(probeTarget(container, container.startupProbe)).toEqual({ path: '/healthz', port: appPort })
    expect(probeTarget(container, container.livenessProbe)).toEqual({ path: '/healthz', port: appPort })
    expect(probeTarget(container, container.readinessProbe)).toEqual({ path: '/readyz', port: appPort })
  })

  test('behavior: the server and the migration Job run non-root, read-only, without capabilities', () => {
    expectHardened(podSpec(deployment()), onlyContainer(podSpec(deployment())))
    expectHardened(podSpec(job()), onlyContainer(podSpec(job())))
    const account = only(objects, ServiceAccount.is, 'ServiceAccount')
    expect(account.automountServiceAccountToken).toBe(false)
    expect(podSpec(deployment()).serviceAccountName).toBe(account.metadata?.name)
    expect(podSpec(job()).serviceAccountName).toBe(account.metadata?.name)
  })

  test('behavior: no Secret is rendered and no secret value is written; secrets are *_FILE paths', () => {
    // Names only: a failure must not print a secret value.
    expect(objects.filter(Secret.is).map((secret) => secret.metadata?.name)).toEqual([])
    for (const workload of [deployment(), job()]) {
      for (const key of environment(onlyContainer(podSpec(workload)), configMaps()).keys()) {
        if (SECRET_LIKE.test(key)) expect(key, `${workload.kind}: ${key}`).toMatch(/_FILE$/)
      }
    }
  })

  test('behavior: every *_FILE variable names a file mounted from stratos-secrets', () => {
    const expected = {
      Deployment: {
        SESSION_SECRET_FILE: 'session-secret',
        INSTANCE_KEY_FILE: 'instance-key',
        DATABASE_URL_FILE: 'database-url',
      },
      Job: { DATABASE_URL_FILE: 'database-url' },
    }
    for (const workload of [deployment(), job()]) {
      const spec = podSpec(workload)
      const container = onlyContainer(spec)
      const files = secretFiles(spec, container)
      const fileVariables = [...environment(container, configMaps())].filter(([key]) => key.endsWith('_FILE'))
      const keys = Object.fromEntries(fileVariables.map(([key, file]) => [key, files.get(file)]))
      expect(keys, workload.kind).toEqual(expected[workload.kind])
      for (const key of files.values()) expect(SECRET_KEYS).toContain(key)
    }
  })

  test('behavior: the Job runs `stratos migrate` with the server image, once, and is cleaned up', () => {
    const migrate = onlyContainer(podSpec(job()))
    expect(migrate.command).toBeUndefined()
    expect(migrate.args).toEqual(['migrate'])
    expect(onlyContainer(podSpec(deployment())).args).toEqual(['serve'])
    expect(migrate.image).toBe(onlyContainer(podSpec(deployment())).image)
    expect(migrate.image).toMatch(/^[\w./-]+(:\d+\.\d+\.\d+[\w.-]*|@sha256:[0-9a-f]{64})$/)
    expect(podSpec(job()).restartPolicy).toBe('Never')
    expect(job().spec?.backoffLimit).toBeGreaterThanOrEqual(0)
    expect(job().spec?.ttlSecondsAfterFinished).toBeGreaterThan(0)
  })

  test('behavior: the objects labelled for the migrate phase are the Job and all it needs, and nothing of the server', () => {
    const phase = objects.filter((o) => o.metadata?.labels?.[PHASE_LABEL] === 'migrate')
    expect(phase.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Job', 'Namespace', 'ServiceAccount'])
    const names = new Set(phase.map((o) => `${o.kind}/${o.metadata?.name}`))
    const migrate = onlyContainer(podSpec(job()))
    expect(names).toContain(`ServiceAccount/${podSpec(job()).serviceAccountName}`)
    for (const source of migrate.envFrom ?? [])
      expect(names).toContain(`ConfigMap/${source.configMapRef?.name}`)
  })

  test('behavior: Kubernetes waits for the preStop pause and the whole shutdown bound before killing a pod', () => {
    const spec = podSpec(deployment())
    const preStop = onlyContainer(spec).lifecycle?.preStop
    const [program, seconds] = preStop?.exec?.command ?? []
    expect(program).toBe('sleep')
    const pause = Number(seconds)
    expect(pause).toBeGreaterThan(0)
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(
      Number(config('SHUTDOWN_TIMEOUT_SECONDS')) + pause,
    )
  })

  test('behavior: rolls one new pod at a time, never below the ready count; the autoscaler owns the replica count', () => {
    const spec = deployment().spec
    expect(spec?.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    })
    expect(spec?.replicas).toBeUndefined()
    const hpa = only(objects, HorizontalPodAutoscaler.is, 'HorizontalPodAutoscaler')
    expect(hpa.spec?.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment().metadata?.name,
    })
    expect(hpa.spec?.minReplicas).toBeGreaterThanOrEqual(2)
    expect(hpa.spec?.maxReplicas).toBeGreaterThanOrEqual(hpa.spec?.minReplicas ?? Number.POSITIVE_INFINITY)
    expect(hpa.spec?.metrics?.[0]?.resource?.name).toBe('cpu')
    const pdb = only(objects, PodDisruptionBudget.is, 'PodDisruptionBudget')
    expect(pdb.spec?.minAvailable).toBe(1)
    expect(Number(pdb.spec?.minAvailable)).toBeLessThan(hpa.spec?.minReplicas ?? 0)
  })

  test('behavior: the Deployment, Service, PodDisruptionBudget and NetworkPolicy select the server pods and not the Job', () => {
    const selectors = {
      Deployment: deployment().spec?.selector.matchLabels,
      Service: service().spec?.selector,
      PodDisruptionBudget: only(objects, PodDisruptionBudget.is, 'PodDisruptionBudget').spec?.selector
        ?.matchLabels,
      NetworkPolicy: only(objects, NetworkPolicy.is, 'NetworkPolicy').spec?.podSelector?.matchLabels,
    }
    for (const [kind, selector] of Object.entries(selectors)) {
      expect(selects(selector, serverPod()), `${kind} selects the server pods`).toBe(true)
      expect(selects(selector, migratePod()), `${kind} does not select the migration pod`).toBe(false)
    }
    expect(deployment().spec?.selector.matchExpressions).toBeUndefined()
  })

  test('behavior: the Service and the NetworkPolicy open the app and metrics ports of the container', () => {
    const container = onlyContainer(podSpec(deployment()))
    const portNames = container.ports?.map((p) => p.name)
    expect(service().spec?.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http' },
      { name: 'metrics', port: 9465, targetPort: 'metrics' },
    ])
    for (const port of service().spec?.ports ?? []) expect(portNames).toContain(port.targetPort)
    const policy = only(objects, NetworkPolicy.is, 'NetworkPolicy')
    expect(policy.spec?.ingress?.flatMap((rule) => rule.ports?.map((p) => p.port))).toEqual([
      'http',
      'metrics',
    ])
  })

  test('behavior: Prometheus scrapes the metrics port the server listens on', () => {
    const template = deployment().spec?.template
    const metricsPort = Number(config('METRICS_PORT'))
    expect(template?.metadata?.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(metricsPort),
      'prometheus.io/path': '/metrics',
    })
    expect(onlyContainer(podSpec(deployment())).ports).toContainEqual({
      name: 'metrics',
      containerPort: metricsPort,
    })
  })

  test('behavior: the Ingress serves PUBLIC_ORIGIN over TLS, to the Service', () => {
    const origin = new URL(config('PUBLIC_ORIGIN'))
    expect(origin.protocol).toBe('https:')
    expect(origin.origin).toBe(config('PUBLIC_ORIGIN'))
    const ingress = only(objects, Ingress.is, 'Ingress')
    expect(ingress.spec?.rules?.map((rule) => rule.host)).toEqual([origin.hostname])
    expect(ingress.spec?.tls?.[0]?.hosts).toEqual([origin.hostname])
    expect(ingress.spec?.tls?.[0]?.secretName).toBeTruthy()
    const backend = ingress.spec?.rules?.[0]?.http?.paths[0]?.backend.service
    expect(backend).toEqual({ name: service().metadata?.name, port: { name: 'http' } })
  })
})

/**
 * Terraform cannot run here, so the configurations under deploy/terraform are checked by parsing:
 * every `.tf` file through HashiCorp's HCL parser (`@cdktf/hcl2json`, WASM, offline), then the
 * references between blocks resolved by `checkTerraform`. Each kind of problem it reports is also
 * planted in a copy of the tree, to show the check catches it. The modules' conventions are
 * asserted against what they must agree with: the wrangler file convention of issue 12,
 * deploy/kubernetes (the Secret the pods mount) and apps/api/src/config.ts (what the API accepts).
 *
 * Not checked here: provider schemas (argument names of the Cloudflare, PostgreSQL and Kubernetes
 * resources) and anything `terraform plan` learns from a real account or server.
 */
import { randomBytes } from 'node:crypto'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { loadConfig } from '../../apps/api/src/config.js'
import { checkTerraform, readTerraformModules, type TerraformModule } from './checkTerraform.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '../..')
const NAME_PATTERN = '^[a-z][a-z0-9-]{1,30}$'

type Json = Record<string, unknown>

/** An expression as hcl2json renders it: `tf('var.name')` is the text `${var.name}`. */
const tf = (expression: string): string => `\${${expression}}`

let modules: Map<string, TerraformModule>
const moduleAt = (relative: string): TerraformModule => {
  const module = modules.get(path.join(here, relative))
  if (!module) throw new Error(`no Terraform module at deploy/terraform/${relative}`)
  return module
}
const block = (map: Map<string, Json>, key: string): Json => {
  const found = map.get(key)
  if (!found) throw new Error(`${key} is not declared`)
  return found
}

/** The regular expression of a validation `can(regex("…", var.x))`, unescaped from HCL. */
function validationPattern(variable: Json): RegExp {
  const validations = (variable.validation ?? []) as Json[]
  for (const validation of validations) {
    const match = /can\(regex\("((?:[^"\\]|\\.)*)", var\.\w+\)\)/.exec(String(validation.condition))
    if (match) return new RegExp(JSON.parse(`"${match[1]}"`) as string)
  }
  throw new Error('no can(regex(…)) validation')
}

beforeAll(async () => {
  modules = await readTerraformModules(here)
})

describe('checkTerraform', () => {
  test('behavior: every file under deploy/terraform is parsed', () => {
    const files = (dir: string) => [...modules.keys()].includes(path.join(here, dir))
    expect(files('modules/cloudflare-instance')).toBe(true)
    expect(files('modules/node-instance')).toBe(true)
    expect(files('instances')).toBe(true)
    expect(modules.size).toBe(3)
    // Every file contributed: the blocks each one holds are present.
    expect(moduleAt('instances').requiredProviders.size).toBe(4)
    expect(moduleAt('instances').providerBlocks.size).toBe(3)
    expect(moduleAt('instances').moduleCalls.size).toBe(2)
    expect(moduleAt('instances').outputs.size).toBe(3)
    expect(moduleAt('modules/node-instance').resources.size).toBeGreaterThan(5)
    expect(moduleAt('modules/cloudflare-instance').references.length).toBeGreaterThan(30)
  })

  test('behavior: the configurations under deploy/terraform have no problem', async () => {
    expect(await checkTerraform(here)).toEqual([])
  })

  describe('error: a planted problem is reported', () => {
    let scratch: string
    beforeAll(() => {
      scratch = mkdtempSync(path.join(tmpdir(), 'stratos-terraform-'))
    })
    afterAll(() => rmSync(scratch, { recursive: true, force: true }))

    /** A copy of deploy/terraform with `from` replaced by `to` in one file (`from` must be there). */
    const brokenCopy = (file: string, from: string | RegExp, to: string): string => {
      const copy = mkdtempSync(path.join(scratch, 'tree-'))
      cpSync(here, copy, { recursive: true, filter: (source) => !source.endsWith('.test.ts') })
      const target = path.join(copy, file)
      const text = readFileSync(target, 'utf8')
      const changed = text.replace(from, to)
      if (changed === text) throw new Error(`${file} does not contain ${String(from)}: update this test`)
      writeFileSync(target, changed)
      return copy
    }

    const CASES: { name: string; file: string; from: string | RegExp; to: string; problem: string }[] = [
      {
        name: 'an undeclared variable',
        file: 'modules/cloudflare-instance/main.tf',
        from: `name                  = "stratos-${tf('var.name')}"`,
        to: `name = "stratos-${tf('var.instance')}"`,
        problem:
          'modules/cloudflare-instance: var.instance is used in resource.cloudflare_d1_database.this but not declared',
      },
      {
        name: 'an unused variable',
        file: 'modules/node-instance/variables.tf',
        from: /$/,
        to: '\nvariable "colour" {\n  type    = string\n  default = "blue"\n}\n',
        problem: 'modules/node-instance: variable "colour" is declared but never used',
      },
      {
        name: 'an undeclared local',
        file: 'modules/node-instance/main.tf',
        from: 'namespace = var.create_namespace ? kubernetes_namespace_v1.this[0].metadata[0].name : local.namespace',
        to: 'namespace = local.kubernetes_namespace',
        problem:
          'modules/node-instance: local.kubernetes_namespace is used in resource.kubernetes_secret_v1.this but not declared',
      },
      {
        name: 'a module argument the module does not declare',
        file: 'instances/main.tf',
        from: '  name             = each.key\n',
        to: '  name             = each.key\n  colour           = "blue"\n',
        problem:
          'instances: module "cloudflare_instance" passes colour, which modules/cloudflare-instance does not declare',
      },
      {
        name: 'a required module variable left out',
        file: 'instances/main.tf',
        from: '  zone_id          = each.value.cloudflare.zone_id\n',
        to: '',
        problem:
          'instances: module "cloudflare_instance" does not pass zone_id, which modules/cloudflare-instance requires',
      },
      {
        name: 'a resource whose provider is not required',
        file: 'modules/node-instance/versions.tf',
        from: /\n {4}random = \{[^}]*\}/,
        to: '',
        problem:
          "modules/node-instance: resource random_password.database: provider 'random' is not in required_providers",
      },
      {
        name: 'a provider of a module the root does not pin',
        file: 'instances/versions.tf',
        from: /\n {4}postgresql = \{[^}]*\}/,
        to: '',
        problem:
          'instances: module "node_instance" uses provider postgresql (cyrilgdn/postgresql), not in required_providers here',
      },
      {
        name: 'a secret variable without sensitive = true',
        file: 'instances/variables.tf',
        from: /(variable "cloudflare_api_token" \{[^}]*?)\n {2}sensitive {3}= true/,
        to: '$1',
        problem: 'instances: variable "cloudflare_api_token" holds a secret but lacks sensitive = true',
      },
      {
        name: 'an output carrying a generated secret without sensitive = true',
        file: 'modules/node-instance/outputs.tf',
        from: /(output "database_url" \{[^}]*?)\n {2}sensitive {3}= true/,
        to: '$1',
        problem:
          'modules/node-instance: output "database_url" carries a sensitive value (local.database_url) but lacks sensitive = true',
      },
      {
        name: 'an output reading a resource that is not declared',
        file: 'modules/cloudflare-instance/outputs.tf',
        from: 'value       = cloudflare_d1_database.this.id',
        to: 'value       = cloudflare_d1_database.main.id',
        problem:
          'modules/cloudflare-instance: output.d1_database_id refers to cloudflare_d1_database.main, which is not declared',
      },
      {
        name: 'an output reading a module output that is not declared',
        file: 'instances/outputs.tf',
        from: 'instance.worker_name',
        to: 'instance.script_name',
        problem:
          'instances: output.cloudflare reads output script_name of module.cloudflare_instance, which it does not declare',
      },
      {
        name: 'an example tfvars file holding a secret',
        file: 'instances/terraform.tfvars.example',
        from: /$/,
        to: '\ncloudflare_api_token = "not-a-real-token"\n',
        problem:
          'instances: terraform.tfvars.example sets the sensitive variable cloudflare_api_token: give it as TF_VAR_cloudflare_api_token instead',
      },
    ]

    test.each(CASES)('$name', async ({ file, from, to, problem }) => {
      const problems = await checkTerraform(brokenCopy(file, from, to))
      expect(problems).toContain(problem)
    })
  })
})

describe('modules/cloudflare-instance', () => {
  test('behavior: pins the Cloudflare provider v5', () => {
    expect(moduleAt('modules/cloudflare-instance').requiredProviders.get('cloudflare')).toEqual({
      source: 'cloudflare/cloudflare',
      version: '~> 5',
    })
  })

  test('behavior: names the Worker and the D1 database stratos-<name>, as the wrangler files do', () => {
    const module = moduleAt('modules/cloudflare-instance')
    expect(module.locals.get('worker_name')).toBe(`stratos-${tf('var.name')}`)
    expect(block(module.resources, 'cloudflare_d1_database.this').name).toBe(`stratos-${tf('var.name')}`)
    expect(block(module.resources, 'cloudflare_d1_database.staging').name).toBe(
      `stratos-${tf('var.name')}-staging`,
    )
    // wrangler names an environment's Worker <name>-<env>: [env.staging] deploys stratos-<name>-staging.
    expect(module.locals.get('staging_worker_name')).toBe(`stratos-${tf('var.name')}-staging`)
    const d1 = String(block(module.outputs, 'wrangler_d1_databases').value)
    expect(d1).toContain('binding = "DB"')
    expect(d1).toContain(`database_id = "${tf('cloudflare_d1_database.this.id')}"`)
    expect(d1).toContain('migrations_dir = "migrations"')
  })

  test('behavior: leaves the script and its secrets to wrangler, out of the state', () => {
    const types = [...moduleAt('modules/cloudflare-instance').resources.keys()].map(
      (key) => key.split('.')[0],
    )
    expect(types.filter((type) => /script|secret/.test(type ?? ''))).toEqual([])
  })

  test('behavior: the [vars] carry the names apps/api/src/config.ts reads', () => {
    const value = String(block(moduleAt('modules/cloudflare-instance').outputs, 'wrangler_vars').value)
    for (const name of ['PUBLIC_ORIGIN', 'RP_ID', 'INSTANCE_NAME', 'RELATED_ORIGINS']) {
      expect(value).toContain(name)
      const config = readFileSync(path.join(repoRoot, 'apps/api/src/config.ts'), 'utf8')
      expect(config.includes(`env.${name}`) || config.includes(`'${name}'`), name).toBe(true)
    }
  })

  test('error: the name and origin validations refuse what the conventions refuse', () => {
    const variables = moduleAt('modules/cloudflare-instance').variables
    const name = validationPattern(block(variables, 'name'))
    expect(name.source).toBe(NAME_PATTERN)
    for (const good of ['example-a', 'ab', 'a'.repeat(31)]) expect(name.test(good)).toBe(true)
    for (const bad of ['a', 'Example', '1st', 'a_b', 'a'.repeat(32)]) expect(name.test(bad)).toBe(false)
    const origin = validationPattern(block(variables, 'origin'))
    expect(origin.test('https://vault.example.com')).toBe(true)
    for (const bad of [
      'http://vault.example.com',
      'https://vault.example.com/',
      'https://vault.example.com:8443',
      'https://vault.example.com/app',
      'https://Vault.example.com',
      'https://localhost',
    ])
      expect(origin.test(bad), bad).toBe(false)
  })
})

describe('modules/node-instance', () => {
  test('behavior: the Secret is the one deploy/kubernetes mounts, with the same keys and paths', () => {
    const module = moduleAt('modules/node-instance')
    const deployment = parseYaml(
      readFileSync(path.join(repoRoot, 'deploy/kubernetes/base/deployment.yaml'), 'utf8'),
    ) as {
      spec: {
        template: {
          spec: {
            volumes: { name: string; secret?: { secretName: string; items: { key: string }[] } }[]
            containers: { env: { name: string; value: string }[] }[]
          }
        }
      }
    }
    const pod = deployment.spec.template.spec
    const volume = pod.volumes.find((candidate) => candidate.secret)?.secret
    const secret = block(module.resources, 'kubernetes_secret_v1.this')
    const metadata = (secret.metadata as Json[])[0]!
    expect(metadata.name).toBe(volume?.secretName)
    expect(Object.keys(secret.data as Json).sort()).toEqual(volume?.items.map((item) => item.key).sort())
    const env = block(module.outputs, 'env').value as Json
    expect(module.locals.get('secrets_dir')).toBe('/etc/stratos/secrets')
    const files = pod.containers[0]!.env.filter((entry) => entry.name.endsWith('_FILE'))
    expect(files.map((entry) => entry.name).sort()).toEqual(
      Object.keys(env)
        .filter((name) => name.endsWith('_FILE'))
        .sort(),
    )
    for (const variable of files) {
      expect(path.dirname(variable.value)).toBe('/etc/stratos/secrets')
      expect(env[variable.name]).toBe(`\${local.secrets_dir}/${path.basename(variable.value)}`)
    }
  })

  test('behavior: the generated SESSION_SECRET and INSTANCE_KEY are what loadConfig accepts', async () => {
    const module = moduleAt('modules/node-instance')
    const data = block(module.resources, 'kubernetes_secret_v1.this').data as Json
    const generated = (key: string): string => {
      // `${random_bytes.<name>.hex}`: <length> random bytes as hex, as Terraform writes them.
      const match = /^\$\{random_bytes\.(\w+)\.(hex|base64)\}$/.exec(String(data[key]))
      if (!match) throw new Error(`${key} is not a random_bytes value`)
      const length = Number(block(module.resources, `random_bytes.${match[1]}`).length)
      return randomBytes(length).toString(match[2] === 'hex' ? 'hex' : 'base64')
    }
    const config = await loadConfig({
      PUBLIC_ORIGIN: 'https://vault.example.com',
      SESSION_SECRET: generated('session-secret'),
      INSTANCE_KEY: generated('instance-key'),
    })
    expect(config.instanceKey).toHaveLength(64)
    // The other side of the check: a key shorter than config.ts allows is refused.
    await expect(
      loadConfig({
        PUBLIC_ORIGIN: 'https://vault.example.com',
        INSTANCE_KEY: randomBytes(15).toString('hex'),
      }),
    ).rejects.toThrow(/INSTANCE_KEY must be at least 32 characters/)
  })

  test('behavior: one database and login role per instance, and PUBLIC may not connect to it', () => {
    const module = moduleAt('modules/node-instance')
    expect(module.locals.get('pg_name')).toBe(`stratos_${tf('replace(var.name, "-", "_")')}`)
    expect(block(module.resources, 'postgresql_database.this').owner).toBe(
      `${tf('postgresql_role.this.name')}`,
    )
    expect(block(module.resources, 'postgresql_grant.revoke_public_connect')).toMatchObject({
      role: 'public',
      object_type: 'database',
      privileges: [],
    })
    expect(validationPattern(block(module.variables, 'name')).source).toBe(NAME_PATTERN)
  })

  test('behavior: every generated secret leaves the module only through sensitive outputs', () => {
    const outputs = moduleAt('modules/node-instance').outputs
    for (const name of ['database_url', 'session_secret', 'instance_key'])
      expect(block(outputs, name).sensitive).toBe(true)
  })
})

describe('instances', () => {
  test('behavior: pins every provider the modules use, with the same source and version', () => {
    const root = moduleAt('instances')
    for (const dir of ['modules/cloudflare-instance', 'modules/node-instance'])
      for (const [name, requirement] of moduleAt(dir).requiredProviders)
        expect(root.requiredProviders.get(name), name).toEqual(requirement)
  })

  test('behavior: both modules are instantiated per instance from the map', () => {
    const calls = moduleAt('instances').moduleCalls
    expect(block(calls, 'cloudflare_instance')).toMatchObject({
      source: '../modules/cloudflare-instance',
      for_each: tf('local.cloudflare_instances'),
      name: tf('each.key'),
    })
    expect(block(calls, 'node_instance')).toMatchObject({
      source: '../modules/node-instance',
      for_each: tf('local.node_instances'),
      name: tf('each.key'),
    })
  })

  test('behavior: the example instances pass the modules’ validations and load in the API', async () => {
    const root = moduleAt('instances')
    const example = root.tfvarsExamples.get('terraform.tfvars.example')
    const instances = (example?.instances ?? {}) as Record<string, Json>
    expect(Object.keys(instances).sort()).toEqual(['example-a', 'example-b'])
    const variables = moduleAt('modules/cloudflare-instance').variables
    for (const [name, instance] of Object.entries(instances)) {
      expect(instance.cloudflare, name).toBeDefined()
      expect(instance.node, name).toBeDefined()
      expect(validationPattern(block(variables, 'name')).test(name), name).toBe(true)
      expect(validationPattern(block(variables, 'origin')).test(String(instance.origin)), name).toBe(true)
      const config = await loadConfig({
        PUBLIC_ORIGIN: String(instance.origin),
        ...(instance.rp_id ? { RP_ID: String(instance.rp_id) } : {}),
        INSTANCE_NAME: String(instance.display_name),
        INSTANCE_KEY: randomBytes(32).toString('hex'),
        SESSION_SECRET: randomBytes(32).toString('hex'),
      })
      expect(config.origin).toBe(instance.origin)
    }
  })
})

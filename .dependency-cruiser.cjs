/**
 * Import rules of the repository (checked by `npm run lint`). Tests may import what they test from
 * anywhere; the rules hold for the code that ships.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: split the shared part into a module both sides import.',
      from: { path: '^(apps|packages)/', pathNot: '\\.test\\.tsx?$' },
      to: { circular: true },
    },
    {
      name: 'packages-never-import-apps',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'dock-sdk-standalone',
      severity: 'error',
      comment:
        '@stratos/dock-sdk is published on its own: its shipped code imports nothing of the repo (its tests may).',
      from: {
        path: '^packages/dock-sdk/src/',
        pathNot: ['\\.test\\.ts$', '^packages/dock-sdk/src/testing/'],
      },
      to: { path: '^(apps|packages)/', pathNot: '^packages/dock-sdk/' },
    },
    {
      name: 'api-feature-isolation',
      severity: 'error',
      comment:
        'A feature of the API does not reach into another feature: shared parts live below the features (canton/, passkeys/, accounts/, defi/, evm/, http/, audit/).',
      from: { path: '^apps/api/src/features/([^/]+)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^apps/api/src/features/', pathNot: '^apps/api/src/features/$1/' },
    },
    {
      name: 'api-layers-below-features',
      severity: 'error',
      comment:
        'The shared layers of the API never import a feature; only app.ts and the dev entry mount them.',
      from: {
        path: '^apps/api/src/',
        pathNot: [
          '^apps/api/src/features/',
          '^apps/api/src/(app|dev)\\.ts$',
          '^apps/api/src/testing/',
          '\\.test\\.ts$',
        ],
      },
      to: { path: '^apps/api/src/features/' },
    },
    {
      name: 'web-feature-isolation',
      severity: 'error',
      comment: "A feature of the web app uses another feature only through that feature's index.ts.",
      from: { path: '^apps/web/src/features/([^/]+)/', pathNot: '\\.test\\.tsx?$' },
      to: {
        path: '^apps/web/src/features/',
        pathNot: ['^apps/web/src/features/$1/', '^apps/web/src/features/[^/]+/index\\.tsx?$'],
      },
    },
    {
      name: 'web-lib-below-features',
      severity: 'error',
      from: { path: '^apps/web/src/lib/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^apps/web/src/features/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@stratos/source', 'import', 'types', 'default'],
      extensions: ['.ts', '.tsx', '.js'],
    },
  },
}

import { existsSync } from 'node:fs'
import { Etcd3 } from 'etcd3'
import { describe, expect, test } from 'vitest'
import { startEtcd } from './startEtcd.js'

describe('startEtcd', () => {
  test('behavior: starts a healthy etcd on 127.0.0.1 that serves reads and writes; stop() ends it', async () => {
    const etcd = await startEtcd()
    expect(etcd.url).toBe(`http://127.0.0.1:${etcd.clientPort}`)
    const client = new Etcd3({ hosts: etcd.url })
    try {
      await client.put('k').value('v').exec()
      expect(await client.get('k').string()).toBe('v')
    } finally {
      client.close()
      await etcd.stop()
    }
    await expect(fetch(`${etcd.url}/health`)).rejects.toThrow()
  })

  test('error: a missing binary names the Debian package to install', async () => {
    expect(existsSync('/nonexistent/etcd')).toBe(false)
    await expect(startEtcd({ binary: '/nonexistent/etcd' })).rejects.toThrow(/etcd-server/)
  })
})

// The build limiter against a cgroup tree of plain files (the real kernel is exercised by
// test/integration/docker-builds.test.ts): the parent's bound, a new step's limits, a step at its limit stopped and
// recorded, the parent given back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BuildCgroupLimits, formatBytes } from './build-limits';

const MiB = 1048576;
let root: string;

function fakeTree(): string {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-cg-'));
  const files: Record<string, Record<string, string>> = {
    memory: { 'memory.limit_in_bytes': '9223372036854771712', 'memory.memsw.limit_in_bytes': '9223372036854771712' },
    cpu: { 'cpu.cfs_quota_us': '-1', 'cpu.cfs_period_us': '100000' },
    pids: { 'pids.max': 'max' },
  };
  for (const [ctl, f] of Object.entries(files)) {
    fs.mkdirSync(path.join(root, ctl, 'docker', 'buildkit'), { recursive: true });
    fs.writeFileSync(path.join(root, ctl, 'memory.limit_in_bytes'), '');
    for (const [name, v] of Object.entries(f)) fs.writeFileSync(path.join(root, ctl, 'docker', 'buildkit', name), v);
  }
  return root;
}

function step(name: string, ctl: string, files: Record<string, string>) {
  const dir = path.join(root, ctl, 'docker', 'buildkit', name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [f, v] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), v);
  return dir;
}

const readIn = (...p: string[]) => fs.readFileSync(path.join(root, ...p), 'utf8');
const until = async (what: string, ok: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('BuildCgroupLimits', () => {
  it('says why it cannot enforce limits without a cgroup v1 memory hierarchy', () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-cg-'));
    expect(new BuildCgroupLimits(root).problem()).toMatch(/no cgroup v1 memory hierarchy/);
  });

  it('bounds all builds together, limits each new step, stops a step at its limit and gives the parent back', async () => {
    fakeTree();
    const l = new BuildCgroupLimits(root);
    expect(l.problem()).toBeNull();
    l.acquire({ memoryBytes: 256 * MiB, nanoCpus: 0.5e9, pids: 100 }, 2);
    expect(readIn('memory/docker/buildkit/memory.limit_in_bytes')).toBe(String(512 * MiB));
    expect(readIn('memory/docker/buildkit/memory.memsw.limit_in_bytes')).toBe(String(512 * MiB));
    expect(readIn('cpu/docker/buildkit/cpu.cfs_quota_us')).toBe('100000');
    expect(readIn('pids/docker/buildkit/pids.max')).toBe('200');

    const sleeper = spawn('sleep', ['30']);
    const mem = step('abc123', 'memory', { 'memory.limit_in_bytes': '9223372036854771712', 'memory.memsw.limit_in_bytes': '9223372036854771712', 'memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 0\n', 'cgroup.procs': `${sleeper.pid}\n` });
    step('abc123', 'cpu', { 'cpu.cfs_quota_us': '-1', 'cpu.cfs_period_us': '100000' });
    step('abc123', 'pids', { 'pids.max': 'max' });
    await until('the step limits', () => readIn('pids/docker/buildkit/abc123/pids.max') === '100');
    expect(readIn('memory/docker/buildkit/abc123/memory.limit_in_bytes')).toBe(String(256 * MiB));
    expect(readIn('memory/docker/buildkit/abc123/memory.memsw.limit_in_bytes')).toBe(String(256 * MiB));
    expect(readIn('memory/docker/buildkit/abc123/memory.oom_control')).toBe('1');
    expect(readIn('cpu/docker/buildkit/abc123/cpu.cfs_quota_us')).toBe('50000');

    // The kernel reports the step waiting at its limit: its processes are killed and the stop recorded.
    const since = Date.now();
    const exited = new Promise<string | null>((r) => sleeper.on('exit', (_c, sig) => r(sig)));
    fs.writeFileSync(path.join(mem, 'memory.oom_control'), 'oom_kill_disable 1\nunder_oom 1\noom_kill 0\n');
    expect(await exited).toBe('SIGKILL');
    expect(l.oomsSince(since)).toEqual([expect.objectContaining({ cgroup: 'abc123', command: expect.arrayContaining(['sleep']) })]);

    l.release();
    expect(readIn('memory/docker/buildkit/memory.limit_in_bytes')).toBe('-1');
    expect(readIn('cpu/docker/buildkit/cpu.cfs_quota_us')).toBe('-1');
    expect(readIn('pids/docker/buildkit/pids.max')).toBe('max');
  });

  it('formats limits as people write them', () => {
    expect(formatBytes(1024 * MiB)).toBe('1 GiB');
    expect(formatBytes(1536 * MiB)).toBe('1.5 GiB');
    expect(formatBytes(192 * MiB)).toBe('192 MiB');
  });
});

import { describe, expect, it } from 'vitest';
import { checkDockerfile, instructions, normaliseRef } from './dockerfile';
import tarStream from 'tar-stream';
import { linkStaysInside, normaliseArchive, safeEntryPath } from './context';
import { blockedWhy, checkGitRef, parseGitUrl } from './git';

const own = (r: string) => r.startsWith('builds.local/acme/');
const ok = (text: string, args: Record<string, string> = {}) => expect(() => checkDockerfile(text, args, own)).not.toThrow();
const refused = (text: string, why: RegExp, args: Record<string, string> = {}) => expect(() => checkDockerfile(text, args, own)).toThrow(why);

describe('Dockerfile image references', () => {
  it('allow the built-in bases, scratch, earlier stages and the tenant’s own images', () => {
    ok('FROM overcast/node:20\nCMD ["node"]');
    ok('FROM docker.io/overcast/shell:1 AS build\nRUN echo hi\nFROM scratch\nCOPY --from=build /bin/busybox /b\nCOPY --from=0 /x /y');
    ok('FROM builds.local/acme/base:v2');
    ok('ARG BASE=overcast/static-web:1\nFROM $BASE');
    ok('ARG BASE\nFROM ${BASE}', { BASE: 'overcast/node:20' });
  });

  it('refuse other images, wherever they are named', () => {
    refused('FROM builds.local/other/secret:1', /not allowed/);
    refused('FROM overcast/fn-node:20', /not allowed/);
    refused('FROM overcast/shell:1\nCOPY --from=builds.local/other/x:1 / /', /COPY --from/);
    refused('FROM overcast/shell:1\nRUN --mount=type=bind,from=builds.local/other/x:1,target=/m cat /m/secret', /RUN --mount/);
    refused('ARG BASE=builds.local/other/x:1\nFROM $BASE', /not allowed/);
    refused('ARG BASE=overcast/node:20\nFROM ${BASE}', /not allowed/, { BASE: 'builds.local/other/x:1' });
    refused('FROM overcast/shell:1 \\\n  AS x\nCOPY \\\n  --from=evil/img:1 / /', /COPY --from/);
    refused('# syntax=docker/dockerfile:1.4\nFROM overcast/shell:1', /syntax/);
    refused('FROM overcast/shell:1\nRUN --network=host wget x', /--network/);
    refused('FROM overcast/shell:1\nRUN --security=insecure id', /--security/);
    refused('FROM overcast/shell:1\nADD https://example.com/x /x', /ADD from a URL/);
    refused('RUN echo no from', /no FROM/);
  });

  it('refuse the forms that would show the check one image and the engine another, and ADD fetching by variable', () => {
    // ${X:+word} is the word to BuildKit but X's value to a naive substitution.
    refused('ARG X=overcast/node:20\nFROM ${X:+builds.local/other/x:1}', /plain/);
    refused('FROM ${X:-builds.local/other/x:1}', /plain/);
    // Mount options as BuildKit parses them: keys in any case, quoted.
    refused('FROM overcast/shell:1\nRUN --mount=type=bind,FROM=builds.local/other/x:1,target=/v cat /v/s', /RUN --mount/);
    refused('FROM overcast/shell:1\nRUN --mount=type=bind,"from=builds.local/other/x:1",target=/v cat /v/s', /RUN --mount/);
    refused('FROM overcast/shell:1\nCOPY --FROM=builds.local/other/x:1 / /', /COPY --from/);
    // The frontend chosen by a build argument, like a syntax line.
    refused('FROM overcast/shell:1', /BUILDKIT_SYNTAX/, { BUILDKIT_SYNTAX: 'builds.local/other/frontend:1' });
    refused('ARG BUILDKIT_SYNTAX=x\nFROM overcast/shell:1', /BUILDKIT_/);
    // The engine fetches ADD's URL on the host's network; a variable can hide one.
    refused('FROM overcast/shell:1\nARG U=http://169.254.169.254/latest/meta-data/\nADD $U /x', /ADD/);
    refused('FROM overcast/shell:1\nONBUILD ADD $U /x', /ONBUILD/);
    refused('FROM overcast/shell:1\nONBUILD ADD http://127.0.0.1:3000/ /x', /ONBUILD/);
  });

  it('parse continuations and comments', () => {
    expect(instructions('# c\nFROM a \\\n  AS b\n# inside\nRUN x').list.map((i) => i.keyword)).toEqual(['FROM', 'RUN']);
    expect(normaliseRef('docker.io/library/Alpine')).toBe('alpine:latest');
  });
});

describe('context paths and links', () => {
  it('normalise paths and refuse escapes', () => {
    expect(safeEntryPath('./a//b/')).toBe('a/b');
    expect(() => safeEntryPath('a/../../x')).toThrow(/leaves/);
    expect(() => safeEntryPath('/etc/passwd')).toThrow(/absolute/);
    expect(() => safeEntryPath('C:\\x')).toThrow(/absolute/);
  });
  it('tell symlinks inside from those leading out', () => {
    expect(linkStaysInside('a/b', '../c')).toBe(true);
    expect(linkStaysInside('a/b', '../../c')).toBe(false);
    expect(linkStaysInside('link', '../../etc/passwd')).toBe(false);
    expect(linkStaysInside('link', '/etc/passwd')).toBe(false);
    expect(linkStaysInside('link', '.')).toBe(true);
  });
});

/** A tar of the given entries, in order. */
async function tarOf(entries: { name: string; body?: string; type?: 'file' | 'symlink' | 'link'; linkname?: string }[]): Promise<Buffer> {
  const pack = tarStream.pack();
  for (const e of entries) pack.entry({ name: e.name, type: e.type ?? 'file', linkname: e.linkname }, e.body ?? '');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('archives', () => {
  const limits = { maxBytes: 1 << 20, maxEntries: 100, dockerfile: 'Dockerfile' };
  it('refuse a path named twice (the checks would read one Dockerfile, the engine another) and a Dockerfile that is a link', async () => {
    const twice = await tarOf([{ name: 'Dockerfile', body: 'FROM overcast/shell:1\n' }, { name: 'evil', body: 'FROM builds.local/other/x:1\n' }, { name: 'Dockerfile', type: 'symlink', linkname: 'evil' }]);
    await expect(normaliseArchive(twice, limits)).rejects.toThrow(/twice/);
    const link = await tarOf([{ name: 'evil', body: 'FROM builds.local/other/x:1\n' }, { name: 'Dockerfile', type: 'symlink', linkname: 'evil' }]);
    await expect(normaliseArchive(link, limits)).rejects.toThrow(/regular file/);
    const fine = await normaliseArchive(await tarOf([{ name: 'Dockerfile', body: 'FROM overcast/shell:1\n' }, { name: 'a', type: 'symlink', linkname: 'Dockerfile' }]), limits);
    expect(fine.summary.dockerfileText).toBe('FROM overcast/shell:1\n');
  });
});

describe('git sources', () => {
  it('allow http(s) and git URLs only, without credentials', () => {
    expect(parseGitUrl('https://example.com/a.git').hostname).toBe('example.com');
    expect(() => parseGitUrl('file:///srv/x')).toThrow(/Only http/);
    expect(() => parseGitUrl('ssh://git@example.com/x')).toThrow(/Only http|Credentials/);
    expect(() => parseGitUrl('../x')).toThrow(/local paths/);
  });
  it('refuse loopback, private, link-local and IPv6 local addresses', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.17.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) expect(blockedWhy(a), a).not.toBeNull();
    expect(blockedWhy('203.0.113.7')).toBeNull();
  });
  it('refuse IPv6 addresses standing for IPv4 ones, however written', () => {
    for (const a of ['::ffff:7f00:1', '::ffff:a9fe:a9fe', '::7f00:1', '64:ff9b::7f00:1', 'fec0::1', '::ffff:127.0.0.1']) expect(blockedWhy(a), a).not.toBeNull();
    expect(blockedWhy('2001:db8::1')).toBeNull();
  });
  it('refuse refs that look like options', () => {
    expect(checkGitRef('main')).toBe('main');
    expect(checkGitRef('v1.2.3')).toBe('v1.2.3');
    expect(() => checkGitRef('--upload-pack=x')).toThrow();
    expect(() => checkGitRef('a..b')).toThrow();
  });
});

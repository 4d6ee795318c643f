// Key parsing against keys made by the real ssh-keygen: fingerprints must equal `ssh-keygen -lf`'s.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSshPublicKey } from './parse';

let dir: string;
const made: Record<string, { pub: string; keygen: string }> = {};

function keygen(name: string, args: string[]): void {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-N', '', '-C', `${name}@test`, '-f', file, ...args]);
  made[name] = {
    pub: fs.readFileSync(`${file}.pub`, 'utf8'),
    // "256 SHA256:abc… comment (ED25519)"
    keygen: execFileSync('ssh-keygen', ['-lf', `${file}.pub`], { encoding: 'utf8' }),
  };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-sshkeys-'));
  keygen('ed25519', ['-t', 'ed25519']);
  keygen('ecdsa256', ['-t', 'ecdsa', '-b', '256']);
  keygen('ecdsa384', ['-t', 'ecdsa', '-b', '384']);
  keygen('ecdsa521', ['-t', 'ecdsa', '-b', '521']);
  keygen('rsa2048', ['-t', 'rsa', '-b', '2048']);
  keygen('rsa1024', ['-t', 'rsa', '-b', '1024']);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('parseSshPublicKey', () => {
  it.each([
    ['ed25519', 'ssh-ed25519', 256],
    ['ecdsa256', 'ecdsa-sha2-nistp256', 256],
    ['ecdsa384', 'ecdsa-sha2-nistp384', 384],
    ['ecdsa521', 'ecdsa-sha2-nistp521', 521],
    ['rsa2048', 'ssh-rsa', 2048],
  ])('accepts a %s key with the fingerprint and size ssh-keygen -lf prints', (name, type, bits) => {
    const r = parseSshPublicKey(made[name]!.pub);
    if (!r.ok) throw new Error(r.reason);
    const [keygenBits, keygenFp] = made[name]!.keygen.split(' ');
    expect(r.key.type).toBe(type);
    expect(r.key.fingerprint).toBe(keygenFp);
    expect(r.key.bits).toBe(Number(keygenBits));
    expect(r.key.bits).toBe(bits);
    expect(r.key.comment).toBe(`${name}@test`);
    expect(r.key.publicKey).toBe(made[name]!.pub.trim());
  });

  it('accepts a key without a comment, and surrounding whitespace', () => {
    const [type, b64] = made.ed25519!.pub.split(' ');
    const r = parseSshPublicKey(`  ${type} ${b64}\n`);
    expect(r.ok && r.key.publicKey).toBe(`${type} ${b64}`);
    expect(r.ok && r.key.comment).toBe('');
  });

  const ed = () => made.ed25519!.pub.trim().split(' ');
  const rows: { reason: string; input: () => string; says: RegExp }[] = [
    { reason: 'empty', input: () => '   ', says: /Paste a public key/ },
    { reason: 'a private key', input: () => '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----', says: /private key/ },
    { reason: 'unknown type', input: () => `ssh-dss ${ed()[1]}`, says: /not accepted/ },
    { reason: 'no key data', input: () => 'ssh-ed25519', says: /looks like/ },
    { reason: 'not base64', input: () => 'ssh-ed25519 not*base64!', says: /base64/ },
    { reason: 'truncated base64', input: () => `ssh-ed25519 ${ed()[1]!.slice(0, 40)}`, says: /truncated|not a valid|base64/ },
    { reason: 'type inside differs', input: () => `ssh-rsa ${ed()[1]}`, says: /is a “ssh-ed25519” key, not “ssh-rsa”/ },
    { reason: 'an RSA key under 2048 bits', input: () => made.rsa1024!.pub, says: /1024 bits: use at least 2048/ },
    { reason: 'two lines', input: () => `${made.ed25519!.pub.trim()}\n${made.ecdsa256!.pub.trim()}`, says: /single line/ },
    { reason: 'extra bytes in the blob', input: () => `ssh-ed25519 ${Buffer.concat([Buffer.from(ed()[1]!, 'base64'), Buffer.from([0, 0, 0, 0])]).toString('base64')}`, says: /extra bytes/ },
    { reason: 'ecdsa with another curve inside', input: () => `ecdsa-sha2-nistp384 ${made.ecdsa256!.pub.split(' ')[1]}`, says: /not “ecdsa-sha2-nistp384”/ },
  ];
  it.each(rows)('refuses $reason', ({ input, says }) => {
    const r = parseSshPublicKey(input());
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(says);
  });
});

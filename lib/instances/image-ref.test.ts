import { describe, expect, it } from 'vitest';
import { namespaceOf, parseImageRef } from './image-ref';

describe('image references', () => {
  it('parses [host[:port]/]path[:tag], "latest" by default', () => {
    expect(parseImageRef('acme/web:1')).toMatchObject({ host: null, path: ['acme', 'web'], tag: '1', ref: 'acme/web:1' });
    expect(parseImageRef(' acme/web ')).toMatchObject({ tag: 'latest', ref: 'acme/web:latest' });
    expect(parseImageRef('reg.example.com:5000/acme/team/web:v2.1')).toMatchObject({ host: 'reg.example.com:5000', path: ['acme', 'team', 'web'], repository: 'reg.example.com:5000/acme/team/web' });
  });

  it('refuses digests, capitals, empty parts and bad tags with a message for the field', () => {
    for (const bad of ['acme/web@sha256:' + 'a'.repeat(64), 'Acme/web:1', 'acme//web:1', 'acme/web:-x', 'acme/web:', '']) {
      expect(() => parseImageRef(bad), bad).toThrow();
    }
  });

  it('the namespace is the first path part, never the console’s own, and only on the configured registry', () => {
    expect(namespaceOf(parseImageRef('acme/web:1'))).toBe('acme');
    expect(namespaceOf(parseImageRef('web:1'))).toBeNull();
    expect(namespaceOf(parseImageRef('overcast/node:20'))).toBeNull();
    expect(namespaceOf(parseImageRef('other.example.com/acme/web:1'))).toBeNull();
  });
});

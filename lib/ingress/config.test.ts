import { describe, expect, it } from 'vitest';
import { sitesConfig } from './config';
import { ingressSettings } from './settings';

const s = ingressSettings({ OVERCAST_DATA_DIR: '/srv/overcast', OVERCAST_INGRESS_PORT: '8443' } as unknown as NodeJS.ProcessEnv);
const route = { host: 'web-acme.localhost', upstreamPort: 32768, cert: '/srv/c.crt', key: '/srv/c.key', instanceId: 'i1', tenantId: 't1' };

describe('nginx sites', () => {
  it('proxies a running app to its port on the apps address, with forwarded headers set, not passed on', () => {
    const text = sitesConfig(s, [route]);
    expect(text).toContain('server_name web-acme.localhost;');
    expect(text).toContain('proxy_pass http://127.0.0.2:32768;');
    expect(text).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
    expect(text).not.toContain('$proxy_add_x_forwarded_for');
  });

  it.each([
    { reason: 'a directive smuggled in a host', host: 'a.localhost; return 200 x' },
    { reason: 'a space', host: 'a b.localhost' },
    { reason: 'a brace', host: 'a}.localhost' },
  ])('leaves out a host nginx could misread: $reason', ({ host }) => {
    expect(sitesConfig(s, [{ ...route, host }])).not.toContain('server_name');
  });

  it('a host without a running app is answered 404 by nginx', () => {
    const text = sitesConfig(s, [{ ...route, upstreamPort: null }]);
    expect(text).toContain('return 404;');
    expect(text).not.toContain('proxy_pass');
  });

  it('refuses paths nginx could misread', () => {
    expect(() => sitesConfig(s, [{ ...route, cert: '/srv/x.crt; include /etc/passwd' }])).toThrow(/refusing a path/);
  });

  it('the apps domain must be a domain name', () => {
    expect(() => ingressSettings({ OVERCAST_APPS_DOMAIN: 'evil;domain' } as unknown as NodeJS.ProcessEnv)).toThrow(/OVERCAST_APPS_DOMAIN/);
    expect(ingressSettings({ OVERCAST_APPS_DOMAIN: '*.Apps.Example.NET.' } as unknown as NodeJS.ProcessEnv).domain).toBe('apps.example.net');
  });
});

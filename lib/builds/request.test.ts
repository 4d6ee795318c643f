import { afterEach, describe, expect, it } from 'vitest';
import { readUploadRequest } from './request';

afterEach(() => {
  delete process.env.OVERCAST_BUILD_CONTEXT_MAX_MIB;
});

describe('a multipart build upload', () => {
  it('gives the archive and fields of a form', async () => {
    const fd = new FormData();
    fd.set('context', new Blob([new Uint8Array([1, 2, 3])]), 'ctx.tar');
    fd.set('image', 'app:v1');
    const r = await readUploadRequest(new Request('http://console.test/api/v1/tenants/t/builds', { method: 'POST', body: fd }));
    expect(r).toMatchObject({ source: 'upload', fields: { image: 'app:v1' }, uploadName: 'ctx.tar' });
    expect([...((r as { archive: Buffer }).archive ?? [])]).toEqual([1, 2, 3]);
  });

  it('is refused past the size limit even when the body declares no length (chunked), without reading it all', async () => {
    process.env.OVERCAST_BUILD_CONTEXT_MAX_MIB = '1';
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024);
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent > 64 * 1048576) return c.close(); // 64 MiB if nothing stopped it
        sent += chunk.length;
        c.enqueue(chunk);
      },
    });
    const req = new Request('http://console.test/x', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=zz' }, body, duplex: 'half' } as RequestInit);
    expect(req.headers.get('content-length')).toBeNull();
    await expect(readUploadRequest(req)).rejects.toMatchObject({ code: 'code_too_large' });
    expect(sent).toBeLessThan(4 * 1048576);
  });
});

'use client';
// Starting a build: an uploaded context (tar, tar.gz or zip) or a git URL and ref, the Dockerfile's path, build args
// and the image name. Sent to POST /api/v1/tenants/{slug}/builds — a git source as JSON, an upload as the bare archive
// with the fields in the query string (types a foreign page cannot send: see lib/server/csrf.ts); the API's field
// errors are shown next to their fields, and a started build opens its page (live log).
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field, TextField, controlProps } from '@/components/ui/field';
import { parseBuildArgLines } from '@/lib/builds/build-args';

type Problem = { title?: string; errors?: Record<string, string> };

export function BuildForm({ slug, maxMib }: { slug: string; maxMib: number }) {
  const router = useRouter();
  const [source, setSource] = useState<'upload' | 'git'>('upload');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    form.set('source', source);
    if (source === 'git') form.delete('context');
    const local: Record<string, string> = {};
    const file = form.get('context');
    if (source === 'upload' && !(file instanceof File && file.size > 0)) local.context = 'Choose a build context to upload (tar, tar.gz or zip).';
    else if (source === 'upload' && file instanceof File && file.size > maxMib * 1048576) local.context = `The upload is larger than ${maxMib} MiB.`;
    if (source === 'git' && !String(form.get('gitUrl') ?? '').trim()) local.gitUrl = 'Enter the repository URL.';
    if (!String(form.get('image') ?? '').trim()) local.image = 'Enter an image name such as web or web:v1.';
    const args = parseBuildArgLines(String(form.get('buildArgs') ?? ''));
    if (typeof args === 'string') local.buildArgs = args;
    if (Object.keys(local).length) {
      setErrors(local);
      setMessage('Some fields need attention.');
      return;
    }
    setBusy(true);
    setErrors({});
    setMessage(source === 'upload' ? 'Uploading and checking the context…' : 'Checking the repository URL…');
    try {
      const url = `/api/v1/tenants/${encodeURIComponent(slug)}/builds`;
      const text = (k: string) => String(form.get(k) ?? '').trim();
      let res: Response;
      if (source === 'git') {
        const body = { source: 'git', gitUrl: text('gitUrl'), gitRef: text('gitRef') || 'HEAD', dockerfile: text('dockerfile') || 'Dockerfile', buildArgs: args, image: text('image') };
        res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      } else {
        const q = new URLSearchParams({ image: text('image'), dockerfile: text('dockerfile') || 'Dockerfile', name: (file as File).name });
        for (const [k, v] of Object.entries(args as Record<string, string>)) q.append('buildArg', `${k}=${v}`);
        res = await fetch(`${url}?${q}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file as File });
      }
      const body = (await res.json().catch(() => ({}))) as Problem & { id?: string };
      if (res.status === 201 && body.id) {
        setMessage('Build queued; opening its log…');
        router.push(`/t/${slug}/builds/${body.id}`);
        return;
      }
      setErrors(body.errors ?? {});
      setMessage(body.title ?? `The console answered ${res.status}.`);
    } catch {
      setMessage('The console is not reachable; try again.');
    }
    setBusy(false);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-describedby="build-form-message" data-testid="build-form">
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Source</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="inline-flex items-center gap-2">
            <input type="radio" name="sourceChoice" value="upload" checked={source === 'upload'} onChange={() => setSource('upload')} /> Upload a build context
          </label>
          <label className="inline-flex items-center gap-2">
            <input type="radio" name="sourceChoice" value="git" checked={source === 'git'} onChange={() => setSource('git')} /> Git repository
          </label>
        </div>
      </fieldset>
      {source === 'upload' ? (
        <Field label="Build context" name="context" error={errors.context} hint={`A .tar, .tar.gz or .zip of the folder with your Dockerfile (at most ${maxMib} MiB).`}>
          <input type="file" accept=".tar,.tar.gz,.tgz,.zip,application/x-tar,application/gzip,application/zip" {...controlProps('context', true, errors.context)} />
        </Field>
      ) : (
        <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
          <TextField label="Repository URL" name="gitUrl" placeholder="https://git.example.com/team/app.git" error={errors.gitUrl} hint="http(s):// or git://; public addresses only." />
          <TextField label="Ref" name="gitRef" placeholder="main" defaultValue="main" error={errors.gitRef} hint="Branch, tag or commit." />
        </div>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Image" name="image" placeholder="web:v1" required error={errors.image} hint={`Pushed as ${slug}/<image> in this organisation's repository.`} />
        <TextField label="Dockerfile" name="dockerfile" defaultValue="Dockerfile" error={errors.dockerfile} hint="Its path inside the context." />
      </div>
      <Field label="Build args" name="buildArgs" error={errors.buildArgs} hint="One NAME=value per line (optional).">
        <textarea rows={3} placeholder="GREETING=hello" {...controlProps('buildArgs', true, errors.buildArgs)} className={`${controlProps('buildArgs').className} font-mono`} />
      </Field>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={busy} data-testid="start-build">
          {busy ? 'Starting…' : 'Start build'}
        </Button>
        <p id="build-form-message" role="status" className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="build-form-message">
          {message}
        </p>
      </div>
    </form>
  );
}

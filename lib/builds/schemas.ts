// Input of a build: where the context comes from, which Dockerfile, build args and the image name it gets.
import { z } from 'zod';
import { safeEntryPath } from './context';
import { AppError } from '@/lib/errors';

const REPO = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const ARG = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** "repo" or "repo:tag" → its parts (tag `latest` when none). */
export const ZImage = z
  .string({ error: 'Enter an image name such as web or web:v1.' })
  .trim()
  .min(1, 'Enter an image name such as web or web:v1.')
  .max(200, 'At most 200 characters.')
  .transform((s, c) => {
    const i = s.lastIndexOf(':');
    const repository = i > 0 ? s.slice(0, i) : s;
    const tag = i > 0 ? s.slice(i + 1) : 'latest';
    if (!REPO.test(repository)) {
      c.addIssue({ code: 'custom', message: 'The repository is lower-case letters, digits and . _ - separators, optionally in / paths (e.g. web or team/api).' });
      return z.NEVER;
    }
    if (!TAG.test(tag)) {
      c.addIssue({ code: 'custom', message: 'The tag is letters, digits, _ . - (at most 128, not starting with . or -).' });
      return z.NEVER;
    }
    return { repository, tag };
  });

export const ZDockerfilePath = z
  .string()
  .trim()
  .max(255, 'At most 255 characters.')
  .default('Dockerfile')
  .transform((s, c) => {
    try {
      const p = safeEntryPath(s || 'Dockerfile');
      if (!p) throw new AppError('validation_failed', 'x');
      return p;
    } catch {
      c.addIssue({ code: 'custom', message: 'A path inside the context, such as Dockerfile or docker/Dockerfile.prod.' });
      return z.NEVER;
    }
  });

export const ZBuildArgs = z
  .record(z.string(), z.string().max(4096, 'A build arg value is at most 4096 characters.'), { error: 'Build args are NAME=value pairs.' })
  .default({})
  .superRefine((r, c) => {
    const keys = Object.keys(r);
    if (keys.length > 50) c.addIssue({ code: 'custom', message: 'At most 50 build args.' });
    for (const k of keys) if (!ARG.test(k)) c.addIssue({ code: 'custom', message: `${k.slice(0, 40)} is not a valid build arg name (letters, digits, _; not starting with a digit).` });
  });

export { parseBuildArgLines } from './build-args';

export const ZGitBuild = z.strictObject({
  source: z.literal('git'),
  gitUrl: z.string({ error: 'Enter the repository URL.' }).trim().min(1, 'Enter the repository URL.').max(2000, 'At most 2000 characters.'),
  gitRef: z.string().trim().max(200, 'At most 200 characters.').default('HEAD').transform((s) => s || 'HEAD'),
  dockerfile: ZDockerfilePath,
  buildArgs: ZBuildArgs,
  image: ZImage,
});

export const ZUploadFields = z.strictObject({
  source: z.literal('upload').default('upload'),
  dockerfile: ZDockerfilePath,
  buildArgs: ZBuildArgs,
  image: ZImage,
});

export const BUILD_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type BuildStatusName = (typeof BUILD_STATUSES)[number];
export const isFinished = (s: string) => s === 'succeeded' || s === 'failed' || s === 'cancelled';

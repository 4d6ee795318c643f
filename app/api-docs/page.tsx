// The API reference: the OpenAPI document of /api/v1 (lib/api/openapi) rendered by tag — each operation's method,
// path, who may call it, parameters, request body and responses — with a link to the JSON for tools.
import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui/card';
import { OperationView, Prose } from '@/components/api-docs/operation-view';
import { openApiDocument, type Operation } from '@/lib/api/openapi/document';

export const metadata: Metadata = { title: 'API reference' };

const tagId = (tag: string) => `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

export default function ApiDocsPage() {
  const doc = openApiDocument();
  const byTag = new Map<string, { method: string; path: string; op: Operation }[]>(doc.tags.map((t) => [t.name, []]));
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) byTag.get(op.tags[0]!)?.push({ method, path, op });
  }
  const count = [...byTag.values()].reduce((n, ops) => n + ops.length, 0);
  return (
    <>
      <PageHeader
        title="API reference"
        description={`Everything the console does, as ${count} operations under /api/v1 (OpenAPI ${doc.openapi}, generated from the schemas the server validates with).`}
        actions={
          <a
            href="/api/v1/openapi.json"
            className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            openapi.json
          </a>
        }
      />
      <div className="space-y-6">
        <Card title="Using the API">
          <div className="space-y-2">
            <Prose text={String(doc.info.description ?? '')} />
          </div>
          <nav aria-label="API sections" className="mt-4">
            <ul className="flex flex-wrap gap-2">
              {[...byTag].map(([tag, ops]) => (
                <li key={tag}>
                  <Link href={`#${tagId(tag)}`} className="inline-block rounded-full border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
                    {tag} <span className="text-zinc-600 dark:text-zinc-400">({ops.length})</span>
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        </Card>
        {[...byTag].map(([tag, ops]) => (
          <section key={tag} aria-labelledby={tagId(tag)} className="scroll-mt-20">
            <h2 id={tagId(tag)} className="scroll-mt-20 text-lg font-semibold">
              {tag}
            </h2>
            <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">{doc.tags.find((t) => t.name === tag)?.description}</p>
            <div className="space-y-2">
              {ops.map(({ method, path, op }) => (
                <OperationView key={`${method} ${path}`} method={method} path={path} op={op} />
              ))}
            </div>
          </section>
        ))}
      </div>
    </>
  );
}

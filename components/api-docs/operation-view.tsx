// One API operation of the OpenAPI document as a disclosure: method and path, then who may call it, its parameters,
// request body and responses (the problem codes by status). Server-rendered, keyboard-friendly <details>.
import type { ReactNode } from 'react';
import type { Operation } from '@/lib/api/openapi/document';
import { StaticTable } from '@/components/ui/table';
import { SchemaView, typeSummary } from './schema-view';

const METHOD_STYLE: Record<string, string> = {
  get: 'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100',
  post: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100',
  put: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  patch: 'bg-violet-100 text-violet-900 dark:bg-violet-900 dark:text-violet-100',
  delete: 'bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100',
};

const ACCESS_LABEL: Record<Operation['x-overcast-access'], string> = {
  public: 'Public',
  user: 'Signed-in user',
  session: 'Browser session only',
  tenant: 'Organisation member',
  admin: 'Platform admin',
};

/** Text with `code` spans (the document's descriptions use backticks). */
export function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split('\n\n').map((para, i) => (
        <p key={i} className="text-sm text-zinc-700 dark:text-zinc-300">
          {para.split(/(`[^`]+`)/).map((part, j) =>
            part.startsWith('`') && part.endsWith('`') && part.length > 1 ? (
              <code key={j} className="rounded bg-zinc-100 px-1 font-mono text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
                {part.slice(1, -1)}
              </code>
            ) : (
              part
            ),
          )}
        </p>
      ))}
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="mt-4">
      <h4 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{title}</h4>
      {children}
    </div>
  );
}

export function MethodBadge({ method }: { method: string }) {
  return <span className={`inline-block w-16 shrink-0 rounded px-1.5 py-0.5 text-center font-mono text-xs font-semibold uppercase ${METHOD_STYLE[method] ?? ''}`}>{method}</span>;
}

/** The problem codes a response lists (its schema narrows Problem.code to them). */
function problemCodes(schema: Record<string, unknown> | undefined): string[] {
  const allOf = (schema?.allOf as Record<string, unknown>[] | undefined) ?? [];
  for (const part of allOf) {
    const code = (part.properties as Record<string, { enum?: string[] }> | undefined)?.code;
    if (code?.enum) return code.enum;
  }
  return [];
}

export function OperationView({ method, path, op }: { method: string; path: string; op: Operation }) {
  const body = op.requestBody?.content ?? {};
  return (
    <details id={op.operationId} className="group rounded-md border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" data-testid="api-operation">
      <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 hover:bg-zinc-50 dark:hover:bg-zinc-800/60">
        <MethodBadge method={method} />
        <span className="break-all font-mono text-sm">{path}</span>
        <span className="text-sm text-zinc-600 dark:text-zinc-400">{op.summary}</span>
      </summary>
      <div className="border-t border-zinc-200 px-3 pb-4 pt-3 dark:border-zinc-800">
        <div className="space-y-2">
          <p className="text-xs">
            <span className="rounded-full border border-zinc-300 px-2 py-0.5 font-medium text-zinc-700 dark:border-zinc-600 dark:text-zinc-300">{ACCESS_LABEL[op['x-overcast-access']]}</span>
            {op.security.length ? <span className="ml-2 text-zinc-600 dark:text-zinc-400">Session cookie or API token (Bearer).</span> : null}
          </p>
          {op.description ? <Prose text={op.description} /> : null}
        </div>

        {op.parameters?.length ? (
          <Section title="Parameters">
            <StaticTable
              caption={`Parameters of ${method.toUpperCase()} ${path}`}
              columns={[
                { key: 'name', header: 'Name' },
                { key: 'in', header: 'In' },
                { key: 'type', header: 'Type' },
                { key: 'description', header: 'Description' },
              ]}
              rows={op.parameters.map((p) => ({
                id: `${p.in}-${p.name}`,
                cells: [
                  <>
                    <span className="font-mono">{p.name}</span>
                    {p.required ? <span className="ml-1 text-xs font-normal text-red-800 dark:text-red-300">required</span> : null}
                  </>,
                  p.in,
                  <>
                    <code className="font-mono text-xs">{typeSummary(p.schema)}</code>
                    {'default' in p.schema ? <span className="ml-1 text-xs text-zinc-600 dark:text-zinc-400">default {JSON.stringify(p.schema.default)}</span> : null}
                  </>,
                  <>
                    {p.description ?? ''}
                    {p['x-overcast-source'] === 'handler' ? <span className="ml-1 text-xs text-zinc-600 dark:text-zinc-400">(read by the handler, not a schema)</span> : null}
                  </>,
                ],
              }))}
            />
          </Section>
        ) : null}

        {Object.keys(body).length ? (
          <Section title="Request body">
            {Object.entries(body).map(([type, media]) => (
              <div key={type} className="mb-2">
                <p className="mb-1 font-mono text-xs text-zinc-600 dark:text-zinc-400">{type}</p>
                <SchemaView schema={media.schema} />
              </div>
            ))}
          </Section>
        ) : null}

        <Section title="Responses">
          <ul className="space-y-2">
            {Object.entries(op.responses).map(([status, res]) => {
              const [type, media] = Object.entries(res.content ?? {})[0] ?? [];
              const codes = type === 'application/problem+json' ? problemCodes(media?.schema) : [];
              return (
                <li key={status} className="text-sm">
                  <span className="mr-2 inline-block w-16 font-mono font-semibold">{status}</span>
                  {codes.length ? (
                    <span>
                      problem+json:{' '}
                      {codes.map((c) => (
                        <code key={c} className="mr-1 rounded bg-zinc-100 px-1 font-mono text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
                          {c}
                        </code>
                      ))}
                    </span>
                  ) : (
                    <span className="text-zinc-700 dark:text-zinc-300">
                      {res.description}
                      {type && type !== 'application/json' ? <span className="ml-1 font-mono text-xs text-zinc-600 dark:text-zinc-400">{type}</span> : null}
                    </span>
                  )}
                  {!codes.length && media?.schema && Object.keys(media.schema).length && type === 'application/json' ? (
                    <div className="ml-[4.5rem] mt-1">
                      <SchemaView schema={media.schema} />
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </Section>
      </div>
    </details>
  );
}

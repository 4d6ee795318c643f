// A JSON Schema (from the OpenAPI document) shown as people read it: each field with its type, limits, default and
// whether it is required, nested objects indented. Server-rendered, no script.
import type { ReactNode } from 'react';

type Schema = Record<string, unknown>;

const asSchema = (v: unknown): Schema => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Schema) : {});
const json = (v: unknown) => JSON.stringify(v);

/** The schema's type in a few words (`string, 1–63 characters, matching …`). */
export function typeSummary(s: Schema): string {
  if ('const' in s) return `exactly ${json(s.const)}`;
  if (Array.isArray(s.enum)) return `one of ${s.enum.map(json).join(', ')}`;
  const anyOf = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (Array.isArray(anyOf)) return anyOf.map((x) => typeSummary(asSchema(x))).join(' or ');
  if (Array.isArray(s.allOf)) return s.allOf.map((x) => typeSummary(asSchema(x))).join(' and ');
  if (typeof s.$ref === 'string') return s.$ref.split('/').pop() ?? 'reference';
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
  if (!types.length && !s.properties) return 'any JSON value';
  const parts: string[] = [];
  for (const t of types.length ? types : ['object']) {
    if (t === 'array') {
      const items = asSchema(s.items);
      parts.push(`list of ${items.type === 'object' || items.properties ? 'objects' : typeSummary(items)}`);
    } else if (t === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
      parts.push(`map of names to ${typeSummary(asSchema(s.additionalProperties))}`);
    } else parts.push(t);
  }
  const limits: string[] = [];
  const range = (min: unknown, max: unknown, unit: string) => {
    if (typeof min === 'number' && typeof max === 'number') limits.push(`${min}–${max}${unit}`);
    else if (typeof min === 'number') limits.push(`at least ${min}${unit}`);
    else if (typeof max === 'number') limits.push(`at most ${max}${unit}`);
  };
  range(s.minLength, s.maxLength, ' characters');
  range(s.minimum, typeof s.maximum === 'number' && s.maximum >= Number.MAX_SAFE_INTEGER ? undefined : s.maximum, '');
  range(s.minItems, s.maxItems, ' items');
  if (typeof s.exclusiveMinimum === 'number') limits.push(`above ${s.exclusiveMinimum}`);
  if (typeof s.format === 'string') limits.push(s.format);
  if (typeof s.pattern === 'string') limits.push(`matching ${s.pattern}`);
  return [parts.join(' or '), ...limits].join(', ');
}

function Code({ children }: { children: ReactNode }) {
  return <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">{children}</code>;
}

/** The nested fields of a schema, if it has any: an object's, or the objects' in a list. */
function fieldsOf(s: Schema): Schema | undefined {
  if (s.properties) return s;
  const items = asSchema(s.items);
  if (items.properties) return items;
  return undefined;
}

export function SchemaView({ schema, depth = 0 }: { schema: Schema; depth?: number }) {
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(alternatives) && alternatives.some((a) => asSchema(a).properties)) {
    return (
      <ol className="space-y-2">
        {alternatives.map((a, i) => (
          <li key={i}>
            <p className="text-xs font-medium text-zinc-600 dark:text-zinc-400">{i === 0 ? 'Either' : 'or'}</p>
            <SchemaView schema={asSchema(a)} depth={depth} />
          </li>
        ))}
      </ol>
    );
  }
  const obj = fieldsOf(schema);
  if (!obj) {
    return (
      <p className="text-sm">
        <Code>{typeSummary(schema)}</Code>
        {typeof schema.description === 'string' ? <span className="ml-2 text-zinc-600 dark:text-zinc-400">{schema.description}</span> : null}
      </p>
    );
  }
  const required = new Set((obj.required as string[] | undefined) ?? []);
  const props = Object.entries(asSchema(obj.properties));
  return (
    <div>
      {obj !== schema ? <p className="mb-1 text-sm">A list of objects{typeSummary(schema).replace(/^list of objects/, '')}:</p> : null}
      <ul className={`space-y-1.5 ${depth ? 'border-l border-zinc-200 pl-3 dark:border-zinc-700' : ''}`}>
        {props.map(([name, raw]) => {
          const p = asSchema(raw);
          const nested = fieldsOf(p) ?? (Array.isArray(p.anyOf) && p.anyOf.some((a) => asSchema(a).properties) ? p : undefined);
          return (
            <li key={name} className="text-sm">
              <span className="font-mono font-medium">{name}</span>{' '}
              <span className={required.has(name) ? 'text-xs font-medium text-red-800 dark:text-red-300' : 'text-xs text-zinc-600 dark:text-zinc-400'}>
                {required.has(name) ? 'required' : 'optional'}
              </span>{' '}
              <Code>{typeSummary(p)}</Code>
              {'default' in p ? <span className="ml-1 text-xs text-zinc-600 dark:text-zinc-400">default {json(p.default)}</span> : null}
              {typeof p.description === 'string' ? <span className="ml-2 text-zinc-600 dark:text-zinc-400">{p.description}</span> : null}
              {nested && depth < 4 ? (
                <div className="mt-1.5">
                  <SchemaView schema={nested} depth={depth + 1} />
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      {obj.additionalProperties === false ? <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">No other fields: an unknown field is refused.</p> : null}
    </div>
  );
}

// A labelled form control with its hint and its error, wired for screen readers (aria-describedby/invalid).
import type { ComponentProps, ReactNode } from 'react';

export const inputClass =
  'block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-sm placeholder:text-zinc-500 aria-[invalid=true]:border-red-600 dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-400 dark:aria-[invalid=true]:border-red-400';

type FieldProps = { label: string; name: string; error?: string; hint?: ReactNode; children?: ReactNode };

function ids(name: string) {
  return { input: `f-${name}`, hint: `f-${name}-hint`, error: `f-${name}-error` };
}

export function describedBy(name: string, hint?: unknown, error?: unknown): string | undefined {
  const i = ids(name);
  return [hint ? i.hint : '', error ? i.error : ''].filter(Boolean).join(' ') || undefined;
}

/** The id and accessibility attributes of a field's control (input, select, textarea). */
export function controlProps(name: string, hint?: unknown, error?: unknown) {
  return {
    id: ids(name).input,
    name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(name, hint, error),
    className: inputClass,
  };
}

export function Field({ label, name, error, hint, children }: FieldProps) {
  const i = ids(name);
  return (
    <div className="space-y-1">
      <label htmlFor={i.input} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={i.hint} className="text-xs text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={i.error} className="text-sm text-red-700 dark:text-red-400" data-field-error={name}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({
  label,
  name,
  error,
  hint,
  ...props
}: Omit<ComponentProps<'input'>, 'name'> & FieldProps) {
  return (
    <Field label={label} name={name} error={error} hint={hint}>
      <input {...controlProps(name, hint, error)} {...props} />
    </Field>
  );
}

export function SelectField({
  label,
  name,
  error,
  hint,
  children,
  ...props
}: Omit<ComponentProps<'select'>, 'name'> & FieldProps) {
  return (
    <Field label={label} name={name} error={error} hint={hint}>
      <select {...controlProps(name, hint, error)} {...props}>
        {children}
      </select>
    </Field>
  );
}

'use client';
// Loads the CodeMirror editor in the browser only, so its bundle stays on the function pages and off the server.
import dynamic from 'next/dynamic';
import type { CodeEditorProps } from './code-editor';

const Editor = dynamic(() => import('./code-editor').then((m) => m.CodeEditor), {
  ssr: false,
  loading: () => (
    <p className="flex min-h-64 items-center justify-center rounded-md border border-zinc-300 text-sm text-zinc-600 dark:border-zinc-600 dark:text-zinc-400" role="status">
      Loading the editor…
    </p>
  ),
});

export function LazyCodeEditor(props: CodeEditorProps) {
  return <Editor {...props} />;
}

'use client';
// Copies a text to the clipboard and says so (politely, for screen readers too).
import { useState } from 'react';
import { Button } from '@/components/ui/button';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setDone('copied');
    } catch {
      setDone('failed');
    }
    setTimeout(() => setDone('idle'), 2000);
  }
  return (
    <>
      <Button type="button" tone="secondary" onClick={copy}>
        {label}
      </Button>
      <span aria-live="polite" className="text-xs">
        {done === 'copied' ? 'Copied.' : done === 'failed' ? 'Could not copy: select the text instead.' : ''}
      </span>
    </>
  );
}

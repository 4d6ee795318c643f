// Small formatting shared by the build views.
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function shortDigest(d: string | null): string {
  return d ? d.replace(/^sha256:/, '').slice(0, 12) : '—';
}

export function sourceText(b: { source: string; gitUrl: string | null; gitRef: string | null; uploadName: string | null }): string {
  return b.source === 'git' ? `${b.gitUrl} @ ${b.gitRef}` : `upload ${b.uploadName ?? ''}`.trim();
}

'use client';
// The instance page's logs: the log viewer, told by the live instance whether it is still being created.
import { LogViewer } from './log-viewer';
import { useInstance } from './instance-context';

export function InstanceLogs({ url }: { url: string }) {
  const { data } = useInstance();
  return <LogViewer url={url} starting={data.status === 'pending' || data.status === 'creating'} />;
}

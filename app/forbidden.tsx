import Link from 'next/link';

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-amber-700 dark:text-amber-400">403</p>
      <h1 className="mt-2 text-2xl font-semibold">You don’t have access to this page</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        Your role in this organisation does not allow it. An owner or admin can change your role.
      </p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-sky-700 underline dark:text-sky-400">
        Back to the console
      </Link>
    </div>
  );
}

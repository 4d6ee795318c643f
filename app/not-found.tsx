import Link from 'next/link';

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-lg px-4 py-16 text-center">
      <p className="text-sm font-semibold text-sky-700 dark:text-sky-400">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        There is nothing here, or it is not yours to see.
      </p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-sky-700 underline dark:text-sky-400">
        Back to the console
      </Link>
    </main>
  );
}

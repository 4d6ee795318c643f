// Recognising unique-constraint violations (Prisma's P2002), the usual sign that a row already exists.
import { Prisma } from '../generated/prisma/client';

/** The columns of a unique-constraint violation (P2002), or undefined for any other error. */
export function uniqueViolation(err: unknown): string | undefined {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
    const meta = err.meta as { target?: string[] | string; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } | undefined;
    const fields = meta?.target ?? meta?.driverAdapterError?.cause?.constraint?.fields ?? [];
    return Array.isArray(fields) ? fields.join(',') : String(fields);
  }
  return undefined;
}

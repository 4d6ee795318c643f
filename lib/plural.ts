// "1 error", "2 errors": a count with its noun in the right number (English; the plural given when not just +s).
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

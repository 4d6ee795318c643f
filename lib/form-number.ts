// Form fields are text; the API's schemas take JSON numbers only (`amount: true` or "12" is refused there). Forms
// turn their text into a number here first, and leave anything that is not a plain number as text for the schema
// to refuse with its own message. Pure: used by server actions and by client components that call /api/v1.

/** "12", " 0.5 ", "-3" → a number; "" → undefined (the field's default); anything else stays the text it was. */
export function formNumber(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

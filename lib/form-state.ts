// What a form's server action returns: shared by server actions and the client forms that show it.
export type FormState = {
  ok: boolean;
  message?: string;
  fields?: Record<string, string>;
  /** Echo of what was submitted (minus secrets) so the form keeps the user's input after an error. */
  values?: Record<string, string>;
  /** Changes on every submit so the client can tell a new result from an old one. */
  at?: number;
  /** Anything the action wants to show once (e.g. an invitation link). */
  data?: Record<string, string>;
};

export const initialFormState: FormState = { ok: false };

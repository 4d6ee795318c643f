// Telling a terminal's automatic answers apart from what a person typed. A browser terminal (xterm.js) answers the
// program's queries by itself (cursor position ESC[6n → ESC[r;cR, device attributes, colours …) on the same input
// stream as keystrokes. When several browsers share one console (a VM's serial line), each would answer, and the
// program would read several answers; so only one viewer's answers are passed on and these are taken out of the
// others' input. Pure: bytes in, bytes out.

/**
 * Sequences that only a terminal sends on its own, never a key: CSI reports (cursor position R, device attributes
 * ?…c / >…c / =…c, status n, mode reports $y, window reports t, keyboard flags ?…u, focus I/O), and OSC and DCS
 * strings (colour, capability and version replies). One ambiguity is accepted: xterm encodes F3 with a modifier as
 * ESC[1;<m>R, the same bytes as a cursor-position answer, so a non-answering viewer's Ctrl/Shift/Alt+F3 is dropped.
 */
const REPLY = /\x1b\[(?:\??\d+(?:;\d+)*R|[?>=][\d;]*c|\??\d+(?:;\d+)*n|\??[\d;]*\$y|\d+(?:;\d+)*t|\?\d*u|[IO])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1bP[^\x1b]*\x1b\\/g;

/** `data` without the terminal's automatic answers (what its person typed or pasted stays, in order). */
export function withoutReplies(data: Uint8Array): Uint8Array {
  // latin1 maps bytes 1:1 to code units, so UTF-8 text passes through unchanged.
  const text = Buffer.from(data).toString('latin1');
  const kept = text.replace(REPLY, '');
  return kept.length === text.length ? data : Buffer.from(kept, 'latin1');
}

/** Whether `data` holds anything besides automatic answers (a keystroke, a paste). */
export function hasTyping(data: Uint8Array): boolean {
  return withoutReplies(data).length > 0;
}

/**
 * Chooses whose automatic answers reach a shared console: the viewer who typed last (the program asking is most
 * likely theirs), else the one connected longest. Keys are the viewers (any object).
 */
export class ReplyArbiter<K> {
  private readonly order: K[] = [];
  private typist: K | null = null;

  join(k: K): void {
    if (!this.order.includes(k)) this.order.push(k);
  }

  leave(k: K): void {
    const i = this.order.indexOf(k);
    if (i >= 0) this.order.splice(i, 1);
    if (this.typist === k) this.typist = null;
  }

  /** Who answers now. */
  answerer(): K | null {
    return this.typist ?? this.order[0] ?? null;
  }

  /** What of `k`'s input goes to the program: everything from the answerer, only typing from the others. */
  filter(k: K, data: Uint8Array): Uint8Array {
    if (hasTyping(data)) this.typist = k;
    return this.answerer() === k ? data : withoutReplies(data);
  }
}

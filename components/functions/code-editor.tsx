'use client';
// The function code editor: CodeMirror 6 with JavaScript highlighting, line numbers, bracket matching and history.
// Tab indents, but never traps focus: Escape then Tab (or Shift-Tab) leaves the editor, as the hint under it says.
// The editable area is labelled by the field's label; a deploy error is marked on its line, which is scrolled to.
import { useEffect, useRef } from 'react';
import { EditorState, StateEffect, StateField, RangeSet } from '@codemirror/state';
import { Decoration, EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection, type DecorationSet } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';

export type CodeEditorProps = {
  value: string;
  onChange: (code: string) => void;
  /** The id of the visible label element. */
  labelledBy: string;
  describedBy?: string;
  /** A line to mark as the error's (1-based); null for none. */
  errorLine?: number | null;
  readOnly?: boolean;
  testId?: string;
};

const setErrorLine = StateEffect.define<number | null>();
const errorMark = Decoration.line({ class: 'cm-error-line' });

const errorLineField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let next = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setErrorLine)) continue;
      if (e.value === null || e.value < 1 || e.value > tr.state.doc.lines) next = Decoration.none;
      else next = RangeSet.of([errorMark.range(tr.state.doc.line(e.value).from)]);
    }
    // Editing clears the mark: it described the code as it was deployed.
    return tr.docChanged ? Decoration.none : next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

// Token colours are CSS variables (app/globals.css), set for light and dark with enough contrast on each.
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.moduleKeyword, tags.definitionKeyword, tags.operatorKeyword], color: 'var(--cm-keyword)' },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: 'var(--cm-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--cm-number)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--cm-comment)', fontStyle: 'italic' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: 'var(--cm-function)' },
  { tag: [tags.propertyName, tags.definition(tags.variableName)], color: 'var(--cm-property)' },
]);

const theme = EditorView.theme({
  '&': { fontSize: '13px', border: '1px solid var(--cm-border)', borderRadius: '0.375rem', backgroundColor: 'var(--cm-bg)', color: 'var(--cm-fg)' },
  '&.cm-focused': { outline: '2px solid var(--cm-focus)', outlineOffset: '2px' },
  '.cm-content': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', caretColor: 'var(--cm-fg)', minHeight: '16rem' },
  '.cm-scroller': { maxHeight: '32rem', overflow: 'auto' },
  '.cm-gutters': { backgroundColor: 'var(--cm-gutter-bg)', color: 'var(--cm-gutter-fg)', borderRight: '1px solid var(--cm-border)' },
  '.cm-activeLine': { backgroundColor: 'var(--cm-active)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--cm-active)' },
  '.cm-error-line': { backgroundColor: 'var(--cm-error-bg)', boxShadow: 'inset 3px 0 0 var(--cm-error)' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--cm-fg)' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground': { backgroundColor: 'var(--cm-selection) !important' },
});

export function CodeEditor({ value, onChange, labelledBy, describedBy, errorLine = null, readOnly = false, testId = 'code-editor' }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          drawSelection(),
          history(),
          indentOnInput(),
          bracketMatching(),
          javascript(),
          syntaxHighlighting(highlight),
          keymap.of([indentWithTab, ...defaultKeymap, ...historyKeymap]),
          errorLineField,
          theme,
          // Long lines wrap: the editor keeps the page's width (no sideways scrolling) and has no scroll-only region
          // that a keyboard could not reach.
          EditorView.lineWrapping,
          EditorState.readOnly.of(readOnly),
          EditorView.contentAttributes.of({
            'aria-labelledby': labelledBy,
            ...(describedBy ? { 'aria-describedby': describedBy } : {}),
            'aria-multiline': 'true',
            'data-testid': `${testId}-content`,
          }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is created once; later `value` changes from outside are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [labelledBy, describedBy, readOnly, testId]);

  // A value from outside (e.g. an older version loaded): replace the document, keeping history.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const line = errorLine && errorLine <= v.state.doc.lines ? v.state.doc.line(errorLine) : null;
    v.dispatch({ effects: [setErrorLine.of(errorLine), ...(line ? [EditorView.scrollIntoView(line.from, { y: 'center' })] : [])] });
  }, [errorLine]);

  return <div ref={host} data-testid={testId} className="code-editor" />;
}

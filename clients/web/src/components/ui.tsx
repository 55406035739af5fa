// Small building blocks every page uses, so labels, error placement, focus and loading states
// behave the same everywhere.
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../api';
import { defineMessages, useLang, useT } from '../i18n';
import { serverText } from '../serverText';

const messages = defineMessages({
  en: { loading: 'Loading…', retry: 'Try again', unexpected: 'Something went wrong: {message}', required: '(required)' },
  nl: { loading: 'Bezig met laden…', retry: 'Opnieuw proberen', unexpected: 'Er ging iets mis: {message}', required: '(verplicht)' },
});

// A labelled input with its own error list, tied together for screen readers.
export function Field(props: {
  label: string;
  errors?: string[];
  hint?: string;
  required?: boolean;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}) {
  const t = useT(messages);
  const { lang } = useLang();
  const id = useId();
  const errors = (props.errors ?? []).map((e) => serverText(e, lang));
  const describedBy = [props.hint ? `${id}-hint` : '', errors.length ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${errors.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {props.label}
        {props.required && <span className="visually-hidden"> {t('required')}</span>}
      </label>
      {props.children({ id, describedBy, invalid: errors.length > 0 })}
      {props.hint && (
        <div id={`${id}-hint`} className="hint">
          {props.hint}
        </div>
      )}
      {errors.length > 0 && (
        <div id={`${id}-err`} role="alert">
          <ul className="field-errors">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

// Errors that belong to the whole form or page, announced when they appear.
export function ErrorNote({ errors: raw, onRetry }: { errors: string[]; onRetry?: () => void }) {
  const t = useT(messages);
  const { lang } = useLang();
  const errors = raw.map((e) => serverText(e, lang));
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [errors.join('|')]);
  if (!errors.length) return null;
  return (
    <div className="error-note" role="alert" tabIndex={-1} ref={ref}>
      <ul>
        {errors.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const t = useT(messages);
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label ?? t('loading')}
    </p>
  );
}

// The text of any error, for an ErrorNote.
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

// Loads data for a page: `data`, `error`, `loading`, and `reload()`. Stale answers from an
// earlier call (the user typed on) are dropped.
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => ({ data: s.data, loading: true }));
    load().then(
      (data) => mine === generation.current && setState({ data, loading: false }),
      (error) => mine === generation.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run };
}

// Runs a form action: `busy` while it runs, the ApiError (if any) to place next to inputs.
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const forField = (...fields: string[]) => (error instanceof ApiError ? error.forField(...fields) : []);
  const unclaimed = (fields: string[]) => (error instanceof ApiError ? error.unclaimed(fields) : error ? [error.message] : []);
  return { busy, error, run, forField, unclaimed, clear: () => setError(null) };
}

// A page heading that takes focus when the page changes, so screen readers announce it.
export function PageTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
    document.title = `${typeof children === 'string' ? children : ''} · Leerpool`;
  }, [children]);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

// Downloads text as a file (CSV exports).
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

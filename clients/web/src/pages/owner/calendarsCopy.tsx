// A read-only address with a copy button; says "Copied" for screen readers too.
import { useId, useRef, useState } from 'react';
import { defineMessages, useT } from '../../i18n';

const messages = defineMessages({
  en: { copy: 'Copy', copyLabel: 'Copy {label}', copied: 'Copied to the clipboard', copyFailed: 'Copying failed: the address is selected, press Ctrl+C (⌘C on a Mac).' },
  nl: { copy: 'Kopiëren', copyLabel: '{label} kopiëren', copied: 'Gekopieerd naar het klembord', copyFailed: 'Kopiëren lukte niet: het adres is geselecteerd, druk op Ctrl+C (⌘C op een Mac).' },
});

export function CopyField({ label, value }: { label: string; value: string }) {
  const t = useT(messages);
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<'' | 'copied' | 'failed'>('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      input.current?.select();
      setState('failed');
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} ref={input} readOnly value={value} onFocus={(e) => e.target.select()} />
        <button type="button" className="secondary" aria-label={t('copyLabel', { label })} onClick={() => void copy()}>
          {t('copy')}
        </button>
      </div>
      <div aria-live="polite" className={state === 'failed' ? 'field-errors' : 'hint'}>
        {state === 'copied' ? t('copied') : state === 'failed' ? t('copyFailed') : ''}
      </div>
    </div>
  );
}

// Dutch and English. Each page keeps its own messages next to its code (`defineMessages`), so
// pages can be written and reviewed independently; a missing Dutch text falls back to English
// and a missing key shows the key, which the browser test would notice.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'nl' | 'en';
type Dict = Record<string, string>;
export interface Messages<K extends string = string> {
  en: Record<K, string>;
  nl: Partial<Record<K, string>>;
}

export function defineMessages<K extends string>(m: { en: Record<K, string>; nl: Partial<Record<K, string>> }): Messages<K> {
  return m;
}

interface LangState {
  lang: Lang;
  setLang(lang: Lang): void;
}

const LangContext = createContext<LangState>({ lang: 'nl', setLang: () => {} });
const STORAGE_KEY = 'leerpool.lang';

function initialLang(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'nl' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'nl';
}

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  document.documentElement.lang = lang;
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangState {
  return useContext(LangContext);
}

export type Translate<K extends string> = (key: K, vars?: Record<string, string | number>) => string;

// `t('results', {n: 3})` with "{n} results" gives "3 results".
export function useT<K extends string>(messages: Messages<K>): Translate<K> {
  const { lang } = useLang();
  return useCallback(
    (key: K, vars?: Record<string, string | number>) => {
      const template = (messages[lang] as Dict)[key] ?? (messages.en as Dict)[key] ?? key;
      if (!vars) return template;
      return template.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
    },
    [lang, messages],
  );
}

export function locale(lang: Lang): string {
  return lang === 'nl' ? 'nl-NL' : 'en-GB';
}

// Formatting that follows the chosen language; amounts are euro cents as the API gives them.
export function useFormat() {
  const { lang } = useLang();
  return useMemo(() => {
    const loc = locale(lang);
    const money = new Intl.NumberFormat(loc, { style: 'currency', currency: 'EUR' });
    const number = new Intl.NumberFormat(loc, { maximumFractionDigits: 1 });
    const percent = new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: 1 });
    const dateTime = (zone?: string) =>
      new Intl.DateTimeFormat(loc, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone || undefined });
    const dateOnly = new Intl.DateTimeFormat(loc, { dateStyle: 'medium' });
    return {
      cents: (c: number | string | undefined) => money.format(Number(c ?? 0) / 100),
      number: (n: number | string | undefined) => number.format(Number(n ?? 0)),
      percent: (fraction: number | undefined) => percent.format(fraction ?? 0),
      // API timestamps are RFC 3339 strings; shown in the given IANA zone or the browser's.
      dateTime: (iso: string | undefined, zone?: string) => (iso ? dateTime(zone).format(new Date(iso)) : ''),
      date: (iso: string | undefined) => (iso ? dateOnly.format(new Date(iso)) : ''),
      km: (km: number | undefined) => `${number.format(km ?? 0)} km`,
      minutes: (m: number | undefined) => {
        const total = Math.round(m ?? 0);
        const h = Math.floor(total / 60);
        return h ? `${h} h ${String(total % 60).padStart(2, '0')} min` : `${total} min`;
      },
    };
  }, [lang]);
}

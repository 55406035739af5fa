// The servers explain problems in short English phrases ("must not be negative"), which the
// forms place next to the input concerned. In Dutch the common phrases are translated here
// (the rest stay as the server wrote them); in both languages the text starts with a capital
// letter, as a sentence next to a label should. Field and ErrorNote (components/ui.tsx) apply
// this to every error they show, so client-side messages pass through unchanged.
import type { Lang } from './i18n';

const NUM = '([\\d.,]+)';

// [English pattern (whole text or its tail), Dutch replacement]. Order matters: specific first.
const DUTCH: [RegExp, string][] = [
  [new RegExp(`^at most ${NUM} per unit x ${NUM} units = ${NUM}$`), 'hoogstens $1 per eenheid × $2 eenheden = $3'],
  [new RegExp(`^reserve at least ${NUM} hours ahead$`), 'reserveer minstens $1 uur op voorhand'],
  [/^must be after start_time$/, 'moet na het begin liggen'],
  [/^must not be before start_time$/, 'mag niet vóór het begin liggen'],
  [/^must not be before check_out_time$/, 'mag niet vóór de ophaling liggen'],
  [/^must not be in the past$/, 'mag niet in het verleden liggen'],
  [/^would be in the past$/, 'zou in het verleden liggen'],
  [/^history must lie in the past$/, 'moet in het verleden liggen'],
  [/^must not be negative$/, 'mag niet negatief zijn'],
  [/^counts must not be negative$/, 'aantallen mogen niet negatief zijn'],
  [/^must not be empty$/, 'mag niet leeg zijn'],
  [/^is required when the condition is DAMAGED$/, 'is verplicht als er schade is'],
  [/^is required when the owner cancels$/, 'is verplicht als de eigenaar annuleert'],
  [/^is required to publish$/, 'is nodig om te publiceren'],
  [/^is required$/, 'is verplicht'],
  [new RegExp(`^must be between ${NUM} and ${NUM}$`), 'moet tussen $1 en $2 liggen'],
  [new RegExp(`^must be at least ${NUM}$`), 'moet minstens $1 zijn'],
  [new RegExp(`^must be at most ${NUM}$`), 'mag hoogstens $1 zijn'],
  [/^a reservation lasts at most (.+)$/, 'een reservering duurt hoogstens $1'],
  [/^the window is at most (.+)$/, 'de periode is hoogstens $1'],
  [/^the period must not span more than ten years$/, 'de periode mag niet langer zijn dan tien jaar'],
  [/^loans are only for mobile setups$/, 'uitlenen kan alleen bij mobiele opstellingen'],
  [/^only for loans$/, 'alleen bij uitlenen'],
  [/^may not book$/, 'mag dit niet reserveren'],
  [/^must be valid UTF-8$/, 'moet geldige UTF-8-tekst zijn'],
];

export function serverText(text: string, lang: Lang): string {
  let out = text;
  if (lang === 'nl') {
    // "field: problem" texts keep their field name; only the problem is translated.
    const m = /^([a-z_.]+(?:, ?[a-z_.]+)*: )?(.*)$/s.exec(text);
    const prefix = m?.[1] ?? '';
    const body = m?.[2] ?? text;
    for (const [re, nl] of DUTCH) {
      if (re.test(body)) {
        out = prefix + body.replace(re, nl);
        break;
      }
    }
  }
  return out ? out.charAt(0).toUpperCase() + out.slice(1) : out;
}

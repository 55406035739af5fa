// Where an invitation link leads (#/invite?token=...): a new person chooses a name and a
// password, a person who already has an account types its password; either way they become a
// member with the invited roles and are signed in. POST /v1/invitations:accept.
import { useState, type FormEvent } from 'react';
import { ErrorNote, Field, PageTitle, useAction } from '../components/ui';
import { defineMessages, useLang, useT } from '../i18n';
import { navigate } from '../router';
import { useSession } from '../session';
import './organisation/organisation.css';

const messages = defineMessages({
  en: {
    title: 'Join your organisation on Leerpool',
    intro: 'You were invited to reserve and share learning equipment with your organisation.',
    noToken: 'This link has no invitation in it. Ask whoever invited you to send the whole link again.',
    newAccount: 'I am new to Leerpool',
    existing: 'I already have an account (same email address)',
    name: 'Your name',
    nameHint: 'As colleagues and owners will see it.',
    password: 'Choose a password',
    passwordHint: 'At least 10 characters.',
    existingPassword: 'Your password',
    repeat: 'Type the password again',
    mismatch: 'The two passwords are not the same.',
    tooShort: 'Use at least 10 characters.',
    needName: 'Type your name.',
    submit: 'Accept the invitation',
    busy: 'Accepting…',
    expired: 'This invitation is no longer valid: it was used already or it expired. Ask for a new one.',
  },
  nl: {
    title: 'Word lid van uw organisatie op Leerpool',
    intro: 'U bent uitgenodigd om met uw organisatie leermiddelen te reserveren en te delen.',
    noToken: 'In deze link staat geen uitnodiging. Vraag wie u uitnodigde de hele link opnieuw te sturen.',
    newAccount: 'Ik ben nieuw op Leerpool',
    existing: 'Ik heb al een account (zelfde e-mailadres)',
    name: 'Uw naam',
    nameHint: 'Zoals collega’s en eigenaars die zien.',
    password: 'Kies een wachtwoord',
    passwordHint: 'Minstens 10 tekens.',
    existingPassword: 'Uw wachtwoord',
    repeat: 'Typ het wachtwoord nogmaals',
    mismatch: 'De twee wachtwoorden zijn niet gelijk.',
    tooShort: 'Gebruik minstens 10 tekens.',
    needName: 'Typ uw naam.',
    submit: 'Uitnodiging aannemen',
    busy: 'Bezig…',
    expired: 'Deze uitnodiging is niet meer geldig: ze is al gebruikt of verlopen. Vraag een nieuwe.',
  },
});

export function InvitePage({ token }: { token: string }) {
  const t = useT(messages);
  const { lang } = useLang();
  const { acceptInvitation } = useSession();
  const [existing, setExisting] = useState(false);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const action = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!existing && !name.trim()) problems.display_name = t('needName');
    if (!existing && password.length < 10) problems.password = t('tooShort');
    if (!existing && password !== repeat) problems.repeat = t('mismatch');
    setLocal(problems);
    if (Object.keys(problems).length) {
      action.clear();
      return;
    }
    const done = await action.run(() => acceptInvitation(token, existing ? '' : name.trim(), password, lang).then(() => true));
    if (done) navigate('/catalogue');
  }

  const errors = (field: string) => [...(local[field] ? [local[field]] : []), ...action.forField(field)];
  const status = action.error && 'status' in action.error ? (action.error as { status: string }).status : '';
  const unclaimed = ['NOT_FOUND', 'FAILED_PRECONDITION'].includes(status) ? [t('expired')] : action.unclaimed(['display_name', 'password']);

  return (
    <section className="signin">
      <PageTitle>{t('title')}</PageTitle>
      <p>{t('intro')}</p>
      {!token ? (
        <p className="notice">{t('noToken')}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <fieldset className="org-choice">
            <legend className="visually-hidden">{t('title')}</legend>
            <label className="org-check">
              <input type="radio" name="account" checked={!existing} onChange={() => setExisting(false)} /> {t('newAccount')}
            </label>
            <label className="org-check">
              <input type="radio" name="account" checked={existing} onChange={() => setExisting(true)} /> {t('existing')}
            </label>
          </fieldset>
          {!existing && (
            <Field label={t('name')} hint={t('nameHint')} required errors={errors('display_name')}>
              {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={name} autoComplete="name" onChange={(e) => setName(e.target.value)} />}
            </Field>
          )}
          <Field label={existing ? t('existingPassword') : t('password')} hint={existing ? undefined : t('passwordHint')} required errors={errors('password')}>
            {(f) => (
              <input
                id={f.id}
                type="password"
                aria-describedby={f.describedBy}
                aria-invalid={f.invalid}
                value={password}
                autoComplete={existing ? 'current-password' : 'new-password'}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          {!existing && (
            <Field label={t('repeat')} required errors={errors('repeat')}>
              {(f) => <input id={f.id} type="password" aria-describedby={f.describedBy} aria-invalid={f.invalid} value={repeat} autoComplete="new-password" onChange={(e) => setRepeat(e.target.value)} />}
            </Field>
          )}
          <ErrorNote errors={unclaimed} />
          <button type="submit" disabled={action.busy}>
            {action.busy ? t('busy') : t('submit')}
          </button>
        </form>
      )}
    </section>
  );
}

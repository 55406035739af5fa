// Where an invitation link leads (#/invite?token=...): a new person chooses a name and a
// password, a person who already has an account with the invited address types its password;
// either way they become a member with the invited roles and are signed in. The registry alone
// knows which of the two it is, so the page asks for the password twice in both cases and
// explains when an existing account's password did not match.
// POST /v1/invitations:accept.
import { useState, type FormEvent } from 'react';
import { ErrorNote, Field, PageTitle, useAction } from '../components/ui';
import { defineMessages, useLang, useT } from '../i18n';
import { navigate } from '../router';
import { useSession } from '../session';

const messages = defineMessages({
  en: {
    title: 'Join your organisation on Leerpool',
    intro: 'You were invited to reserve and share learning equipment with your organisation.',
    noToken: 'This link has no invitation in it. Ask whoever invited you to send the whole link again.',
    name: 'Your name',
    nameHint: 'As colleagues and owners will see it. Not needed if you already have a Leerpool account.',
    password: 'Password',
    passwordHint: 'New to Leerpool: choose one of at least 10 characters. Already have an account with this email address: type its password.',
    repeat: 'Type the password again',
    existingAccount: 'An account with this email address exists already, and this is not its password. Type that account’s password, or ask for an invitation to another address.',
    mismatch: 'The two passwords are not the same.',
    tooShort: 'Use at least 10 characters.',
    submit: 'Accept the invitation',
    busy: 'Accepting…',
    expired: 'This invitation is no longer valid: it was used already or it expired. Ask for a new one.',
  },
  nl: {
    title: 'Word lid van uw organisatie op Leerpool',
    intro: 'U bent uitgenodigd om met uw organisatie leermiddelen te reserveren en te delen.',
    noToken: 'In deze link staat geen uitnodiging. Vraag wie u uitnodigde de hele link opnieuw te sturen.',
    name: 'Uw naam',
    nameHint: 'Zoals collega’s en eigenaars die zien. Niet nodig als u al een Leerpool-account hebt.',
    password: 'Wachtwoord',
    passwordHint: 'Nieuw op Leerpool: kies er een van minstens 10 tekens. Al een account met dit e-mailadres: typ het wachtwoord daarvan.',
    repeat: 'Typ het wachtwoord nogmaals',
    existingAccount: 'Er bestaat al een account met dit e-mailadres, en dit is niet het wachtwoord daarvan. Typ het wachtwoord van dat account, of vraag een uitnodiging voor een ander adres.',
    mismatch: 'De twee wachtwoorden zijn niet gelijk.',
    tooShort: 'Gebruik minstens 10 tekens.',
    submit: 'Uitnodiging aannemen',
    busy: 'Bezig…',
    expired: 'Deze uitnodiging is niet meer geldig: ze is al gebruikt of verlopen. Vraag een nieuwe.',
  },
});

export function InvitePage({ token }: { token: string }) {
  const t = useT(messages);
  const { lang } = useLang();
  const { acceptInvitation } = useSession();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const action = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (password.length < 10) problems.password = t('tooShort');
    if (password !== repeat) problems.repeat = t('mismatch');
    setLocal(problems);
    if (Object.keys(problems).length) {
      action.clear();
      return;
    }
    const done = await action.run(() => acceptInvitation(token, name.trim(), password, lang).then(() => true));
    if (done) navigate('/catalogue');
  }

  const errors = (field: string) => [...(local[field] ? [local[field]] : []), ...action.forField(field)];
  const status = action.error && 'status' in action.error ? (action.error as { status: string }).status : '';
  const unclaimed = ['NOT_FOUND', 'FAILED_PRECONDITION'].includes(status)
    ? [t('expired')]
    : status === 'UNAUTHENTICATED'
      ? [t('existingAccount')]
      : action.unclaimed(['display_name', 'password']);

  return (
    <section className="signin">
      <PageTitle>{t('title')}</PageTitle>
      <p>{t('intro')}</p>
      {!token ? (
        <p className="notice">{t('noToken')}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <Field label={t('name')} hint={t('nameHint')} errors={errors('display_name')}>
            {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={name} autoComplete="name" onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label={t('password')} hint={t('passwordHint')} required errors={errors('password')}>
            {(f) => (
              <input
                id={f.id}
                type="password"
                aria-describedby={f.describedBy}
                aria-invalid={f.invalid}
                value={password}
                autoComplete="new-password"
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('repeat')} required errors={errors('repeat')}>
            {(f) => <input id={f.id} type="password" aria-describedby={f.describedBy} aria-invalid={f.invalid} value={repeat} autoComplete="new-password" onChange={(e) => setRepeat(e.target.value)} />}
          </Field>
          <ErrorNote errors={unclaimed} />
          <button type="submit" disabled={action.busy}>
            {action.busy ? t('busy') : t('submit')}
          </button>
        </form>
      )}
    </section>
  );
}

import { useState } from 'react';
import { defineMessages, useT } from '../i18n';
import { useSession } from '../session';
import { ErrorNote, Field, PageTitle, useAction } from '../components/ui';

const messages = defineMessages({
  en: {
    title: 'Sign in to Leerpool',
    intro: 'Reserve shared learning equipment across schools, companies and sector bodies in the Dutch–Flemish border region.',
    email: 'Email address',
    password: 'Password',
    submit: 'Sign in',
    busy: 'Signing in…',
    wrong: 'The email address or password is not right.',
  },
  nl: {
    title: 'Aanmelden bij Leerpool',
    intro: 'Reserveer gedeelde leermiddelen van scholen, bedrijven en sectorfondsen in de Nederlands-Vlaamse grensregio.',
    email: 'E-mailadres',
    password: 'Wachtwoord',
    submit: 'Aanmelden',
    busy: 'Bezig met aanmelden…',
    wrong: 'Het e-mailadres of wachtwoord klopt niet.',
  },
});

export function SignInPage() {
  const t = useT(messages);
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  const unauthenticated = action.error && 'status' in action.error && (action.error as any).status === 'UNAUTHENTICATED';

  return (
    <section className="signin">
      <PageTitle>{t('title')}</PageTitle>
      <p>{t('intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(() => signIn(email.trim(), password));
        }}
      >
        <ErrorNote errors={unauthenticated ? [t('wrong')] : action.unclaimed(['email', 'password'])} />
        <Field label={t('email')} required errors={action.forField('email')}>
          {({ id, describedBy, invalid }) => (
            <input id={id} type="email" autoComplete="username" required value={email} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => setEmail(e.target.value)} />
          )}
        </Field>
        <Field label={t('password')} required errors={action.forField('password')}>
          {({ id, describedBy, invalid }) => (
            <input id={id} type="password" autoComplete="current-password" required value={password} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => setPassword(e.target.value)} />
          )}
        </Field>
        <button type="submit" disabled={action.busy}>
          {action.busy ? t('busy') : t('submit')}
        </button>
      </form>
    </section>
  );
}

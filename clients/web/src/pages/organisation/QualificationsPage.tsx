// "Qualifications we issue": an organisation that trains and certifies (a manufacturer's
// train-the-trainer course, a sector body's safety certificate, a school's intake) defines its
// qualification types and records who holds one. Every owner can require them in a listing's
// terms, and the booking engine checks them for the reservation's dates, whichever
// organisation the holder works for. GET/POST /v1/qualificationTypes,
// POST /v1/qualificationTypes/{id}/qualifications, POST /v1/qualifications/{id}:revoke.
import { useState, type FormEvent } from 'react';
import { ErrorNote, Field, Loading, PageTitle, errorText, useAction } from '../../components/ui';
import { defineMessages, useFormat, useLang, useT } from '../../i18n';
import { useSession } from '../../session';
import { ConfirmButton } from '../owner/listingShared';
import { dateJson, forgetQualificationTypes, isoDate, qualificationName, todayIso, useQualificationTypes, type Qualification, type QualificationType } from './common';
import './organisation.css';

const messages = defineMessages({
  en: {
    title: 'Qualifications we issue',
    intro: 'Qualifications {org} trains and certifies. Owners anywhere can require them in their sharing terms; Leerpool then checks, for the dates of each reservation, that the responsible person holds one.',
    notAdmin: 'Administrators define qualifications; administrators and instructors record who holds one.',
    code: 'Code',
    name: 'Name',
    validity: 'Valid for',
    months: '{n} months',
    noExpiry: 'no expiry',
    none: 'Your organisation issues no qualifications yet.',
    define: 'Define a qualification',
    codeHint: 'Short and unique within your organisation, e.g. FGAS-CAT1.',
    nameNl: 'Name (Dutch)',
    nameEn: 'Name (English)',
    description: 'Description',
    validityMonths: 'Valid for (months)',
    validityHint: '0: it does not expire.',
    create: 'Define',
    creating: 'Defining…',
    defined: '{name} defined.',
    needCode: 'Type a code.',
    needName: 'Give it a name in at least one language.',
    needMonths: 'A whole number of months, 0 or more.',
    issue: 'Record that someone holds a qualification',
    issueIntro: 'The person needs a Leerpool account; they may work for any organisation.',
    type: 'Qualification',
    chooseType: 'Choose a qualification',
    email: 'Email address of the holder',
    issueDate: 'Obtained on',
    expiryDate: 'Valid until (optional)',
    expiryHint: 'Empty: the qualification’s own validity from the date obtained.',
    record: 'Record',
    recording: 'Recording…',
    recorded: 'Recorded: {email} holds {name}, {validity}.',
    validUntil: 'valid until {date}',
    needType: 'Choose a qualification.',
    needEmail: 'Type the holder’s email address.',
    needDate: 'Choose a date.',
    revoke: 'Revoke this record',
    reason: 'Reason for revoking',
    revokeQuestion: 'Revoke it? Reservations that need it can no longer name this person.',
    yes: 'Yes, revoke',
    no: 'Cancel',
    revoked: 'Revoked.',
    needReason: 'Give the reason; it is kept with the record.',
  },
  nl: {
    title: 'Kwalificaties die wij uitreiken',
    intro: 'Kwalificaties waarvoor {org} opleidt en certificeert. Eigenaars kunnen ze overal eisen in hun voorwaarden; Leerpool controleert dan voor de data van elke reservering dat de verantwoordelijke er een heeft.',
    notAdmin: 'Beheerders definiëren kwalificaties; beheerders en instructeurs leggen vast wie er een heeft.',
    code: 'Code',
    name: 'Naam',
    validity: 'Geldig',
    months: '{n} maanden',
    noExpiry: 'verloopt niet',
    none: 'Uw organisatie reikt nog geen kwalificaties uit.',
    define: 'Een kwalificatie definiëren',
    codeHint: 'Kort en uniek binnen uw organisatie, bijv. FGAS-CAT1.',
    nameNl: 'Naam (Nederlands)',
    nameEn: 'Naam (Engels)',
    description: 'Omschrijving',
    validityMonths: 'Geldig (maanden)',
    validityHint: '0: verloopt niet.',
    create: 'Definiëren',
    creating: 'Bezig…',
    defined: '{name} gedefinieerd.',
    needCode: 'Typ een code.',
    needName: 'Geef een naam in minstens één taal.',
    needMonths: 'Een geheel aantal maanden, 0 of meer.',
    issue: 'Vastleggen dat iemand een kwalificatie heeft',
    issueIntro: 'De persoon heeft een Leerpool-account nodig; die mag voor elke organisatie werken.',
    type: 'Kwalificatie',
    chooseType: 'Kies een kwalificatie',
    email: 'E-mailadres van de houder',
    issueDate: 'Behaald op',
    expiryDate: 'Geldig tot (optioneel)',
    expiryHint: 'Leeg: de geldigheid van de kwalificatie vanaf de behaaldatum.',
    record: 'Vastleggen',
    recording: 'Bezig…',
    recorded: 'Vastgelegd: {email} heeft {name}, {validity}.',
    validUntil: 'geldig tot {date}',
    needType: 'Kies een kwalificatie.',
    needEmail: 'Typ het e-mailadres van de houder.',
    needDate: 'Kies een datum.',
    revoke: 'Deze registratie intrekken',
    reason: 'Reden van intrekken',
    revokeQuestion: 'Intrekken? Reserveringen die haar vereisen, kunnen deze persoon dan niet meer noemen.',
    yes: 'Ja, intrekken',
    no: 'Annuleren',
    revoked: 'Ingetrokken.',
    needReason: 'Geef de reden; die blijft bij de registratie bewaard.',
  },
});

export function QualificationsPage() {
  const t = useT(messages);
  const { lang } = useLang();
  const { session, api, hasRole, orgAdmin: isAdmin, organizationName: orgName } = useSession();
  const org = session?.organizationId ?? '';
  const mayIssue = isAdmin || hasRole('ROLE_INSTRUCTOR');
  const types = useQualificationTypes(api);
  const ours = (types.data ?? []).filter((q) => q.issuerOrganizationId === org);

  return (
    <section className="org-page">
      <PageTitle>{t('title')}</PageTitle>
      <p className="muted">{t('intro', { org: orgName })}</p>
      {!isAdmin && <p className="notice">{t('notAdmin')}</p>}
      {types.error !== undefined && <ErrorNote errors={[errorText(types.error)]} onRetry={types.reload} />}
      {types.loading && !types.data && <Loading />}
      {types.data && ours.length === 0 && <p className="notice">{t('none')}</p>}
      {ours.length > 0 && (
        <table className="org-table">
          <caption className="visually-hidden">{t('title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('code')}</th>
              <th scope="col">{t('validity')}</th>
            </tr>
          </thead>
          <tbody>
            {ours.map((q) => (
              <tr key={q.id}>
                <th scope="row">
                  {qualificationName(ours, q.id, lang)}
                  {q.description && <div className="muted">{q.description}</div>}
                </th>
                <td data-label={t('code')}>{q.code}</td>
                <td data-label={t('validity')}>{q.validityMonths ? t('months', { n: q.validityMonths }) : t('noExpiry')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayIssue && ours.length > 0 && <IssueForm types={ours} />}
      {isAdmin && (
        <DefineForm
          org={org}
          onDefined={() => {
            forgetQualificationTypes();
            types.reload();
          }}
        />
      )}
    </section>
  );
}

function DefineForm({ org, onDefined }: { org: string; onDefined: () => void }) {
  const t = useT(messages);
  const { api } = useSession();
  const [draft, setDraft] = useState({ code: '', nameNl: '', nameEn: '', description: '', months: '0' });
  const [local, setLocal] = useState<Record<string, string>>({});
  const [done, setDone] = useState('');
  const action = useAction();
  const set = (key: keyof typeof draft, value: string) => {
    setDone('');
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const errors = (field: string) => [...(local[field] ? [local[field]] : []), ...action.forField(field)];

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!draft.code.trim()) problems.code = t('needCode');
    if (!draft.nameNl.trim() && !draft.nameEn.trim()) problems.name_nl = t('needName');
    if (!/^\d+$/.test(draft.months.trim())) problems.validity_months = t('needMonths');
    setLocal(problems);
    if (Object.keys(problems).length) {
      action.clear();
      return;
    }
    const created = await action.run(() =>
      api.post<QualificationType>('/v1/qualificationTypes', {
        issuerOrganizationId: org,
        code: draft.code.trim(),
        nameNl: draft.nameNl.trim(),
        nameEn: draft.nameEn.trim(),
        description: draft.description.trim(),
        validityMonths: Number(draft.months.trim()),
      }),
    );
    if (created) {
      setDone(t('defined', { name: created.nameEn || created.nameNl || created.code }));
      setDraft({ code: '', nameNl: '', nameEn: '', description: '', months: '0' });
      onDefined();
    }
  }

  return (
    <form onSubmit={submit} noValidate className="org-form" aria-labelledby="define-heading">
      <h2 id="define-heading">{t('define')}</h2>
      <div className="row">
        <Field label={t('code')} hint={t('codeHint')} required errors={errors('code')}>
          {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.code} maxLength={40} autoCapitalize="characters" onChange={(e) => set('code', e.target.value)} />}
        </Field>
        <Field label={t('validityMonths')} hint={t('validityHint')} errors={errors('validity_months')}>
          {(f) => <input id={f.id} inputMode="numeric" className="org-num" aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.months} onChange={(e) => set('months', e.target.value)} />}
        </Field>
      </div>
      <div className="row">
        <Field label={t('nameNl')} errors={errors('name_nl')}>
          {(f) => <input id={f.id} lang="nl" aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.nameNl} maxLength={200} onChange={(e) => set('nameNl', e.target.value)} />}
        </Field>
        <Field label={t('nameEn')} errors={errors('name_en')}>
          {(f) => <input id={f.id} lang="en" aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.nameEn} maxLength={200} onChange={(e) => set('nameEn', e.target.value)} />}
        </Field>
      </div>
      <Field label={t('description')} errors={errors('description')}>
        {(f) => <textarea id={f.id} rows={3} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.description} onChange={(e) => set('description', e.target.value)} />}
      </Field>
      <ErrorNote errors={action.unclaimed(['code', 'name_nl', 'name_en', 'description', 'validity_months'])} />
      <div className="row org-actions">
        <button type="submit" disabled={action.busy}>
          {action.busy ? t('creating') : t('create')}
        </button>
        <span role="status" aria-live="polite" className="org-saved">
          {done}
        </span>
      </div>
    </form>
  );
}

function IssueForm({ types }: { types: QualificationType[] }) {
  const t = useT(messages);
  const { lang } = useLang();
  const fmt = useFormat();
  const { api } = useSession();
  const [typeId, setTypeId] = useState(types.length === 1 ? types[0].id : '');
  const [email, setEmail] = useState('');
  const [issued, setIssued] = useState(todayIso());
  const [expiry, setExpiry] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [recorded, setRecorded] = useState<{ qualification: Qualification; email: string } | null>(null);
  const [reason, setReason] = useState('');
  const [revokedText, setRevokedText] = useState('');
  const [reasonProblem, setReasonProblem] = useState('');
  const action = useAction();
  const revoke = useAction();
  const errors = (field: string) => [...(local[field] ? [local[field]] : []), ...action.forField(field)];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setRecorded(null);
    setRevokedText('');
    const problems: Record<string, string> = {};
    if (!typeId) problems.qualification_type_id = t('needType');
    if (!email.trim()) problems.person_email = t('needEmail');
    const issueDate = dateJson(issued);
    if (!issueDate) problems.issue_date = t('needDate');
    setLocal(problems);
    if (Object.keys(problems).length) {
      action.clear();
      return;
    }
    const body: Record<string, unknown> = { personEmail: email.trim(), issueDate };
    const expiryDate = dateJson(expiry);
    if (expiryDate) body.expiryDate = expiryDate;
    const qualification = await action.run(() => api.post<Qualification>(`/v1/qualificationTypes/${encodeURIComponent(typeId)}/qualifications`, body));
    if (qualification) {
      setRecorded({ qualification, email: email.trim() });
      setEmail('');
      setReason('');
    }
  }

  async function revokeRecorded() {
    if (!recorded) return;
    if (!reason.trim()) {
      setReasonProblem(t('needReason'));
      return;
    }
    setReasonProblem('');
    const done = await revoke.run(() => api.post(`/v1/qualifications/${encodeURIComponent(recorded.qualification.id)}:revoke`, { reason: reason.trim() }));
    if (done !== undefined) {
      setRecorded(null);
      setRevokedText(t('revoked'));
    }
  }

  const recordedExpiry = recorded ? isoDate(recorded.qualification.expiryDate) : '';

  return (
    <form onSubmit={submit} noValidate className="org-form" aria-labelledby="issue-heading">
      <h2 id="issue-heading">{t('issue')}</h2>
      <p className="hint">{t('issueIntro')}</p>
      <div className="row">
        <Field label={t('type')} required errors={errors('qualification_type_id')}>
          {(f) => (
            <select id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={typeId} onChange={(e) => setTypeId(e.target.value)}>
              <option value="">{t('chooseType')}</option>
              {types.map((q) => (
                <option key={q.id} value={q.id}>
                  {qualificationName(types, q.id, lang)} ({q.code})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('email')} required errors={errors('person_email')}>
          {(f) => <input id={f.id} type="email" aria-describedby={f.describedBy} aria-invalid={f.invalid} value={email} autoComplete="off" onChange={(e) => setEmail(e.target.value)} />}
        </Field>
      </div>
      <div className="row">
        <Field label={t('issueDate')} required errors={errors('issue_date')}>
          {(f) => <input id={f.id} type="date" aria-describedby={f.describedBy} aria-invalid={f.invalid} value={issued} onChange={(e) => setIssued(e.target.value)} />}
        </Field>
        <Field label={t('expiryDate')} hint={t('expiryHint')} errors={errors('expiry_date')}>
          {(f) => <input id={f.id} type="date" aria-describedby={f.describedBy} aria-invalid={f.invalid} value={expiry} min={issued || undefined} onChange={(e) => setExpiry(e.target.value)} />}
        </Field>
      </div>
      <ErrorNote errors={action.unclaimed(['qualification_type_id', 'person_email', 'person_id', 'issue_date', 'expiry_date'])} />
      <button type="submit" disabled={action.busy}>
        {action.busy ? t('recording') : t('record')}
      </button>
      <div role="status" aria-live="polite">
        {recorded && (
          <p className="org-saved">
            {t('recorded', {
              email: recorded.email,
              name: qualificationName(types, recorded.qualification.qualificationTypeId, lang),
              validity: recordedExpiry ? t('validUntil', { date: fmt.date(`${recordedExpiry}T12:00:00Z`) }) : t('noExpiry'),
            })}
          </p>
        )}
        {revokedText && <p className="org-saved">{revokedText}</p>}
      </div>
      {recorded && (
        <div className="row org-actions">
          <Field label={t('reason')} errors={[...(reasonProblem ? [reasonProblem] : []), ...revoke.forField('reason')]}>
            {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <ConfirmButton label={t('revoke')} question={t('revokeQuestion')} yes={t('yes')} no={t('no')} danger disabled={revoke.busy} onConfirm={() => void revokeRecorded()} />
          <ErrorNote errors={revoke.unclaimed(['reason'])} />
        </div>
      )}
    </form>
  );
}

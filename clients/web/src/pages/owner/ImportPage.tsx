// Import many listings from a spreadsheet (CSV): check the file first (nothing is stored), then
// import. POST /v1/organizations/{id}/listings:import takes the CSV as the body; the report
// names every row's outcome. Columns: docs/catalogue-import.md.
import { useRef, useState, type FormEvent } from 'react';
import { RawBody } from '../../api';
import { ErrorNote, Field, Loading, PageTitle, downloadText, errorText, useAction, useLoad } from '../../components/ui';
import { defineMessages, useLang, useT } from '../../i18n';
import { href } from '../../router';
import { useSession } from '../../session';
import { emptyTerms, type Site } from './listingShared';
import { TERMS_FIELDS, TermsFields, fromTermsDraft, termsToQuery, toTermsDraft, useTermsProblemText, type TermsDraft } from './listingTerms';
import './owner-listings.css';

const messages = defineMessages({
  en: {
    title: 'Import listings from CSV',
    back: 'Our listings',
    intro: 'List many pieces of equipment at once from a spreadsheet. Save it as CSV (UTF-8, comma separated) with a header row. Every row becomes one listing; the file is checked first and nothing is stored until you import.',
    template: 'Download an empty template',
    example: 'Download an example',
    columnsHeading: 'Columns',
    columnsIntro: 'Only category and one of the titles are required. Lists (tags, audiences, languages, links) are separated by semicolons.',
    column: 'Column',
    meaning: 'Meaning',
    exampleValue: 'Example',
    fileHeading: 'The file',
    file: 'CSV file',
    fileHint: 'At most 2 MB and 5000 rows.',
    orPaste: 'Or paste the CSV text',
    pasteHint: 'What you paste here is used when no file is chosen.',
    chosen: 'Chosen: {name} ({size} kB).',
    clearFile: 'Use pasted text instead',
    tooBig: 'The file is larger than 2 MB; split it into smaller files.',
    noContent: 'Choose a file or paste the CSV text.',
    options: 'Options',
    partial: 'Import the good rows even when other rows have errors',
    partialHint: 'Without this, one bad row stops the whole import, so you can fix the file and try again.',
    withTerms: 'Give every imported listing the same sharing terms',
    publish: 'Publish the imported listings at once',
    publishHint: 'Every row then needs a site_id, and the terms below are required.',
    termsHeading: 'Sharing terms for every imported listing',
    check: 'Check the file',
    checking: 'Checking…',
    importNow: 'Import {n} listings',
    importGood: 'Import the {n} good rows',
    importing: 'Importing…',
    mustCheck: 'Check the file again after a change before importing.',
    checkedOk: 'All {n} rows are fine. Nothing has been stored yet.',
    checkedErrors: '{bad} of {n} rows have errors. Nothing has been stored. Fix the file and check again, or import only the good rows.',
    checkedErrorsStrict: '{bad} of {n} rows have errors. Nothing has been stored. Fix the file and check again.',
    imported: '{n} listings imported.',
    importedDrafts: '{n} listings imported as drafts: set their terms and publish them from Our listings.',
    importedPublished: '{n} listings imported and published.',
    skipped: '{n} rows with errors were skipped.',
    nothingImported: 'Nothing was imported: {n} rows have errors.',
    report: 'Report',
    checkReport: 'Result of the check',
    importReport: 'Result of the import',
    onlyErrors: 'Show only rows with errors',
    row: 'Row',
    outcome: 'Outcome',
    details: 'Details',
    ok: 'Fine',
    created: 'Created',
    error: 'Error',
    notImported: 'Not imported',
    open: 'Open {id}',
    noRows: 'The file has a header but no rows.',
    m_title: 'Title in Dutch / in English; at least one, at most 200 characters',
    m_description: 'Description in Dutch / in English; quote it to use line breaks',
    m_category: 'fixed_installation, mobile_setup, vr_ar_set, simulator, simulation_space or e_learning',
    m_vocabulary: 'Tags: codes from the vocabulary, separated by ;',
    m_unit_count: 'Identical units, or licence seats for e-learning; at least 1',
    m_capacity: 'Learners per unit per session; at least 1',
    m_audiences: 'pupils, teachers, upskilling_workers, job_seekers_and_side_entrants, teens_orientation; separated by ;',
    m_languages: 'Two-letter language codes, separated by ;',
    m_site: 'One of your sites (ids below)',
    m_mobile: 'Mobile setups only: service radius (km), setup and teardown minutes, travel speed (km/h); all four',
    m_media: 'http(s) links separated by ;, at most 20',
    yourSites: 'Your sites',
    noSites: 'Your organisation has no sites yet; imported listings then stay drafts without a site.',
  },
  nl: {
    title: 'Aanbod importeren uit CSV',
    back: 'Ons aanbod',
    intro: 'Zet veel apparatuur tegelijk online vanuit een spreadsheet. Bewaar die als CSV (UTF-8, kommagescheiden) met een kopregel. Elke regel wordt één aanbod; het bestand wordt eerst gecontroleerd en er wordt niets opgeslagen tot u importeert.',
    template: 'Leeg sjabloon downloaden',
    example: 'Voorbeeld downloaden',
    columnsHeading: 'Kolommen',
    columnsIntro: 'Alleen category en een van de titels zijn verplicht. Lijsten (trefwoorden, doelgroepen, talen, links) scheidt u met puntkomma’s.',
    column: 'Kolom',
    meaning: 'Betekenis',
    exampleValue: 'Voorbeeld',
    fileHeading: 'Het bestand',
    file: 'CSV-bestand',
    fileHint: 'Hoogstens 2 MB en 5000 regels.',
    orPaste: 'Of plak de CSV-tekst',
    pasteHint: 'Wat u hier plakt wordt gebruikt als er geen bestand gekozen is.',
    chosen: 'Gekozen: {name} ({size} kB).',
    clearFile: 'Geplakte tekst gebruiken',
    tooBig: 'Het bestand is groter dan 2 MB; splits het in kleinere bestanden.',
    noContent: 'Kies een bestand of plak de CSV-tekst.',
    options: 'Opties',
    partial: 'De goede regels importeren, ook als andere regels fouten hebben',
    partialHint: 'Zonder dit houdt één foute regel de hele import tegen, zodat u het bestand kunt verbeteren en opnieuw proberen.',
    withTerms: 'Elk geïmporteerd aanbod dezelfde voorwaarden geven',
    publish: 'Het geïmporteerde aanbod meteen publiceren',
    publishHint: 'Elke regel heeft dan een site_id nodig, en de voorwaarden hieronder zijn verplicht.',
    termsHeading: 'Voorwaarden voor elk geïmporteerd aanbod',
    check: 'Bestand controleren',
    checking: 'Bezig met controleren…',
    importNow: '{n} aanbiedingen importeren',
    importGood: 'De {n} goede regels importeren',
    importing: 'Bezig met importeren…',
    mustCheck: 'Controleer het bestand opnieuw na een wijziging voordat u importeert.',
    checkedOk: 'Alle {n} regels zijn in orde. Er is nog niets opgeslagen.',
    checkedErrors: '{bad} van de {n} regels hebben fouten. Er is niets opgeslagen. Verbeter het bestand en controleer opnieuw, of importeer alleen de goede regels.',
    checkedErrorsStrict: '{bad} van de {n} regels hebben fouten. Er is niets opgeslagen. Verbeter het bestand en controleer opnieuw.',
    imported: '{n} aanbiedingen geïmporteerd.',
    importedDrafts: '{n} aanbiedingen geïmporteerd als concept: stel hun voorwaarden in en publiceer ze via Ons aanbod.',
    importedPublished: '{n} aanbiedingen geïmporteerd en gepubliceerd.',
    skipped: '{n} regels met fouten zijn overgeslagen.',
    nothingImported: 'Er is niets geïmporteerd: {n} regels hebben fouten.',
    report: 'Verslag',
    checkReport: 'Uitkomst van de controle',
    importReport: 'Uitkomst van de import',
    onlyErrors: 'Alleen regels met fouten tonen',
    row: 'Regel',
    outcome: 'Uitkomst',
    details: 'Details',
    ok: 'In orde',
    created: 'Aangemaakt',
    error: 'Fout',
    notImported: 'Niet geïmporteerd',
    open: '{id} openen',
    noRows: 'Het bestand heeft een kopregel maar geen regels.',
    m_title: 'Titel in het Nederlands / Engels; minstens één, hoogstens 200 tekens',
    m_description: 'Beschrijving in het Nederlands / Engels; tussen aanhalingstekens voor regeleinden',
    m_category: 'fixed_installation, mobile_setup, vr_ar_set, simulator, simulation_space of e_learning',
    m_vocabulary: 'Trefwoorden: codes uit de woordenlijst, gescheiden door ;',
    m_unit_count: 'Gelijke eenheden, of licenties bij e-learning; minstens 1',
    m_capacity: 'Deelnemers per eenheid per sessie; minstens 1',
    m_audiences: 'pupils, teachers, upskilling_workers, job_seekers_and_side_entrants, teens_orientation; gescheiden door ;',
    m_languages: 'Taalcodes van twee letters, gescheiden door ;',
    m_site: 'Een van uw locaties (ids hieronder)',
    m_mobile: 'Alleen mobiele opstellingen: werkgebied (km), opbouw- en afbouwminuten, reissnelheid (km/u); alle vier',
    m_media: 'http(s)-links gescheiden door ;, hoogstens 20',
    yourSites: 'Uw locaties',
    noSites: 'Uw organisatie heeft nog geen locaties; geïmporteerd aanbod blijft dan concept zonder locatie.',
  },
});

type Key = keyof typeof messages.en;

// The columns the catalogue's import knows (services/catalogue/core/import.cc, KnownColumns).
const IMPORT_COLUMNS = [
  'title_nl', 'title_en', 'description_nl', 'description_en', 'category', 'technologies', 'sectors', 'competences',
  'unit_count', 'capacity_per_unit', 'audiences', 'languages', 'site_id', 'service_radius_km', 'setup_minutes',
  'teardown_minutes', 'travel_speed_kmh', 'media_urls',
];

const COLUMN_HELP: [string, Key, string][] = [
  ['title_nl, title_en', 'm_title', 'Warmtepomp-opstelling'],
  ['description_nl, description_en', 'm_description', '"Lucht-water, met meetpunten"'],
  ['category', 'm_category', 'mobile_setup'],
  ['technologies, sectors, competences', 'm_vocabulary', 'heat-pump;solar-pv'],
  ['unit_count', 'm_unit_count', '2'],
  ['capacity_per_unit', 'm_capacity', '8'],
  ['audiences', 'm_audiences', 'pupils;teachers'],
  ['languages', 'm_languages', 'nl;fr'],
  ['site_id', 'm_site', 'site_3f9c…'],
  ['service_radius_km, setup_minutes, teardown_minutes, travel_speed_kmh', 'm_mobile', '75, 60, 45, 70'],
  ['media_urls', 'm_media', 'https://example.org/rig.jpg'],
];

interface RowResult {
  row: number;
  listingId: string;
  errors: string[];
}
interface Report {
  rows: RowResult[];
  importedCount: number;
  errorCount: number;
}

const MAX_BYTES = 2 * 1024 * 1024;

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function ImportPage() {
  const t = useT(messages);
  const { lang } = useLang();
  const { session, api } = useSession();
  const org = session?.organizationId ?? '';
  const problemText = useTermsProblemText();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; text: string; size: number } | null>(null);
  const [pasted, setPasted] = useState('');
  const [partial, setPartial] = useState(false);
  const [withTerms, setWithTerms] = useState(false);
  const [publish, setPublish] = useState(false);
  const [terms, setTerms] = useState<TermsDraft>(() => toTermsDraft(emptyTerms(), lang));
  const [local, setLocal] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ kind: 'check' | 'import'; report: Report; key: string } | null>(null);
  const [onlyErrors, setOnlyErrors] = useState(false);
  const action = useAction();
  const sites = useLoad(
    () => api.get<{ sites?: Site[] }>('/v1/sites', { ownerOrganizationId: org, pageSize: 200 }).then((r) => r.sites ?? []),
    [org],
  );

  const csv = file ? file.text : pasted;
  const termsOn = withTerms || publish;
  // What a check was made for: an import is offered only while nothing changed since.
  const key = JSON.stringify([csv, partial, termsOn, publish, termsOn ? terms : null]);
  const checked = result?.kind === 'check' && result.key === key ? result.report : null;

  const errors = (...names: string[]) => [...names.flatMap((n) => (local[n] ? [local[n]] : [])), ...action.forField(...names)];
  const termsErrors = (...names: string[]) => errors(...names);

  async function chooseFile(f: File | undefined) {
    setResult(null);
    if (!f) {
      setFile(null);
      return;
    }
    if (f.size > MAX_BYTES) {
      setFile(null);
      setLocal({ csv: t('tooBig') });
      return;
    }
    setLocal({});
    setFile({ name: f.name, size: f.size, text: await f.text() });
  }

  async function send(kind: 'check' | 'import') {
    const problems: Record<string, string> = {};
    if (!csv.trim()) problems.csv = t('noContent');
    let query: Record<string, string | number | boolean | (string | number)[]> = {};
    if (termsOn) {
      const read = fromTermsDraft(terms);
      for (const [field, p] of Object.entries(read.problems)) problems[field] = problemText(p);
      query = termsToQuery(read.terms, 'defaultTerms');
      // An all-empty terms message would be left out; send one field so the server sees terms.
      query['defaultTerms.whoMayBook.everyone'] = read.terms.whoMayBook.everyone;
    }
    setLocal(problems);
    if (Object.keys(problems).length) {
      action.clear();
      return;
    }
    if (publish) query.publish = true;
    if (kind === 'import' && partial) query.allowPartial = true;
    // The check is the import itself with validateOnly: same rules, nothing stored.
    if (kind === 'check') query.validateOnly = true;
    const report = await action.run(() =>
      api.post<Report>(`/v1/organizations/${encodeURIComponent(org)}/listings:import`, new RawBody(csv, 'text/csv; charset=utf-8'), query),
    );
    if (!report) return;
    const rows = report.rows ?? [];
    if (kind === 'check') {
      setResult({ kind: 'check', key, report: { rows, importedCount: 0, errorCount: Number(report.errorCount ?? 0) } });
    } else {
      setResult({ kind: 'import', key, report: { rows, importedCount: Number(report.importedCount ?? 0), errorCount: Number(report.errorCount ?? 0) } });
    }
    setOnlyErrors(false);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void send('check');
  }

  function template() {
    downloadText('leerpool-listings-template.csv', IMPORT_COLUMNS.join(',') + '\r\n');
  }

  function example() {
    const site = sites.data?.[0]?.id ?? '';
    const rows = [
      ['Warmtepomp-opstelling', 'Heat pump rig', 'Lucht-water warmtepomp met meetpunten, voor installeren en in bedrijf stellen.', '', 'fixed_installation', 'heat-pump', 'installation', 'installing;commissioning', '2', '8', 'pupils;teachers', 'nl;en', site, '', '', '', '', ''],
      ['Mobiele PV-unit, compleet', 'Mobile PV unit', '', '', 'mobile_setup', 'solar-pv;home-battery', 'energy-technology', '', '1', '6', 'pupils', 'nl', site, '75', '60', '45', '70', ''],
    ];
    downloadText('leerpool-listings-example.csv', [IMPORT_COLUMNS, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n');
  }

  const report = result?.report;
  const shownRows = report ? report.rows.filter((r) => !onlyErrors || r.errors?.length) : [];
  const good = checked ? checked.rows.length - checked.errorCount : 0;
  const canImport = checked && checked.rows.length > 0 && (checked.errorCount === 0 || (partial && good > 0));

  return (
    <section className="owner-page">
      <p>
        <a href={href('/owner/listings')}>← {t('back')}</a>
      </p>
      <PageTitle>{t('title')}</PageTitle>
      <p>{t('intro')}</p>
      <div className="row owner-toolbar">
        <button type="button" className="secondary" onClick={template}>
          {t('template')}
        </button>
        <button type="button" className="secondary" onClick={example}>
          {t('example')}
        </button>
      </div>

      <details className="owner-columns">
        <summary>{t('columnsHeading')}</summary>
        <p className="hint">{t('columnsIntro')}</p>
        <table className="owner-table">
          <thead>
            <tr>
              <th scope="col">{t('column')}</th>
              <th scope="col">{t('meaning')}</th>
              <th scope="col">{t('exampleValue')}</th>
            </tr>
          </thead>
          <tbody>
            {COLUMN_HELP.map(([col, meaning, ex]) => (
              <tr key={col}>
                <th scope="row">
                  <code>{col}</code>
                </th>
                <td data-label={t('meaning')}>{t(meaning)}</td>
                <td data-label={t('exampleValue')}>
                  <code>{ex}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{t('yourSites')}</h3>
        {sites.loading && !sites.data && <Loading />}
        {sites.data && sites.data.length === 0 && <p className="muted">{t('noSites')}</p>}
        {sites.data && sites.data.length > 0 && (
          <ul>
            {sites.data.map((s) => (
              <li key={s.id}>
                {s.name}: <code>{s.id}</code>
              </li>
            ))}
          </ul>
        )}
      </details>

      <form onSubmit={submit} noValidate className="owner-form">
        <fieldset disabled={action.busy} className="plain">
          <h2>{t('fileHeading')}</h2>
          <Field label={t('file')} hint={t('fileHint')} errors={file ? errors('csv') : []}>
            {(f) => (
              <input
                id={f.id}
                ref={fileInput}
                aria-describedby={f.describedBy}
                aria-invalid={f.invalid}
                type="file"
                accept=".csv,text/csv,text/plain"
                onChange={(e) => void chooseFile(e.target.files?.[0])}
              />
            )}
          </Field>
          {file && (
            <p className="muted">
              {t('chosen', { name: file.name, size: Math.max(1, Math.round(file.size / 1024)) })}{' '}
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  setFile(null);
                  setResult(null);
                  if (fileInput.current) fileInput.current.value = '';
                }}
              >
                {t('clearFile')}
              </button>
            </p>
          )}
          {!file && (
            <Field label={t('orPaste')} hint={t('pasteHint')} errors={errors('csv')}>
              {(f) => (
                <textarea
                  id={f.id}
                  aria-describedby={f.describedBy}
                  aria-invalid={f.invalid}
                  rows={6}
                  className="owner-csv"
                  wrap="off"
                  spellCheck={false}
                  value={pasted}
                  placeholder={IMPORT_COLUMNS.slice(0, 5).join(',') + ',…'}
                  onChange={(e) => setPasted(e.target.value)}
                />
              )}
            </Field>
          )}

          <h2>{t('options')}</h2>
          <label className="owner-check">
            <input type="checkbox" checked={partial} onChange={(e) => setPartial(e.target.checked)} aria-describedby="import-partial-hint" /> {t('partial')}
          </label>
          <p className="hint" id="import-partial-hint">
            {t('partialHint')}
          </p>
          <label className="owner-check">
            <input type="checkbox" checked={withTerms || publish} disabled={publish} onChange={(e) => setWithTerms(e.target.checked)} /> {t('withTerms')}
          </label>
          <label className="owner-check">
            <input type="checkbox" checked={publish} onChange={(e) => setPublish(e.target.checked)} aria-describedby="import-publish-hint" /> {t('publish')}
          </label>
          <p className="hint" id="import-publish-hint">
            {t('publishHint')}
          </p>
          <ErrorNote errors={action.forField('default_terms')} />
          {termsOn && (
            <section className="card owner-section" aria-labelledby="import-terms">
              <h3 id="import-terms">{t('termsHeading')}</h3>
              <TermsFields draft={terms} onChange={setTerms} errors={termsErrors} mobile />
            </section>
          )}
        </fieldset>

        <ErrorNote errors={action.unclaimed(['csv', 'default_terms', ...TERMS_FIELDS])} />
        <div className="row owner-actions">
          <button type="submit" className={canImport ? 'secondary' : undefined} disabled={action.busy}>
            {action.busy ? t('checking') : t('check')}
          </button>
          {canImport && (
            <button type="button" disabled={action.busy} onClick={() => void send('import')}>
              {checked.errorCount ? t('importGood', { n: good }) : t('importNow', { n: checked.rows.length })}
            </button>
          )}
          {action.busy && <Loading label={t('importing')} />}
        </div>
        {result?.kind === 'check' && !checked && <p className="hint">{t('mustCheck')}</p>}
      </form>

      <div aria-live="polite">
        {report && (
          <section aria-labelledby="import-report" className="owner-report">
            <h2 id="import-report">{result.kind === 'check' ? t('checkReport') : t('importReport')}</h2>
            {report.rows.length === 0 && <p className="notice owner-warn">{t('noRows')}</p>}
            {result.kind === 'check' && report.rows.length > 0 && (
              <p className={report.errorCount ? 'notice owner-warn' : 'notice'}>
                {report.errorCount === 0
                  ? t('checkedOk', { n: report.rows.length })
                  : partial
                    ? t('checkedErrors', { bad: report.errorCount, n: report.rows.length })
                    : t('checkedErrorsStrict', { bad: report.errorCount, n: report.rows.length })}
              </p>
            )}
            {result.kind === 'import' && (
              <p className={report.importedCount ? 'notice' : 'notice owner-warn'}>
                {report.importedCount
                  ? publish
                    ? t('importedPublished', { n: report.importedCount })
                    : t('importedDrafts', { n: report.importedCount })
                  : t('nothingImported', { n: report.errorCount })}{' '}
                {report.importedCount > 0 && report.errorCount > 0 && t('skipped', { n: report.errorCount })}
              </p>
            )}
          </section>
        )}
      </div>
      {report && report.rows.length > 0 && (
        <>
          {report.errorCount > 0 && (
            <label className="owner-check">
              <input type="checkbox" checked={onlyErrors} onChange={(e) => setOnlyErrors(e.target.checked)} /> {t('onlyErrors')}
            </label>
          )}
          <table className="owner-table owner-report-table">
            <caption className="visually-hidden">{t('report')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('row')}</th>
                <th scope="col">{t('outcome')}</th>
                <th scope="col">{t('details')}</th>
              </tr>
            </thead>
            <tbody>
              {shownRows.map((r) => (
                <tr key={r.row}>
                  <th scope="row">{r.row}</th>
                  <td data-label={t('outcome')}>
                    {r.errors?.length ? (
                      <span className="badge error">{t('error')}</span>
                    ) : r.listingId ? (
                      <span className="badge ok">{t('created')}</span>
                    ) : result?.kind === 'check' ? (
                      <span className="badge ok">{t('ok')}</span>
                    ) : (
                      <span className="badge warn">{t('notImported')}</span>
                    )}
                  </td>
                  <td data-label={t('details')}>
                    {r.errors?.length ? (
                      <ul className="field-errors">
                        {r.errors.map((e) => (
                          <li key={e}>{e}</li>
                        ))}
                      </ul>
                    ) : r.listingId ? (
                      <a href={href(`/owner/listings/${encodeURIComponent(r.listingId)}`)} aria-label={t('open', { id: r.listingId })}>
                        {r.listingId}
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {sites.error !== undefined && <ErrorNote errors={[errorText(sites.error)]} onRetry={sites.reload} />}
    </section>
  );
}

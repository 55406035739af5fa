// A grouped bar chart in plain SVG. Accessible: the SVG is an image named by its title and
// described by its <desc>; the same numbers are in a table the user can open (and that screen
// readers reach through the "show the numbers" toggle).
import { useId, useState } from 'react';
import { defineMessages, useT } from '../../i18n';

const messages = defineMessages({
  en: {
    showTable: 'Show the numbers as a table',
    hideTable: 'Hide the table',
    period: 'Period',
    download: 'Download CSV',
    downloading: 'Preparing CSV…',
    empty: 'Nothing to show for this period.',
  },
  nl: {
    showTable: 'Toon de cijfers als tabel',
    hideTable: 'Verberg de tabel',
    period: 'Periode',
    download: 'CSV downloaden',
    downloading: 'CSV wordt gemaakt…',
    empty: 'Niets te tonen voor deze periode.',
  },
});

export interface Series {
  name: string;
  values: number[];
}

export interface ExtraColumn {
  name: string;
  cells: string[];
}

export function BarChart(props: {
  title: string;
  // What the chart shows, with period and unit, read by screen readers as the image's description.
  desc: string;
  // One label per bar group (short, under the axis) and its long form for the table.
  labels: string[];
  longLabels?: string[];
  labelHeader?: string;
  series: Series[];
  format: (value: number) => string;
  // Counts: the axis shows whole numbers only.
  integer?: boolean;
  extraColumns?: ExtraColumn[];
  onDownload?: () => Promise<void>;
  note?: string;
}) {
  const t = useT(messages);
  const id = useId();
  const [showTable, setShowTable] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState('');
  const { labels, series, format } = props;

  const width = 480;
  const height = 220;
  const left = 58;
  const right = 8;
  const top = 12;
  const bottom = 36;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const highest = Math.max(0, ...series.flatMap((s) => s.values.filter(Number.isFinite)));
  const max = niceMax(props.integer ? Math.max(highest, 4) : highest);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const groupW = labels.length ? plotW / labels.length : plotW;
  // Bars at most 40 units wide, centred in their group (one bucket would otherwise fill the chart).
  const barW = Math.max(1, Math.min(40, (groupW * 0.8) / Math.max(1, series.length)));
  const inset = (groupW - barW * series.length) / 2;
  const every = Math.max(1, Math.ceil(labels.length / 8));
  const y = (v: number) => top + plotH - (max > 0 ? (v / max) * plotH : 0);

  return (
    <figure className="chart card" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>
        <h3>{props.title}</h3>
        <p className="muted chart-desc">{props.desc}</p>
      </figcaption>
      {labels.length === 0 ? (
        <p className="muted">{t('empty')}</p>
      ) : (
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart-svg">
          <title id={`${id}-t`}>{props.title}</title>
          <desc id={`${id}-d`}>{props.desc}</desc>
          {ticks.map((tick) => (
            <g key={tick} aria-hidden="true">
              <line x1={left} x2={width - right} y1={y(tick)} y2={y(tick)} className="chart-grid" />
              <text x={left - 6} y={y(tick) + 4} textAnchor="end" className="chart-tick">
                {format(tick)}
              </text>
            </g>
          ))}
          {labels.map((label, i) => (
            <g key={`${label}-${i}`}>
              {series.map((s, j) => {
                const v = Number.isFinite(s.values[i]) ? s.values[i] : 0;
                const x = left + i * groupW + inset + j * barW;
                return (
                  <rect key={s.name} x={x} y={y(v)} width={barW} height={Math.max(0, top + plotH - y(v))} className={`chart-bar series-${j}`}>
                    <title>{`${props.longLabels?.[i] ?? label} · ${s.name}: ${format(v)}`}</title>
                  </rect>
                );
              })}
              {i % every === 0 && (
                <text x={left + i * groupW + groupW / 2} y={height - bottom + 16} textAnchor="middle" className="chart-label" aria-hidden="true">
                  {label}
                </text>
              )}
            </g>
          ))}
          <line x1={left} x2={width - right} y1={top + plotH} y2={top + plotH} className="chart-axis" aria-hidden="true" />
        </svg>
      )}
      {series.length > 1 && labels.length > 0 && (
        <ul className="chart-legend" aria-hidden="true">
          {series.map((s, j) => (
            <li key={s.name}>
              <span className={`swatch series-${j}`} /> {s.name}
            </li>
          ))}
        </ul>
      )}
      {props.note && <p className="muted chart-note">{props.note}</p>}
      <div className="row chart-tools">
        {labels.length > 0 && (
          <button type="button" className="secondary" aria-expanded={showTable} aria-controls={`${id}-table`} onClick={() => setShowTable(!showTable)}>
            {showTable ? t('hideTable') : t('showTable')}
          </button>
        )}
        {props.onDownload && (
          <button
            type="button"
            className="secondary"
            disabled={downloading}
            onClick={async () => {
              setDownloading(true);
              setDownloadError('');
              try {
                await props.onDownload!();
              } catch (e) {
                setDownloadError(e instanceof Error ? e.message : String(e));
              } finally {
                setDownloading(false);
              }
            }}
          >
            {downloading ? t('downloading') : t('download')}
            <span className="visually-hidden">: {props.title}</span>
          </button>
        )}
      </div>
      {downloadError && (
        <p className="field-errors" role="alert">
          {downloadError}
        </p>
      )}
      <div id={`${id}-table`} className="table-scroll" hidden={!showTable}>
        <table>
          <caption className="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{props.labelHeader ?? t('period')}</th>
              {series.map((s) => (
                <th scope="col" key={s.name} className="num">
                  {s.name}
                </th>
              ))}
              {props.extraColumns?.map((c) => (
                <th scope="col" key={c.name} className="num">
                  {c.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, i) => (
              <tr key={`${label}-${i}`}>
                <th scope="row">{props.longLabels?.[i] ?? label}</th>
                {series.map((s) => (
                  <td key={s.name} className="num">
                    {format(s.values[i] ?? 0)}
                  </td>
                ))}
                {props.extraColumns?.map((c) => (
                  <td key={c.name} className="num">
                    {c.cells[i]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

// A round upper bound for the axis whose quarters are round too: 1, 2, 4, 8 or 10 times a power
// of ten.
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 4, 8, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

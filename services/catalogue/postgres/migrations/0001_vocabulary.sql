-- The controlled vocabulary listings are tagged with, seeded from the domain: the seed
-- report's table of technologies and competences, and the other sectors it names.
-- (PostgreSQL: codes compare byte-wise, COLLATE "C", so they sort as on SQLite whatever the
-- database's locale.)
CREATE TABLE vocabulary_terms (
  code      TEXT COLLATE "C" PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 64),
  kind      INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 3),
  label_nl  TEXT NOT NULL,
  label_en  TEXT NOT NULL
);
CREATE INDEX vocabulary_terms_by_kind ON vocabulary_terms (kind, code);

INSERT INTO vocabulary_terms (code, kind, label_nl, label_en) VALUES
  ('solar-pv',            1, 'Zonnepanelen',                     'Solar panels'),
  ('heat-pump',           1, 'Warmtepompen',                     'Heat pumps'),
  ('home-battery',        1, 'Thuisbatterijen',                  'Home batteries'),
  ('charging-point',      1, 'Laadpalen',                        'Charging points'),
  ('electric-car',        1, 'Elektrische personenwagens',       'Electric passenger cars'),
  ('electric-truck',      1, 'Elektrische vrachtwagens',         'Electric trucks'),
  ('cooling-technology',  1, 'Koeltechniek',                     'Cooling technology'),
  ('vr-ar',               1, 'VR/AR',                            'VR/AR'),
  ('forklift',            1, 'Heftruck en reachtruck',           'Forklift and reach truck'),
  ('logistics-simulator', 1, 'Logistieke simulator',             'Logistics simulator'),
  ('care-simulation',     1, 'Zorgsimulatie',                    'Care simulation'),
  ('energy-technology',   2, 'Energietechniek en -producten',    'Energy technology and products'),
  ('installation',        2, 'Installatietechniek',              'Installation techniques'),
  ('vehicle-technology',  2, 'Voertuigtechniek',                 'Vehicle techniques'),
  ('logistics',           2, 'Logistiek',                        'Logistics'),
  ('care',                2, 'Zorg',                             'Care'),
  ('construction',        2, 'Bouw',                             'Construction'),
  ('precise-assembly',    3, 'Nauwkeurig assembleren',           'Precise assembly'),
  ('installing',          3, 'Installeren',                      'Installation'),
  ('commissioning',       3, 'In bedrijf stellen',               'Commissioning'),
  ('maintenance',         3, 'Onderhoud op maat',                'Tailored maintenance'),
  ('safety-regulations',  3, 'Kennis en toepassing van veiligheidsvoorschriften',
                             'Knowledge and application of safety regulations'),
  ('digital-skills',      3, 'Digitale vaardigheden',            'Digital skills'),
  ('customer-communication', 3, 'Klantgericht communiceren',     'Customer-oriented communication'),
  ('collaboration',       3, '(Interdisciplinair) samenwerken',  '(Interdisciplinary) collaboration'),
  ('problem-solving',     3, 'Probleemoplossend en systeemdenken', 'Problem-solving and systems thinking'),
  ('motivation-to-learn', 3, 'Leergierigheid',                   'Motivation to learn');

-- Records which service the database belongs to: OpenBookingPostgres refuses a registry or
-- catalogue database passed to --db by mistake instead of serving from a foreign schema.
CREATE TABLE database_owner (
  service TEXT PRIMARY KEY CHECK (service = 'booking')
);
INSERT INTO database_owner (service) VALUES ('booking');

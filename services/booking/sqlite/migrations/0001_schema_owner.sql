-- Records which service the file belongs to: OpenBookingDatabase refuses a registry or
-- catalogue file passed to --db by mistake instead of serving from a foreign schema.
CREATE TABLE database_owner (
  service TEXT PRIMARY KEY CHECK (service = 'booking')
);
INSERT INTO database_owner (service) VALUES ('booking');

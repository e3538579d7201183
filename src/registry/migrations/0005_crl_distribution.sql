-- catool registry, schema version 5: CRL distribution (D11, D15).
-- Validators fetch a CA's CRL from the URL in each certificate's CRL distribution point.
-- The URL is per CA and goes into the certificates issued from then on; one a CA had before
-- stays listed, since the certificates issued under it keep pointing there and their CRL is
-- published under its file name too. The last CRL each CA issued is kept as signed, so it
-- can be shown or published again without using up a CRL number.
-- New tables only: the schema check on open compares every object's SQL text with a fresh
-- run of all migrations.

-- Every CRL URL a CA has written into certificates; the newest is the current one. A CA
-- without a row uses the placeholder http://crl.catool.invalid/ca-<id>.crl.
CREATE TABLE ca_crl_urls (
    id       INTEGER PRIMARY KEY,
    ca_id    INTEGER NOT NULL REFERENCES cas(id),
    url      TEXT NOT NULL CHECK (length(url) BETWEEN 8 AND 512),
    since    TEXT NOT NULL
) STRICT;

CREATE INDEX ca_crl_urls_by_ca ON ca_crl_urls (ca_id, id);

-- Where `catool crl` publishes each CA's CRL (NULL or no row: it is not published), and the
-- last CRL the CA issued (NULL: none yet, or issued before schema v5).
CREATE TABLE ca_crl (
    ca_id            INTEGER PRIMARY KEY REFERENCES cas(id),
    publish_dir      TEXT CHECK (publish_dir IS NULL OR length(publish_dir) BETWEEN 1 AND 4096),
    last_number      INTEGER,
    last_this_update TEXT,
    last_next_update TEXT,
    last_der         BLOB,
    CHECK ((last_number IS NULL) = (last_der IS NULL))
) STRICT;

-- D21: what a validator was once told stays on record.
CREATE TRIGGER ca_crl_urls_never_deleted BEFORE DELETE ON ca_crl_urls
BEGIN
    SELECT RAISE(ABORT, 'D21: a CRL URL certificates carry is never deleted');
END;

CREATE TRIGGER ca_crl_urls_never_changed BEFORE UPDATE ON ca_crl_urls
BEGIN
    SELECT RAISE(ABORT, 'D21: a CRL URL certificates carry is never changed; set a new one');
END;

-- V2: free-text search over results (the web page's search box, GET /api/results?q=). One lower-case text per
-- result of its id, kind, summary, dataset, user, models and estimators, which the result store writes with the
-- row (and fills for rows of V1 on first use); a search is one LIKE '%word%' per word on this column, a scan of
-- the newest rows until a page is full (bench/server measures it with 10,000+ results). Portable: H2 and PostgreSQL.
ALTER TABLE results ADD COLUMN search_text VARCHAR(8000);

-- V2 too: a password a user may set beside its token (user passwd, the web page), as a salted slow hash like tokens.
CREATE TABLE user_passwords (
    user_name  VARCHAR(32) NOT NULL PRIMARY KEY REFERENCES users (name) ON DELETE CASCADE,
    algorithm  VARCHAR(64) NOT NULL,
    iterations INTEGER NOT NULL,
    salt       VARCHAR(64) NOT NULL,
    hash       VARCHAR(128) NOT NULL,
    created    TIMESTAMP WITH TIME ZONE NOT NULL
);

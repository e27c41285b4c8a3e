-- A host application's own first migration, in Flyway's default history table: GRID migrates beside it.
CREATE TABLE acme_customer (
    id               BIGINT       NOT NULL PRIMARY KEY,
    name             VARCHAR(100) NOT NULL
);

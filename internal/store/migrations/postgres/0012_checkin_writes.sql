-- SQLite's 0012 makes checkins a WITHOUT ROWID table (its primary key is
-- the table: one B-tree less per check-in). A PostgreSQL table is a heap
-- beside its primary key index either way: nothing to change.
SELECT 1;

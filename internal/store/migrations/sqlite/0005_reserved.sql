-- Placeholder for migration 0005 (another branch's auth tables). Drop this
-- file when that branch is merged.
SELECT 1;

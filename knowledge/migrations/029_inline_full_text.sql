-- Keeps each chunk's full-text vector (tsv) in the chunk's row. Keyword search scores every candidate against every
-- term of the question (knowledge/retrieval/lexical-search.ts), and each `tsv @@ term` fetched an out-of-line tsv
-- again from the TOAST table. A row too large once its embedding had gone out of line (about 10 % of the chunks, and
-- more of the long ones keyword search finds) had tsv moved out next, as its largest column left. With STORAGE MAIN
-- Postgres moves the content out instead, which is read only for the few final hits. The rows stored before are
-- brought back in by migration 030, in its own transaction: this statement locks the table until its transaction
-- ends, and other instances keep searching while that rewrite runs.
ALTER TABLE chunks ALTER COLUMN tsv SET STORAGE MAIN;

-- people.search_name was the lower-cased names person search matched with
-- LIKE. Search now reads person_name_words (0033), and nothing has read
-- this column since; its index went in 0033. Kept, it would be written on
-- every change to a person and go stale for anyone reading it.
ALTER TABLE people DROP COLUMN search_name;

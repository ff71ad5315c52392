-- Person search finds a name from the start of any of its words
-- (care.NameWords: folded to lower case without accents, and the parts of
-- a hyphenated or apostrophised name). Each word is a row here, so a
-- search word is a range of this table's key: a surname typed at scale 75
-- reads the few thousand people who have it, where a LIKE '%word%' over
-- people.search_name read all 150,000 twice (to count, then to sort).
-- Each row carries the person's family and given names, so the matches
-- are counted and put in the list's order (family name, given name, id)
-- from this table alone; only the page's people are read. The store
-- keeps the rows with the person (people.go); the rows of people
-- already here are written by the store's step for this migration
-- (migrationSteps in migrate.go). No query reads people.search_name by index now.
CREATE TABLE person_name_words (
	word TEXT NOT NULL,
	person_id INTEGER NOT NULL REFERENCES people(id),
	family_name TEXT NOT NULL,
	given_name TEXT NOT NULL,
	PRIMARY KEY (word, person_id)
) WITHOUT ROWID;
CREATE INDEX person_name_words_person ON person_name_words (person_id);
DROP INDEX IF EXISTS people_search_name;

-- Person search finds a name from the start of any of its words: see
-- 0033-person-name-words-sqlite.sql. COLLATE "C" orders the words byte by
-- byte, as SQLite does, so that a word's range (word >= w AND word < w
-- followed by the last code point) is exactly the words that begin with w.
CREATE TABLE person_name_words (
	word TEXT COLLATE "C" NOT NULL,
	person_id BIGINT NOT NULL REFERENCES people(id),
	family_name TEXT NOT NULL,
	given_name TEXT NOT NULL,
	PRIMARY KEY (word, person_id) INCLUDE (family_name, given_name)
);
CREATE INDEX person_name_words_person ON person_name_words (person_id);
DROP INDEX IF EXISTS people_search_name;

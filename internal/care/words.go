package care

// NotRecorded is the one wording, on every page and report, for an answer
// nobody has recorded.
const NotRecorded = "Not recorded"

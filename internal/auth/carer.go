package auth

// RelCarer is the relationship under which a signed-in carer reads what
// the person consented to share; the person's access log names it.
const RelCarer Relationship = "carer"

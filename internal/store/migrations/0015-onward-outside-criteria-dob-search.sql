-- Why a declined referral was sent on to a service whose published
-- criteria do not take the person (empty when they do): reports count
-- these apart, since a decline into another decline is a bounce.
ALTER TABLE referrals ADD COLUMN onward_outside_reason TEXT NOT NULL DEFAULT '';

-- People search matches a date of birth exactly.
CREATE INDEX people_date_of_birth ON people (date_of_birth);

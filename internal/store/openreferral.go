package store

import (
	"context"
	"time"

	"throughline/internal/directory"
)

// DatedService is a directory service with when it last changed.
type DatedService struct {
	directory.Service
	UpdatedAt time.Time
}

// PublishedFilter narrows the services the open directory API lists.
type PublishedFilter struct {
	Text          string    // in the name, organisation or offer
	Tier          string    // one tier
	ModifiedAfter time.Time // changed on or after; zero: any time
}

// PublishedServices lists the directory's services f selects with when
// each last changed, in the directory's order. The directory is the
// region's list of services, not of people, and an import is capped at
// directory.MaxFileBytes, so it is read whole; the API pages it.
func (db *DB) PublishedServices(ctx context.Context, f PublishedFilter) ([]DatedService, error) {
	where, args := serviceWhere(ServiceFilter{Tier: f.Tier, Text: f.Text})
	if !f.ModifiedAfter.IsZero() {
		where, args = where+` AND updated_at >= ?`, append(args, f.ModifiedAfter.UTC())
	}
	return queryAll(ctx, db, "list published services", `SELECT `+serviceColumns+`, updated_at`+where+serviceOrder(), args,
		func(rows scanner, d *DatedService) error {
			var err error
			d.Service, err = scanService(withExtra{rows, []any{dbTime{&d.UpdatedAt}}})
			return err
		})
}

package main

import (
	"context"
	"fmt"

	"throughline/internal/directory"
	"throughline/internal/openreferral"
	"throughline/internal/store"
)

// encodeDirectory writes the whole directory in format: "throughline" (the
// directory's own) or "hsds" (HSDS 3.0, each service fully nested).
func encodeDirectory(ctx context.Context, db *store.DB, format string) ([]byte, error) {
	locs, err := db.Localities(ctx)
	if err != nil {
		return nil, err
	}
	switch format {
	case "throughline":
		svcs, err := db.Services(ctx)
		if err != nil {
			return nil, err
		}
		return directory.EncodeFile(directory.File{Localities: locs, Services: svcs})
	case "hsds":
		rows, err := db.PublishedServices(ctx, store.PublishedFilter{})
		if err != nil {
			return nil, err
		}
		recs := make([]openreferral.Record, len(rows))
		for i, r := range rows {
			recs[i] = openreferral.Record{Service: r.Service, Modified: r.UpdatedAt}
		}
		return openreferral.EncodeFile(recs, locs)
	}
	return nil, fmt.Errorf("--format must be throughline or hsds, not %q", format)
}

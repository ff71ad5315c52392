package web

import (
	"net/http"

	"throughline/internal/care"
	"throughline/internal/staff"
	"throughline/internal/store"
)

// confirmedField is what the "Allocate anyway" button sends: the team has
// read the warnings and still decides to allocate.
const confirmedField = "confirmed"

// allocationPreview is allocationWarning before the change: what would be
// wrong if the episode went to the worker, recorded nowhere, so the team
// can read it and decide before anything is saved. The caseload counts
// the episode as the worker's unless it already is.
func (s *Server) allocationPreview(r *http.Request, workerID int64, e store.EpisodeRow) ([]string, error) {
	ctx := r.Context()
	worker, err := s.db.UserByID(ctx, workerID)
	if err != nil {
		return nil, err
	}
	courses, held, err := s.db.TrainingHoldings(ctx, workerID, staff.Today(s.db.Now()))
	if err != nil {
		return nil, err
	}
	var why []string
	if w := staff.ModalityWarning(worker.DisplayName, e.Modality, courses, held); w != "" {
		why = append(why, w)
	}
	load, err := s.db.WorkerLoad(ctx, workerID)
	if err != nil || load.Limit == 0 {
		return why, err
	}
	if workerID != e.NamedWorkerID {
		load = staff.Measure(load.Weighted+care.IntensityWeight(e.Intensity), staff.Capacity{UserID: workerID, FullTime: load.Limit, TimePercent: 100})
	}
	if load.Level != staff.Within {
		why = append(why, worker.DisplayName+"'s caseload would be "+load.Words)
	}
	return why, nil
}

package web

import (
	"net/http"
	"strings"

	"throughline/internal/staff"
	"throughline/internal/store"
)

// allocationDecision is what the team decided when a warning was shown:
// nothing is blocked, so the work was allocated, and the team can move it
// from the episode or group page if, having read the warning, it decides
// otherwise.
const allocationDecision = "allocated after the warning; the team can reassign"

// allocationWarning checks work just allocated to a worker: whether they
// hold current training in its modality and whether their weighted
// caseload is near or over its limit. Each warning is recorded with its
// reason; the returned sentence is for the confirmation the team sees.
func (s *Server) allocationWarning(r *http.Request, workerID int64, modality string, episodeID, groupID, personID int64) (string, error) {
	ctx := r.Context()
	worker, err := s.db.UserByID(ctx, workerID)
	if err != nil {
		return "", err
	}
	courses, held, err := s.db.TrainingHoldings(ctx, workerID, staff.Today(s.db.Now()))
	if err != nil {
		return "", err
	}
	var flags []store.AllocationFlag
	if why := staff.ModalityWarning(worker.DisplayName, modality, courses, held); why != "" {
		flags = append(flags, store.AllocationFlag{EpisodeID: episodeID, GroupID: groupID, WorkerID: workerID, Kind: "training", Reason: why, Decision: allocationDecision})
	}
	load, err := s.db.WorkerLoad(ctx, workerID)
	if err != nil {
		return "", err
	}
	if load.Level != staff.Within {
		flags = append(flags, store.AllocationFlag{EpisodeID: episodeID, GroupID: groupID, WorkerID: workerID, Kind: "capacity",
			Reason: worker.DisplayName + "'s caseload is now " + load.Words, Decision: allocationDecision})
	}
	if err := s.db.RecordAllocationFlags(ctx, actor(r), personID, flags); err != nil || len(flags) == 0 {
		return "", err
	}
	var why []string
	for _, f := range flags {
		why = append(why, f.Reason)
	}
	return " Please check: " + strings.Join(why, "; ") + ". This has been recorded; the team can still change who holds it.", nil
}

// allocationNote is allocationWarning for a change already saved: if the
// check itself fails, the allocation stands, the failure is logged and
// the team is told to check by hand rather than shown an error page for a
// change that was made.
func (s *Server) allocationNote(r *http.Request, workerID int64, modality string, episodeID, groupID, personID int64) string {
	note, err := s.allocationWarning(r, workerID, modality, episodeID, groupID, personID)
	if err != nil {
		s.log.Error("allocation check", "worker", workerID, "err", err)
		return " The training and caseload check could not be run: please check them by hand."
	}
	return note
}

// groupCourseModality is the therapy a group programme delivers, as the
// training catalogue names it: "DBT skills" is DBT, "MBT group" is MBT.
func groupCourseModality(groupModality string) string {
	if w := strings.Fields(groupModality); len(w) > 0 {
		return w[0]
	}
	return ""
}

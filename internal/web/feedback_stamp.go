package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// The feedback form carries the time it was drawn, signed with a key in the
// database (so any serve process can check it): a post sooner than a person
// could read and answer, or with no genuine stamp, is kept out quietly.

func (s *Server) feedbackStamp(ctx context.Context, at time.Time) (string, error) {
	key, err := s.db.FeedbackKey(ctx)
	if err != nil {
		return "", err
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	return ts + "." + stampMAC(key, ts), nil
}

// feedbackStampTime is when the form was drawn, or zero for a missing,
// malformed or forged stamp.
func (s *Server) feedbackStampTime(ctx context.Context, stamp string) (time.Time, error) {
	ts, mac, ok := strings.Cut(stamp, ".")
	if !ok {
		return time.Time{}, nil
	}
	key, err := s.db.FeedbackKey(ctx)
	if err != nil {
		return time.Time{}, err
	}
	if !hmac.Equal([]byte(mac), []byte(stampMAC(key, ts))) {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, nil
	}
	return time.Unix(n, 0).UTC(), nil
}

func stampMAC(key []byte, ts string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("feedback-form:" + ts))
	return hex.EncodeToString(m.Sum(nil))
}

// addressHash stands for the sender's address in the rate limit without
// keeping the address itself.
func addressHash(key []byte, addr string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("feedback-address:" + addr))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

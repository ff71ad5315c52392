package care

import (
	"time"

	"throughline/internal/uktime"
)

// MessageKind is why a message about an appointment is sent.
type MessageKind string

const (
	MessageReminder2Days  MessageKind = "reminder-2d"
	MessageReminder2Hours MessageKind = "reminder-2h"
	MessageBooked         MessageKind = "booked"
	MessageMoved          MessageKind = "moved"
	MessageCancelled      MessageKind = "cancelled"
)

// MessageKinds lists every kind, reminders first.
var MessageKinds = []MessageKind{MessageReminder2Days, MessageReminder2Hours, MessageBooked, MessageMoved, MessageCancelled}

// Reminders are the reminders sent before each appointment, and how long
// before it each is due.
var Reminders = []struct {
	Kind   MessageKind
	Before time.Duration
}{{MessageReminder2Days, 48 * time.Hour}, {MessageReminder2Hours, 2 * time.Hour}}

// Label says the kind in words.
func (k MessageKind) Label() string {
	switch k {
	case MessageReminder2Days:
		return "Reminder, 2 days before"
	case MessageReminder2Hours:
		return "Reminder, 2 hours before"
	case MessageBooked:
		return "Appointment booked"
	case MessageMoved:
		return "Appointment moved"
	case MessageCancelled:
		return "Appointment cancelled"
	}
	return string(k)
}

// AppointmentMessage is everything a reminder or notice may say. It holds
// no clinical content on purpose: a text can be read by whoever picks up
// the phone, so it says only who, when, where and how to rearrange, never
// what the appointment is for.
type AppointmentMessage struct {
	Team     string // the team's or service's name
	StartsAt time.Time
	Place    string
	Phone    string // the team's number, to rearrange
}

// Headline is the first line of a message of this kind, in plain words.
func (k MessageKind) Headline() string {
	switch k {
	case MessageBooked:
		return "You have a new appointment"
	case MessageMoved:
		return "Your appointment has moved"
	case MessageCancelled:
		return "Your appointment has been cancelled"
	}
	return "A reminder of your appointment"
}

// Personalisation is the fields a Notify template fills in for a message
// of this kind. One template per channel serves every kind: its text is
// ((headline)) with ((team)) on ((date)) at ((time)), ((place)). To
// rearrange, call ((rearrange)).
func (m AppointmentMessage) Personalisation(kind MessageKind) map[string]string {
	place := m.Place
	if place == "" {
		place = "to be confirmed"
	}
	phone := m.Phone
	if phone == "" {
		phone = "the number on your appointment letter"
	}
	l := uktime.In(m.StartsAt)
	return map[string]string{
		"headline":  kind.Headline(),
		"team":      m.Team,
		"date":      l.Format("Monday 2 January 2006"),
		"time":      uktime.Clock(m.StartsAt),
		"place":     place,
		"rearrange": phone,
	}
}

// DueAt is when a message first asked for at want may go to someone with
// these contact times, and whether it may go at all: nothing about an
// appointment goes once it has started.
func DueAt(want, startsAt time.Time, times ContactTimes) (time.Time, bool) {
	at := times.NextAllowed(want)
	return at, at.Before(startsAt)
}

package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"throughline/internal/care"
	"throughline/internal/notify"
	"throughline/internal/reminders"
	"throughline/internal/store"
)

// reminderFlags are serve's settings for texts and emails (issue 13). With
// no Notify key, messages stay in the outbox and are shown at
// /admin/messages as if sent.
type reminderFlags struct {
	key, baseURL, smsTemplate, emailTemplate *string
}

func addReminderFlags(fs *flag.FlagSet) reminderFlags {
	return reminderFlags{
		key:           fs.String("notify-key", "", "GOV.UK Notify API key; empty keeps messages in the outbox (also THROUGHLINE_NOTIFY_KEY)"),
		baseURL:       fs.String("notify-url", notify.DefaultBaseURL, "GOV.UK Notify API base URL"),
		smsTemplate:   fs.String("notify-sms-template", "", "Notify template id for appointment texts"),
		emailTemplate: fs.String("notify-email-template", "", "Notify template id for appointment emails"),
	}
}

// sender builds the transport the flags ask for.
func (f reminderFlags) sender() (notify.Sender, error) {
	if f.key == nil || *f.key == "" {
		return notify.Outbox{}, nil
	}
	if *f.smsTemplate == "" || *f.emailTemplate == "" {
		return nil, fmt.Errorf("--notify-key needs --notify-sms-template and --notify-email-template (the Notify template ids to send with)")
	}
	return notify.NewClient(*f.key, *f.baseURL)
}

// startReminders runs the reminders worker until ctx ends; the returned
// function waits for it to finish its round.
func startReminders(ctx context.Context, db *store.DB, f reminderFlags, s notify.Sender, log *slog.Logger) func() {
	host, err := os.Hostname()
	if err != nil {
		host = "throughline"
	}
	w := &reminders.Worker{DB: db, Sender: s, Log: log, Name: fmt.Sprintf("%s/%d", host, os.Getpid())}
	if f.smsTemplate != nil {
		w.Templates = map[care.Channel]string{care.ChannelText: *f.smsTemplate, care.ChannelEmail: *f.emailTemplate}
	}
	var wg sync.WaitGroup
	wg.Go(func() { w.Run(ctx, time.Minute) })
	return wg.Wait
}

package web

// The language guide's partials (partials_language.html) in Go, for pages
// that draw their rows or fields in Go: the same HTML byte for byte
// (TestLanguagePartialsMatchTheirTemplates).

// languageCheck writes the language-check partial: the flags under a text
// box as staff type.
func (w *htmlWriter) languageCheck(flags []flagView) {
	if len(flags) == 0 {
		return
	}
	w.raw(`<div class="tl-language"><p class="nhsuk-body-s nhsuk-u-margin-bottom-1"><strong>Language guide:</strong> `)
	w.phrases(len(flags))
	w.raw(` you may want to reword. You can still save as it is.</p>`)
	w.flagList(flags)
	w.raw(`</div>`)
}

// languageFlags writes the language-flags partial: the summary above
// saved text.
func (w *htmlWriter) languageFlags(flags []flagView) {
	if len(flags) == 0 {
		return
	}
	w.raw(`<div class="nhsuk-inset-text tl-language tl-no-print nhsuk-u-margin-top-1 nhsuk-u-margin-bottom-2"><span class="nhsuk-u-visually-hidden">Information: </span><p class="nhsuk-body-s nhsuk-u-margin-bottom-1"><strong>Language guide:</strong> the saved text here uses `)
	w.phrases(len(flags))
	w.raw(` that people with lived experience find stigmatising. Consider rewording next time it is edited. <a href="/language">About the language guide</a></p>`)
	w.flagList(flags)
	w.raw(`</div>`)
}

// phrases writes "1 phrase" or "n phrases".
func (w *htmlWriter) phrases(n int) {
	w.int(int64(n))
	if n == 1 {
		w.raw(" phrase")
	} else {
		w.raw(" phrases")
	}
}

// flagList writes the language-flag-list partial.
func (w *htmlWriter) flagList(flags []flagView) {
	w.raw(`<ul class="nhsuk-list nhsuk-body-s nhsuk-u-margin-bottom-0">`)
	for _, f := range flags {
		w.raw(`<li><u>`)
		w.text(f.Phrase)
		w.raw(`</u>: `)
		w.text(f.Why)
		w.raw(` <strong>Try:</strong> `)
		w.text(f.Suggestion)
		w.raw(`</li>`)
	}
	w.raw(`</ul>`)
}
